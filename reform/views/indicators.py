"""The indicators page: a unit's PAR Index, PAPI and SIPAS over the years, and its one-stop coverage."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render

from portal.access import scoped
from portal.filtersets import offer_scope_units
from portal.scoping import unit_in_scope
from reform.filtersets import IndicatorFilterSet
from reform.forms import AsOfForm
from reform.models import IndicatorValue
from reform.selectors import indicator_trends, onestop_coverage
from reform.views.common import as_of, reform_required

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


def sparkline(points: list[dict]) -> str:
    """The SVG polyline of a series' scores, oldest on the left (no chart library, nothing from a CDN)."""
    scores = [Decimal(point["score"]) for point in points]
    if len(scores) < 2:
        return ""
    low, high = min(scores), max(scores)  # the series' own range: year-to-year changes stay visible
    span = (high - low) or Decimal(1)
    step = Decimal(SPARK_WIDTH - 2 * SPARK_PAD) / (len(scores) - 1)
    inner = Decimal(SPARK_HEIGHT - 2 * SPARK_PAD)
    coordinates = []
    for index, score in enumerate(scores):
        x = SPARK_PAD + step * index
        y = SPARK_PAD + inner - (score - low) / span * inner
        coordinates.append(f"{x:.1f},{y:.1f}")
    return " ".join(coordinates)


@scoped
@reform_required
def indicators(request):
    user = request.user
    values = IndicatorValue.objects.visible_to(user)
    filterset = IndicatorFilterSet(request.GET or None, queryset=values, request=request)
    offer_scope_units(filterset)
    chosen = filterset.form.cleaned_data.get("unit") if filterset.is_bound and filterset.is_valid() else None
    unit = chosen or user.scope_unit
    if unit is None:  # a superuser with no unit of their own: the first unit holding values
        first = values.select_related("unit").order_by("unit__path").first()
        unit = first.unit if first else None
    if unit is not None and not unit_in_scope(user, unit):
        raise Http404
    on = as_of(request)
    series = indicator_trends(filterset.qs.filter(unit=unit)) if unit is not None else []
    for entry in series:
        entry["spark"] = sparkline(entry["points"])
        for point in entry["points"]:
            point["change_abs"] = abs(point["change"]) if point["change"] is not None else None
    return render(
        request,
        "reform/indicators.html",
        {
            "filterset": filterset,
            "unit": unit,
            "series": series,
            "coverage": onestop_coverage(unit, on) if unit is not None else None,
            "on": on,
            "as_of_form": AsOfForm(initial={"on": on}),
            "spark": {"width": SPARK_WIDTH, "height": SPARK_HEIGHT},
        },
    )
