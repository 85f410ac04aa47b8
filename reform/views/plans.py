"""The plans: their list with figures, the plan page (tasks grouped by area, as of a date), and their forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import scoped
from portal.filtersets import offer_scope_units
from portal.pagination import querystring_without_page
from reform.filtersets import PlanFilterSet
from reform.forms import AsOfForm, PlanForm
from reform.models import Plan, Task
from reform.scoping import manages_plan
from reform.selectors import task_figures, task_figures_by, weighted_progress, with_state
from reform.services import plan_create as plan_create_service
from reform.services import plan_for
from reform.services import plan_update as plan_update_service
from reform.views.common import PAGE_SIZE, as_of, call_service, decorate, reform_required, state_rows

ADD_PLAN = "reform.add_plan"


def _plan_or_404(request, pk: int) -> Plan:
    from portal.services import NotFound

    try:
        return plan_for(request.user, pk)
    except NotFound as error:
        raise Http404 from error


@scoped
@reform_required
def plan_list(request):
    plans = Plan.objects.visible_to(request.user).select_related("unit", "owner_agency")
    filterset = PlanFilterSet(request.GET or None, queryset=plans, request=request)
    offer_scope_units(filterset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # One grouped query for the page's plans, never one per plan.
    figures = {row["key"]: row for row in task_figures_by(Task.objects.filter(plan__in=list(page)), "plan")}
    for plan in page:
        plan.figures = figures.get(plan.pk)
    return render(
        request,
        "reform/plan_list.html",
        {
            "filterset": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "may_add": request.user.has_perm(ADD_PLAN),
        },
    )


def _grouped(tasks: list[Task], areas) -> list[dict]:
    """The plan's tasks under their areas, in the plan's order; each sub-task right under its parent."""
    children: dict[int, list[Task]] = {}
    for task in tasks:
        decorate(task)
        if task.parent_id:
            children.setdefault(task.parent_id, []).append(task)
    groups = {area.pk: {"area": area, "rows": []} for area in areas}
    for task in tasks:
        if task.parent_id:
            continue
        group = groups.setdefault(task.area_id, {"area": task.area, "rows": []})
        group["rows"].append(task)
        group["rows"].extend(children.pop(task.pk, []))
    for orphans in children.values():  # a sub-task whose parent the official does not see
        for task in orphans:
            groups.setdefault(task.area_id, {"area": task.area, "rows": []})["rows"].append(task)
    return [group for group in groups.values() if group["rows"]]


@scoped
@reform_required
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    on = as_of(request)
    areas = list(plan.areas.order_by("order", "id"))
    # Listed: the tasks the official sees; counted: the whole plan (its figures are the plan's).
    tasks = list(
        with_state(Task.objects.visible_to(request.user).filter(plan=plan), on)
        .select_related("area", "lead_agency")
        .order_by("area__order", "area_id", "order", "id")
    )
    figures = task_figures(plan.tasks.all(), on)
    by_area = {row["key"]: row for row in task_figures_by(plan.tasks.all(), "area", on)}
    groups = _grouped(tasks, areas)
    for group in groups:
        group["figures"] = by_area.get(group["area"].pk)
    manager = manages_plan(request.user, plan)
    return render(
        request,
        "reform/plan_detail.html",
        {
            "plan": plan,
            "on": on,
            "is_today": on == timezone.localdate(),
            "as_of_form": AsOfForm(initial={"on": on}),
            "figures": figures,
            "states": state_rows(figures),
            "states_link": f"{reverse('reform:tasks')}?plan={plan.pk}&top=true&on={on.isoformat()}",
            "progress": weighted_progress(plan.tasks.all()),
            "groups": groups,
            "manager": manager,
            "sources": [line for line in plan.source_documents.splitlines() if line.strip()],
        },
    )


@scoped
@reform_required
def plan_create(request):
    if not request.user.has_perm(ADD_PLAN):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("version", None)
        owner = data.pop("owner_agency")
        plan = call_service(request, plan_create_service, unit=owner.unit, owner_agency=owner, **data)
        if plan is not None:
            messages.success(request, _("Đã lập kế hoạch."))
            return redirect("reform:plan", pk=plan.pk)
    return render(request, "reform/plan_form.html", {"form": form, "plan": None})


@scoped
@reform_required
def plan_update(request, pk: int):
    plan = _plan_or_404(request, pk)
    if not manages_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "owner_agency": plan.owner_agency_id,
        "year": plan.year,
        "title": plan.title,
        "decision_number": plan.decision_number,
        "decision_date": plan.decision_date,
        "decision_signer": plan.decision_signer,
        "source_documents": plan.source_documents,
        "areas": list(plan.areas.all()),
        "requires_confirmation": plan.requires_confirmation,
        "version": plan.version,
    }
    form = PlanForm(request.POST or None, user=request.user, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("owner_agency", None)
        data.pop("year", None)
        areas = list(data.pop("areas")) or None
        if call_service(request, plan_update_service, plan=plan, areas=areas, **data) is not None:
            messages.success(request, _("Đã cập nhật kế hoạch."))
            return redirect("reform:plan", pk=plan.pk)
    return render(request, "reform/plan_form.html", {"form": form, "plan": plan})
