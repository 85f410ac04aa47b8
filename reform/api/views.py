"""Administrative reform API: plans with their figures, tasks with one POST per step, and indicator values.

Rows come from `visible_to` (ScopedViewSetMixin): an official sees the plans and tasks of their subtree and the
tasks their agency leads or coordinates. The services check who may act; their refusals answer 400 (a rule of
the task's state or of the input), 403 (not permitted), 404 (not in scope) or 409 (changed meanwhile).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.access import ScopedViewSetMixin
from portal.api.permissions import PortalModelPermissions
from portal.api.schema import ERROR_RESPONSES
from portal.models import AdministrativeUnit, Agency
from portal.services import DomainError, NotFound, NotPermitted
from reform.api.serializers import (
    CompleteInputSerializer,
    ExtensionDecideSerializer,
    ExtensionRequestSerializer,
    IndicatorInputSerializer,
    IndicatorValueSerializer,
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    ProgressInputSerializer,
    TaskCancelSerializer,
    TaskCreateSerializer,
    TaskDetailSerializer,
    TaskReasonSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    TaskVersionSerializer,
)
from reform.choices import TaskState
from reform.filtersets import FIGURE_STATES, IndicatorFilterSet, PlanFilterSet, TaskFilterSet
from reform.models import Area, IndicatorValue, Plan, Task, TaskCompletion, TaskProgress
from reform.selectors import figures_of, task_figures, task_figures_by, weighted_progress, with_state
from reform.services import (
    ConcurrentEdit,
    extension_decide,
    extension_request,
    indicator_record,
    plan_create,
    plan_update,
    task_cancel,
    task_complete,
    task_confirm_completion,
    task_create,
    task_progress_record,
    task_reopen,
    task_return_completion,
    task_update,
)

UPDATE_TASKS = "reform.change_task"


def refused(error: DomainError, *, missing: int = status.HTTP_404_NOT_FOUND) -> Response:
    """The answer to a service's refusal, with its (Vietnamese) message."""
    if isinstance(error, NotPermitted):
        code = status.HTTP_403_FORBIDDEN
    elif isinstance(error, NotFound):
        code = missing
    elif isinstance(error, ConcurrentEdit):
        code = status.HTTP_409_CONFLICT
    else:
        code = status.HTTP_400_BAD_REQUEST
    return Response({"detail": str(error)}, status=code)


def as_of(request) -> dt.date:
    """The day states and figures are read on: `on=YYYY-MM-DD`, or today."""
    raw = request.query_params.get("on")
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as error:
        raise ValidationError({"on": [_("Ngày không hợp lệ: nhập theo dạng YYYY-MM-DD.")]}) from error


