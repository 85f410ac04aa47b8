"""The list of models, with its funnel, and its Excel export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from models_registry import selectors
from models_registry.filtersets import ModelFilterSet
from models_registry.scoping import runs_movement
from models_registry.services.common import is_movement_office_of
from models_registry.views.common import PAGE_SIZE, registry_required
from models_registry.views.registration import ADD_MODELS
from portal.access import scoped
from portal.filtersets import offer_scope_units
from portal.pagination import querystring_without_page


def _filterset(request, data: QueryDict | None) -> ModelFilterSet:
    filterset = ModelFilterSet(data or None, queryset=selectors.model_list(request.user), request=request)
    offer_scope_units(filterset)
    return filterset


@scoped
@registry_required
def model_list(request):
    filterset = _filterset(request, request.GET)
    queryset = filterset.qs.select_related("round__unit")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for model in page:
        # The council's score is for the round's movement office only.
        model.result_shown = is_movement_office_of(request.user, model.round)
    return render(
        request,
        "models_registry/model_list.html",
        {
            "filterset": filterset,
            "page": page,
            "funnel": selectors.funnel_counts(queryset),
            "querystring": querystring_without_page(request),
            "may_register": request.user.has_perm(ADD_MODELS),
            "runs_movement": runs_movement(request.user),
        },
    )


@scoped
@registry_required
@require_POST
def model_export(request):
    """The list on screen as an Excel workbook: the same FilterSet over the same query string."""
    from models_registry.exports import models_export

    querystring = request.POST.get("querystring", "")
    filterset = _filterset(request, QueryDict(querystring))
    content = models_export(actor=request.user, queryset=filterset.qs, querystring=querystring)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="mo-hinh-dan-van-{stamp}.xlsx"'
    return response
