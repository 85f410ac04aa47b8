"""Petition lists: the filtered register, the official's own work, saved searches."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import selectors
from petitions.actions import ACTIONS
from petitions.choices import OPEN_STATUSES, DeadlineState
from petitions.filtersets import PetitionFilterSet
from petitions.forms import (
    SavedFilterForm,
)
from petitions.models import Proposal, SavedFilter
from portal.access import own_rows, scoped
from portal.filtersets import offer_scope_units
from portal.pagination import querystring_without_page

PAGE_SIZE = 25


@scoped
@permission_required("petitions.view_petition", raise_exception=True)
def petition_list(request):
    filterset = PetitionFilterSet(
        request.GET or None, queryset=selectors.petitions_visible(request.user), request=request
    )
    offer_scope_units(filterset)  # the HTML list offers the official's own units; the API takes ids
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "petitions/petition_list.html",
        {
            "filterset": filterset,
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
