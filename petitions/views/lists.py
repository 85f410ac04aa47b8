"""Petition lists: the filtered register, the official's own work, saved searches."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import selectors
from petitions.actions import ACTIONS
from petitions.choices import OPEN_STATUSES, DeadlineState
from petitions.filtersets import PetitionFilterSet, ethnicity_described
from petitions.forms import (
    SavedFilterForm,
)
from petitions.metrics import KIND_GROUP_LABELS, METRIC_LABELS
from petitions.models import Proposal, SavedFilter
from portal.access import own_rows, scoped
from portal.filtersets import offer_scope_units
from portal.pagination import BoundedPaginator, querystring_without_page

PAGE_SIZE = 25
COUNT_BOUND = 10_000  # rows the list counts before saying "more than" (a register of millions)


def _period_text(start, end) -> str:
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return _("năm %(year)s") % {"year": start.year}
    return _("từ %(start)s đến %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}


def _drilldown(filterset: PetitionFilterSet) -> dict | None:
    """What a list opened from a dashboard number is ("Vụ việc phải giải quyết · Huyện Ba Bể · năm 2024"),
    and the way back to that dashboard; None for a list the official filtered by hand."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return None
    data = filterset.form.cleaned_data
    unit, agency = data.get("unit"), data.get("handling_agency")
    if data.get("metric") and data.get("metric_from") and data.get("metric_to"):
        what, start, end, unit_of = METRIC_LABELS[data["metric"]], data["metric_from"], data["metric_to"], "case"
    elif data.get("received_from") and data.get("received_to"):
        what, start, end, unit_of = _("Đơn tiếp nhận"), data["received_from"], data["received_to"], "petition"
    else:
        return None
    if agency is None and unit is None:
        return None
    parts = [str(what)]
    if data.get("kind_group"):
        parts.append(str(KIND_GROUP_LABELS[data["kind_group"]]))
    parts += ethnicity_described(filterset)
    where = agency.name if agency is not None else unit.name
    if data.get("own_level") and unit is not None and agency is None:
        where = _("Cơ quan của %(unit)s (không gồm cấp dưới)") % {"unit": unit.name}
    parts += [where, _period_text(start, end)]
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        query = {"year": start.year}
    else:
        query = {"from": start.isoformat(), "to": end.isoformat()}
    if agency is not None:
        back = reverse("reports:agency-dashboard", args=[agency.pk])
    else:
        back = reverse("reports:unit-dashboard", args=[unit.pk])
    return {"title": " · ".join(parts), "back": f"{back}?{urlencode(query)}", "counts_cases": unit_of == "case"}


@scoped
@permission_required("petitions.view_petition", raise_exception=True)
def petition_list(request):
    filterset = PetitionFilterSet(
        request.GET or None, queryset=selectors.petitions_visible(request.user), request=request
    )
    offer_scope_units(filterset)  # the HTML list offers the official's own units; the API takes ids
    drilldown = _drilldown(filterset)
    # A dashboard number's list counts exactly (it is one period's records); others stop counting at the bound.
    paginator = BoundedPaginator(filterset.qs, PAGE_SIZE, bound=None if drilldown else COUNT_BOUND)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "petitions/petition_list.html",
        {
            "filterset": filterset,
            "drilldown": drilldown,
            "page": page,
            "querystring": querystring_without_page(request),
            "saved_filters": SavedFilter.objects.filter(owner=request.user),
            "save_form": SavedFilterForm(initial={"querystring": querystring_without_page(request)}),
        },
    )


@scoped
@permission_required("petitions.view_petition", raise_exception=True)
def my_work(request):
    petitions = selectors.my_work(request.user)
    state = request.GET.get("deadline_state", "")
    if state in DeadlineState.values:  # the home card's numbers open exactly their petitions
        petitions = petitions.filter(deadline_state=state)
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {state: 0 for state in DeadlineState}
    counts.update({row["deadline_state"]: row["n"] for row in selectors.my_work_counts(request.user)})
    returned = Proposal.objects.filter(
        submitted_by=request.user, status__in=["returned", "rejected"], petition__status__in=OPEN_STATUSES
    ).select_related("petition", "decided_by")
    return render(
        request,
        "petitions/my_work.html",
        {
            "page": page,
            "counts": counts,
            "querystring": "",
            "returned": returned[:20],
            "labels": {k: a.label for k, a in ACTIONS.items()},
        },
    )


@own_rows
@require_POST
def saved_filter_create(request):
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        SavedFilter.objects.update_or_create(
            owner=request.user,
            name=form.cleaned_data["name"],
            defaults={"querystring": form.cleaned_data["querystring"]},
        )
        messages.success(request, _("Đã lưu bộ lọc."))
    return redirect(f"{reverse('petitions:list')}?{form.data.get('querystring', '')}")


@own_rows
@require_POST
def saved_filter_delete(request, filter_id: int):
    SavedFilter.objects.filter(owner=request.user, pk=filter_id).delete()
    return redirect("petitions:list")
