"""Dashboards for leaders: province, district, commune; each number drills down to its records."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from portal.models import AdministrativeUnit
from portal.scoping import unit_in_scope
from portal.services import DomainError
from reports.periods import parse_period
from reports.selectors import MIN_CASES_TO_RANK, dashboard

PERIOD_CHOICES = ["", "H1", "H2", "9M", "Q1", "Q2", "Q3", "Q4"]


@login_required
def dashboard_view(request, unit_id: int | None = None):
    user = request.user
    if unit_id is None:
        unit = user.scope_unit or AdministrativeUnit.objects.filter(parent=None).order_by("path").first()
    else:
        unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    if unit is None or not unit_in_scope(user, unit):
        raise Http404
    year = request.GET.get("year", "").strip() or str(timezone.localdate().year - 1)
    part = request.GET.get("part", "").strip()
    try:
        period = parse_period(period=f"{year}-{part}" if part else year)
    except DomainError:
        period = parse_period(period=str(timezone.localdate().year - 1))
    board = dashboard(unit, period)
    peak = max([1, *(m["received"] for m in board.months)])
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "p": board.petitions.data,
            "r": board.reception.data,
            "unit": unit,
            "ancestors": unit.ancestors(),
            "year": period.start.year,
            "part": part,
            "parts": PERIOD_CHOICES,
            "years": range(timezone.localdate().year, 2019, -1),
            "peak": peak,
            "min_cases": MIN_CASES_TO_RANK,
            "bar_width": 36,
        },
    )