def _one(queryset, pk, field: str, message: str):
    """The row `pk` of `queryset`, or a 400 naming the field (the path names no record: bad input, not a 404)."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _many(queryset, pks: list[int], field: str, message: str) -> list:
    wanted = set(pks)
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({field: [message]})
    return found


def _agency(pk, field: str = "lead_agency"):
    return _one(Agency.objects.select_related("unit"), pk, field, _("Không tìm thấy cơ quan."))


def _area(pk):
    return _one(Area.objects.all(), pk, "area", _("Không tìm thấy lĩnh vực."))


def _parsed(serializer_class, request, **kwargs) -> dict:
    parsed = serializer_class(data=request.data, **kwargs)
    parsed.is_valid(raise_exception=True)
    return dict(parsed.validated_data)


class OnFilter(django_filters.DateFilter):
    """`on=YYYY-MM-DD`: read states and figures as of that day (the viewset annotates them)."""

    def __init__(self, **kwargs):
        super().__init__(label=gettext_lazy("Tính đến ngày"), method=lambda queryset, name, value: queryset, **kwargs)


class PlanApiFilterSet(PlanFilterSet):
    """The plan list's filters, and `on` for the figures' date."""

    on = OnFilter()

    class Meta(PlanFilterSet.Meta):
        fields = [*PlanFilterSet.Meta.fields, "on"]


class TaskApiFilterSet(TaskFilterSet):
    """The task list's filters (the page's), and `on`: `state` then filters the states as of that day."""

    on = OnFilter()

    class Meta(TaskFilterSet.Meta):
        fields = [*TaskFilterSet.Meta.fields, "on"]

    def filter_state(self, queryset, name, value):
        # The viewset's rows carry the state as of `on` already: filter what the rows show.
        return queryset.filter(state=value) if value else queryset

    def filter_figure(self, queryset, name, value):
        return queryset.filter(state__in=FIGURE_STATES[value]) if value else queryset


class ReportsOnTasks(permissions.BasePermission):
    """The steps need the verb of reporting on tasks; the services decide who may take each (lead or manager)."""

    def has_permission(self, request, view):
        return request.user.has_perm(UPDATE_TASKS)


def _zero_figures(on: dt.date) -> dict:
    row = {state.value: 0 for state in TaskState} | {"fallen_due": 0, "completed_of_due": 0}
    return {**figures_of(row), "as_of": on.isoformat()}


# --- Plans ----------------------------------------------------------------------------------------


class PlanViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Plans (the plan list's filters) with the figures of their tasks; managers create and edit them."""

    filterset_class = PlanApiFilterSet
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = Plan.objects.all()

    def scoped_queryset(self):
        return (
            Plan.objects.select_related("unit", "owner_agency")
            .prefetch_related("areas")
            .order_by("-year", "unit__path", "owner_agency__name", "id")
        )

    def get_serializer_class(self):
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def _tasks(self):
        # A plan's figures are the whole plan's, as on its page (the plans themselves are scoped).
        return Task.objects.all()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        plans = list(page if page is not None else queryset)
        on = as_of(request)
        pks = [plan.pk for plan in plans]
        # One grouped query for the page's plans, not one per plan.
        rows = task_figures_by(self._tasks().filter(plan__in=pks), "plan", on) if pks else []
        found = {row.pop("key"): {**row, "as_of": on.isoformat()} for row in rows}
        figures = {pk: found.get(pk) or _zero_figures(on) for pk in pks}
        data = PlanSerializer(plans, many=True, context={**self.get_serializer_context(), "figures": figures}).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _detail(self, plan: Plan, code: int = status.HTTP_200_OK) -> Response:
        plan = self.get_queryset().get(pk=plan.pk)
        tasks = self._tasks().filter(plan=plan)
        context = {
            **self.get_serializer_context(),
            "figures": {plan.pk: task_figures(tasks, as_of(self.request))},
            "progress": weighted_progress(tasks),
        }
        return Response(PlanDetailSerializer(plan, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanDetailSerializer})
    def create(self, request, *args, **kwargs):
        values = _parsed(PlanCreateSerializer, request)
        unit = _one(AdministrativeUnit.objects.all(), values.pop("unit"), "unit", _("Không tìm thấy đơn vị."))
        owner = _agency(values.pop("owner_agency"), "owner_agency")
        areas = _many(Area.objects.all(), values.pop("areas"), "areas", _("Không tìm thấy lĩnh vực."))
        try:
            plan = plan_create(actor=request.user, unit=unit, owner_agency=owner, areas=areas, **values)
        except DomainError as error:
            # The path names no record: a unit outside the scope is bad input here, not a 404.
            return refused(error, missing=status.HTTP_400_BAD_REQUEST)
        return self._detail(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanUpdateSerializer, responses={200: PlanDetailSerializer, 409: ERROR_RESPONSES[409]})
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        values = _parsed(PlanUpdateSerializer, request)
        areas = None
        if "areas" in values:
            areas = _many(Area.objects.all(), values.pop("areas"), "areas", _("Không tìm thấy lĩnh vực."))
        try:
            plan_update(actor=request.user, plan=plan, areas=areas, **values)
        except DomainError as error:
            return refused(error)
        return self._detail(plan)


# --- Tasks ----------------------------------------------------------------------------------------


def _step_schema(body):
    return extend_schema(request=body, responses={200: TaskDetailSerializer, 409: ERROR_RESPONSES[409]})


class TaskViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Tasks (the task list's filters, `on` for the state's date), one POST per step, managers' edits."""

    filterset_class = TaskApiFilterSet
    queryset = Task.objects.all()

    def get_permissions(self):
        if self.action in STEP_ACTIONS:
            return [permissions.IsAuthenticated(), ReportsOnTasks()]
        return [permissions.IsAuthenticated(), PortalModelPermissions()]

    def scoped_queryset(self):
        coordinating = Prefetch("coordinating_agencies", queryset=Agency.objects.only("id", "name").order_by("name"))
        tasks = (
            Task.objects.select_related("plan__unit", "area", "lead_agency")
            .prefetch_related(coordinating)
            .order_by("-plan__year", "plan_id", "order", "id")
        )
        tasks = with_state(tasks, as_of(self.request))
        if self.action == "list":
            return tasks
        return tasks.prefetch_related(
            Prefetch("children", queryset=Task.objects.only("id", "parent_id").order_by("order", "id")),
            Prefetch("updates", queryset=TaskProgress.objects.select_related("reported_by")),
            Prefetch("completions", queryset=TaskCompletion.objects.all()),
            "extensions",
        )

    def get_serializer_class(self):
        return TaskSerializer if self.action == "list" else TaskDetailSerializer

    def _detail(self, task: Task, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=task.pk)
        return Response(TaskDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskDetailSerializer})
    def create(self, request, *args, **kwargs):
        values = _parsed(TaskCreateSerializer, request)
        plan = _one(Plan.objects.visible_to(request.user), values.pop("plan"), "plan", _("Không tìm thấy kế hoạch."))
        parent = _one(
            Task.objects.visible_to(request.user).filter(plan=plan),
            values.pop("parent"),
            "parent",
            _("Không tìm thấy nhiệm vụ cha trong kế hoạch này."),
        )
        coordinating = _many(
            Agency.objects.all(),
            values.pop("coordinating_agencies"),
            "coordinating_agencies",
            _("Không tìm thấy cơ quan."),
        )
        try:
            task = task_create(
                actor=request.user,
                plan=plan,
                area=_area(values.pop("area")),
                lead_agency=_agency(values.pop("lead_agency")),
                parent=parent,
                coordinating_agencies=coordinating,
                **values,
            )
        except DomainError as error:
            return refused(error, missing=status.HTTP_400_BAD_REQUEST)
        return self._detail(task, status.HTTP_201_CREATED)

    @extend_schema(request=TaskUpdateSerializer, responses={200: TaskDetailSerializer, 409: ERROR_RESPONSES[409]})
    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        values = _parsed(TaskUpdateSerializer, request)
        version = values.pop("version")
        coordinating = None
        if "coordinating_agencies" in values:
            coordinating = _many(
                Agency.objects.all(),
                values.pop("coordinating_agencies"),
                "coordinating_agencies",
                _("Không tìm thấy cơ quan."),
            )
        if "area" in values:
            values["area"] = _area(values["area"])
        if "lead_agency" in values:
            values["lead_agency"] = _agency(values["lead_agency"])
        try:
            task_update(actor=request.user, task=task, version=version, coordinating_agencies=coordinating, **values)
        except DomainError as error:
            return refused(error)
        return self._detail(task)

    # --- steps: one POST each, one service call ---------------------------------------------------

    def _step(self, request, body, run) -> Response:
        task = self.get_object()
        values = _parsed(body, request)
        try:
            run(request.user, task, values)
        except DomainError as error:
            return refused(error)
        return self._detail(task)

    @_step_schema(ProgressInputSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """The lead agency reports how far the task is (below 100%), what was done, an optional document."""

        def run(actor, task, v):
            task_progress_record(
                actor=actor,
                task=task,
                progress=v["progress"],
                text=v["text"],
                document_number=v["document_number"],
                upload=v["file"],
                version=v["version"],
            )

        return self._step(request, ProgressInputSerializer, run)

    @_step_schema(CompleteInputSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The lead agency reports the task completed with its evidence (counted at once, or once confirmed)."""

        def run(actor, task, v):
            task_complete(
                actor=actor,
                task=task,
                evidence_number=v["evidence_number"],
                evidence_date=v["evidence_date"],
                completed_on=v["completed_on"],
                note=v["note"],
                upload=v["file"],
                version=v["version"],
            )

        return self._step(request, CompleteInputSerializer, run)

    @_step_schema(TaskVersionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The plan's owner confirms a reported completion."""
        return self._step(
            request,
            TaskVersionSerializer,
            lambda actor, task, v: task_confirm_completion(actor=actor, task=task, version=v["version"]),
        )

    @_step_schema(TaskReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return-completion", url_name="return-completion")
    def return_completion(self, request, pk=None):
        """The plan's owner returns a reported completion, saying why."""
        return self._step(
            request,
            TaskReasonSerializer,
            lambda actor, task, v: task_return_completion(
                actor=actor, task=task, reason=v["reason"], version=v["version"]
            ),
        )

    @_step_schema(TaskCancelSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The plan's owner cancels the task (it leaves both denominators), saying why."""
        return self._step(
            request,
            TaskCancelSerializer,
            lambda actor, task, v: task_cancel(
                actor=actor, task=task, reason=v["reason"], cancelled_on=v["cancelled_on"], version=v["version"]
            ),
        )

    @_step_schema(TaskReasonSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The plan's owner reopens a completed or cancelled task, saying why."""
        return self._step(
            request,
            TaskReasonSerializer,
            lambda actor, task, v: task_reopen(actor=actor, task=task, reason=v["reason"], version=v["version"]),
        )

    @_step_schema(ExtensionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="request-extension", url_name="request-extension")
    def request_extension(self, request, pk=None):
        """The lead agency asks for a later deadline, saying why."""
        return self._step(
            request,
            ExtensionRequestSerializer,
            lambda actor, task, v: extension_request(
                actor=actor,
                task=task,
                requested_deadline=v["requested_deadline"],
                reason=v["reason"],
                version=v["version"],
            ),
        )

    @_step_schema(ExtensionDecideSerializer)
    @action(detail=True, methods=["post"], url_path="decide-extension", url_name="decide-extension")
    def decide_extension(self, request, pk=None):
        """The plan's owner approves (the deadline moves, its history kept) or refuses the open request."""
        return self._step(
            request,
            ExtensionDecideSerializer,
            lambda actor, task, v: extension_decide(
                actor=actor,
                task=task,
                approve=v["approve"],
                note=v["note"],
                deadline=v["deadline"],
                version=v["version"],
            ),
        )


# The actions that are steps (the verb of reporting on tasks opens them; the services decide the rest).
STEP_ACTIONS = {
    "progress",
    "complete",
    "confirm",
    "return_completion",
    "cancel",
    "reopen",
    "request_extension",
    "decide_extension",
}


# --- Indicators -----------------------------------------------------------------------------------


class IndicatorViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """PAR Index, PAPI and SIPAS values of the caller's subtree; reform officers record them."""

    filterset_class = IndicatorFilterSet
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    serializer_class = IndicatorValueSerializer
    queryset = IndicatorValue.objects.all()

    def scoped_queryset(self):
        return IndicatorValue.objects.select_related("unit").order_by("kind", "unit__path", "year", "component", "id")

    @extend_schema(request=IndicatorInputSerializer, responses={201: IndicatorValueSerializer})
    def create(self, request, *args, **kwargs):
        values = _parsed(IndicatorInputSerializer, request)
        unit = _one(AdministrativeUnit.objects.all(), values.pop("unit"), "unit", _("Không tìm thấy đơn vị."))
        try:
            value = indicator_record(actor=request.user, unit=unit, max_points=values.pop("max_points", None), **values)
        except DomainError as error:
            return refused(error, missing=status.HTTP_400_BAD_REQUEST)
        fresh = self.get_queryset().get(pk=value.pk)
        return Response(IndicatorValueSerializer(fresh).data, status=status.HTTP_201_CREATED)
