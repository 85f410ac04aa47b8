"""The tasks: their list and the lead agency's "my tasks", the task page with its steps, its forms and files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.access import own_rows, scoped
from portal.filtersets import offer_scope_units
from portal.pagination import querystring_without_page
from portal.scoping import get_visible_or_404
from reform import services, workflow
from reform.choices import OPEN_STATUSES, ExtensionStatus, TaskState, TaskStatus
from reform.filtersets import TaskFilterSet
from reform.forms import (
    CompleteForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    ReasonForm,
    TaskForm,
)
from reform.models import Task, TaskCompletion, TaskExtension, TaskProgress
from reform.scoping import UPDATE_PERMISSION, manages_plan
from reform.selectors import task_figures, with_state
from reform.views.common import PAGE_SIZE, call_service, decorate, reform_required, safe_next, state_rows
from reform.views.filter_tags import hidden_filter_tags
from reform.views.plans import _plan_or_404

# Each step of the task page: its label, the form it asks for, and its URL slug.
STEPS = {
    "update_progress": (gettext_lazy("Cập nhật tiến độ"), ProgressForm),
    "complete": (gettext_lazy("Báo cáo hoàn thành"), CompleteForm),
    "confirm": (gettext_lazy("Xác nhận hoàn thành"), None),
    "return_completion": (gettext_lazy("Trả lại báo cáo hoàn thành"), ReasonForm),
    "request_extension": (gettext_lazy("Đề nghị gia hạn"), ExtensionRequestForm),
    "decide_extension": (gettext_lazy("Quyết định gia hạn"), ExtensionDecisionForm),
    "cancel": (gettext_lazy("Hủy nhiệm vụ"), ReasonForm),
    "reopen": (gettext_lazy("Mở lại nhiệm vụ"), ReasonForm),
}
DONE = {
    "update_progress": gettext_lazy("Đã cập nhật tiến độ."),
    "complete": gettext_lazy("Đã báo cáo hoàn thành nhiệm vụ."),
    "confirm": gettext_lazy("Đã xác nhận hoàn thành."),
    "return_completion": gettext_lazy("Đã trả lại báo cáo hoàn thành."),
    "request_extension": gettext_lazy("Đã gửi đề nghị gia hạn."),
    "decide_extension": gettext_lazy("Đã quyết định về đề nghị gia hạn."),
    "cancel": gettext_lazy("Đã hủy nhiệm vụ."),
    "reopen": gettext_lazy("Đã mở lại nhiệm vụ."),
}
ADD_TASK = "reform.add_task"


def _task_or_404(request, pk: int, on=None) -> Task:
    tasks = with_state(Task.objects.all(), on).select_related(
        "plan__unit", "plan__owner_agency", "area", "lead_agency", "parent"
    )
    return get_visible_or_404(tasks, request.user, pk=pk)


# --- lists ------------------------------------------------------------------------------------------


def _task_filterset(request) -> TaskFilterSet:
    tasks = Task.objects.visible_to(request.user).select_related("plan", "area", "lead_agency")
    filterset = TaskFilterSet(request.GET or None, queryset=tasks, request=request)
    offer_scope_units(filterset)
    return filterset


@scoped
@reform_required
def task_list(request):
    filterset = _task_filterset(request)
    today = filterset.as_of() if filterset.is_valid() else timezone.localdate()
    queryset = with_state(filterset.qs, today).order_by("plan__year", "plan_id", "order", "id")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for task in page:
        decorate(task)
    figures = task_figures(filterset.qs, today, listed=True)
    return render(
        request,
        "reform/task_list.html",
        {
            "filterset": filterset,
            "page": page,
            "figures": figures,
            "states": state_rows(figures),
            "as_of": today,
            "is_today": today == timezone.localdate(),
            "filter_tags": hidden_filter_tags(filterset, request),
            "querystring": querystring_without_page(request),
        },
    )


@own_rows
@reform_required
def my_tasks(request):
    """The open tasks the official's agency leads, overdue and due soon first, each with its quick reports."""
    user = request.user
    today = timezone.localdate()
    order = Case(
        When(state=TaskState.OVERDUE, then=Value(0)),
        When(state=TaskState.DUE_SOON, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    # What workflow.refusal() asks per task, annotated once for the page (constant queries).
    open_children = Count("children", filter=~Q(children__status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED]))
    pending = TaskExtension.objects.filter(task=OuterRef("pk"), status=ExtensionStatus.PENDING)
    tasks = (
        with_state(
            Task.objects.visible_to(user).filter(lead_agency_id=user.agency_id or 0, status__in=OPEN_STATUSES), today
        )
        .annotate(order_key=order, children_count=Count("children"), open_children=open_children)
        .annotate(extension_pending=Exists(pending))
        .select_related("plan", "area")
        .order_by("order_key", "deadline", "id")
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    reports = user.has_perm(UPDATE_PERMISSION)
    back = request.get_full_path()
    for task in page:
        decorate(task)
        open_ = task.status in workflow.OPEN
        task.may_progress = reports and open_ and not task.children_count
        task.may_complete = reports and open_ and not task.open_children
        if task.may_progress:
            task.progress_form = ProgressForm(
                prefix=f"t{task.pk}", initial={"version": task.version, "progress": task.progress}
            )
        if task.may_complete:
            task.complete_form = CompleteForm(prefix=f"t{task.pk}", initial={"version": task.version})
    return render(
        request,
        "reform/my_tasks.html",
        {"page": page, "agency": user.agency, "back": back, "querystring": querystring_without_page(request)},
    )


# --- the task page and its steps -----------------------------------------------------------------------


def _step_forms(task: Task, user, bound: tuple[str, object] | None = None) -> list[dict]:
    """The offered steps' forms; `bound` (step, form) is a form posted and refused, shown open with what was typed."""
    steps = []
    for name in workflow.offered_steps(task, user):
        label, form_class = STEPS[name]
        form = None
        if bound is not None and bound[0] == name:
            form = bound[1]
        elif form_class is not None:
            initial = {"version": task.version}
            if name == "update_progress":
                initial["progress"] = task.progress
            form = form_class(prefix=name, initial=initial)
        steps.append(
            {
                "name": name,
                "label": label,
                "form": form,
                "version": task.version,
                "open": form is not None and form.is_bound,
            }
        )
    return steps


@scoped
@reform_required
def task_detail(request, pk: int):
    return _task_page(request, pk)


def _task_page(request, pk: int, bound: tuple[str, object] | None = None, back: str = "", status: int = 200):
    task = decorate(_task_or_404(request, pk))
    user = request.user
    manager = manages_plan(user, task.plan)
    context = {
        "task": task,
        "plan": task.plan,
        "coordinating": list(task.coordinating_agencies.order_by("name")),
        "children": [decorate(child) for child in with_state(task.children.select_related("lead_agency"))],
        "updates": list(task.updates.select_related("reported_by")),
        "completions": list(task.completions.select_related("reported_by", "decided_by")),
        "extensions": list(task.extensions.select_related("requested_by", "decided_by")),
        "steps": _step_forms(task, user, bound),
        "editable": manager and workflow.refusal("edit", task) is None,
        "manager": manager,
        "back": back,
    }
    return render(request, "reform/task_detail.html", context, status=status)


def _posted_form(request, name: str):
    """The step's form as posted: from the task page (prefix = step) or from "my tasks" (prefix = t<pk>)."""
    form_class = STEPS[name][1]
    prefix = request.POST.get("prefix") or name
    return form_class(request.POST, request.FILES, prefix=prefix)


def _run_step(request, task: Task, name: str):
    if name == "confirm":
        version = request.POST.get("version", "")
        return call_service(
            request, services.task_confirm_completion, task=task, version=int(version) if version.isdigit() else None
        )
    form = _posted_form(request, name)
    request.step_form = form  # shown again, as typed, if the step is refused
    if not form.is_valid():
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("Thông tin chưa hợp lệ: %(errors)s") % {"errors": errors})
        return None
    data = dict(form.cleaned_data)
    version = data.pop("version", None)
    common = {"task": task, "version": version}
    if name == "update_progress":
        return call_service(request, services.task_progress_record, **common, **data)
    if name == "complete":
        return call_service(request, services.task_complete, **common, **data)
    if name == "return_completion":
        return call_service(request, services.task_return_completion, **common, reason=data["reason"])
    if name == "cancel":
        return call_service(request, services.task_cancel, **common, reason=data["reason"])
    if name == "reopen":
        return call_service(request, services.task_reopen, **common, reason=data["reason"])
    if name == "request_extension":
        return call_service(request, services.extension_request, **common, **data)
    approve = data["decision"] == ExtensionDecisionForm.APPROVE
    return call_service(
        request, services.extension_decide, **common, approve=approve, note=data["note"], deadline=data["deadline"]
    )


@scoped
@reform_required
@require_POST
def task_action(request, pk: int, step: str):
    """One step on the task; the service decides whether it may be taken now and by this official."""
    name = step.replace("-", "_")
    if name not in STEPS:
        raise Http404
    task = get_visible_or_404(Task.objects.all(), request.user, pk=pk)
    done = _run_step(request, task, name)
    if done is not None:
        messages.success(request, DONE[name])
        return redirect(safe_next(request, reverse("reform:task", args=[pk])))
    form = getattr(request, "step_form", None)
    if form is None or name not in workflow.offered_steps(task, request.user):
        return redirect(safe_next(request, reverse("reform:task", args=[pk])))
    # Refused: the task's page with the form as it was filled in (an attached file must be chosen again).
    back = request.POST.get("next", "")
    return _task_page(request, pk, bound=(name, form), back=safe_next(request, "") if back else "")


@scoped
@reform_required
def task_file(request, pk: int, kind: str, file_id: int):
    """An evidence or progress file, for officials who see the task, as an attachment (never shown inline)."""
    task = get_visible_or_404(Task.objects.all(), request.user, pk=pk)
    model = {"progress": TaskProgress, "completion": TaskCompletion}.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=file_id, task=task)
    if not record.file:
        raise Http404
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.filename or record.file.name.rsplit("/", 1)[-1],
        content_type=record.content_type or "application/octet-stream",
    )


# --- forms ----------------------------------------------------------------------------------------------


@scoped
@reform_required
def task_create(request, pk: int):
    plan = _plan_or_404(request, pk)
    if not (request.user.has_perm(ADD_TASK) and manages_plan(request.user, plan)):
        raise PermissionDenied
    form = TaskForm(request.POST or None, plan=plan, initial={"weight": 1})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        task = call_service(request, services.task_create, plan=plan, **data)
        if task is not None:
            messages.success(request, _("Đã thêm nhiệm vụ."))
            if "add_another" in request.POST:
                return redirect("reform:task_create", pk=plan.pk)
            return redirect("reform:plan", pk=plan.pk)
    return render(request, "reform/task_form.html", {"form": form, "plan": plan, "task": None})


@scoped
@reform_required
def task_update(request, pk: int):
    task = _task_or_404(request, pk)
    plan = task.plan
    if not manages_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "number": task.number,
        "title": task.title,
        "area": task.area_id,
        "lead_agency": task.lead_agency_id,
        "coordinating_agencies": list(task.coordinating_agencies.all()),
        "deadline": task.original_deadline,
        "expected_output": task.expected_output,
        "weight": task.weight,
        "notes": task.notes,
        "version": task.version,
    }
    form = TaskForm(request.POST or None, plan=plan, task=task, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        coordinating = list(data.pop("coordinating_agencies"))
        data["original_deadline"] = data.pop("deadline")
        updated = call_service(
            request,
            services.task_update,
            task=task,
            version=version,
            coordinating_agencies=coordinating,
            **data,
        )
        if updated is not None:
            messages.success(request, _("Đã cập nhật nhiệm vụ."))
            return redirect("reform:task", pk=task.pk)
    return render(request, "reform/task_form.html", {"form": form, "plan": plan, "task": task})
