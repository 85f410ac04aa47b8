"""API shapes of administrative reform: plans with their figures, tasks with their state, the steps' inputs.

Serializers only parse and shape; the services decide (reform.services).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.limits import LINE_MAX_LENGTH, LONG_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, NUMBER_MAX_LENGTH
from reform.choices import IndicatorKind, TaskState
from reform.models import IndicatorValue, Plan, Task, TaskCompletion, TaskExtension, TaskProgress

# The steps a task takes through the API: URL name, and the step of reform.workflow.
STEP_URLS = {
    "progress": "update_progress",
    "complete": "complete",
    "confirm": "confirm",
    "return-completion": "return_completion",
    "request-extension": "request_extension",
    "decide-extension": "decide_extension",
    "cancel": "cancel",
    "reopen": "reopen",
}


def _text(max_length: int = LONG_TEXT_MAX_LENGTH, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="", **kwargs)


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The task's `version` as the caller read it: a task changed since is refused (409).",
    )


# --- Figures --------------------------------------------------------------------------------------


class StatesSerializer(serializers.Serializer):
    """How many counted tasks are in each of the six states."""

    completed_on_time = serializers.IntegerField()
    completed_late = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    cancelled = serializers.IntegerField()


def _rate(help_text: str) -> serializers.CharField:
    return serializers.CharField(
        allow_null=True, help_text=f"{help_text} Percent with 2 decimals; null: nothing to rate."
    )


class FiguresSerializer(serializers.Serializer):
    """The figures leaders read of a set of tasks as of a date (top-level tasks; cancelled ones left out)."""

    planned = serializers.IntegerField()
    completed = serializers.IntegerField()
    completed_on_time = serializers.IntegerField()
    completed_late = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    overdue = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    fallen_due = serializers.IntegerField()
    completed_of_due = serializers.IntegerField()
    completion_rate = _rate("Completed over planned tasks.")
    due_completion_rate = _rate("Completed over the tasks fallen due.")
    on_time_rate = _rate("Completed on time over completed.")
    states = StatesSerializer()
    as_of = serializers.DateField()


# --- Plans ----------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    """A plan, with the figures of its tasks the caller may see (as of today, or `on`)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    owner_agency_name = serializers.CharField(source="owner_agency.name", read_only=True)
    areas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    task_figures = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "unit",
            "unit_name",
            "owner_agency",
            "owner_agency_name",
            "year",
            "title",
            "decision_number",
            "decision_date",
            "decision_signer",
            "source_documents",
            "areas",
            "requires_confirmation",
            "task_figures",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(FiguresSerializer)
    def get_task_figures(self, plan) -> dict:
        return self.context["figures"][plan.pk]


class PlanDetailSerializer(PlanSerializer):
    progress = serializers.SerializerMethodField(
        help_text="The weighted progress (0–100) of the plan's tasks; null when none counts."
    )

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "progress"]
        read_only_fields = fields

    def get_progress(self, plan) -> int | None:
        return self.context["progress"]


class PlanCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="The unit whose plan it is: one in the caller's scope.")
    owner_agency = serializers.IntegerField(help_text="The agency issuing the plan: an agency of that unit.")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=300)
    decision_number = _text(NUMBER_MAX_LENGTH)
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    decision_signer = _text(150)
    source_documents = _text()
    areas = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Default: every area in use."
    )
    requires_confirmation = serializers.BooleanField(required=False, default=False)


class PlanUpdateSerializer(serializers.Serializer):
    """The fields given are changed; the others are kept."""

    title = serializers.CharField(max_length=300, required=False)
    decision_number = serializers.CharField(max_length=NUMBER_MAX_LENGTH, required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)
    decision_signer = serializers.CharField(max_length=150, required=False, allow_blank=True)
    source_documents = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True)
    requires_confirmation = serializers.BooleanField(required=False)
    areas = serializers.ListField(child=serializers.IntegerField(), required=False)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The plan's `version` as the caller read it: a plan changed since is refused (409).",
    )


# --- Tasks: output --------------------------------------------------------------------------------


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TaskSerializer(serializers.ModelSerializer):
    """A row of the list: what the task is, who leads it, by when, and its state as of today (or `on`)."""

    plan_title = serializers.CharField(source="plan.title", read_only=True)
    year = serializers.IntegerField(source="plan.year", read_only=True)
    unit = serializers.IntegerField(source="plan.unit_id", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    lead_agency_name = serializers.CharField(source="lead_agency.name", read_only=True)
    coordinating_agencies = AgencyRefSerializer(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    state = serializers.ChoiceField(choices=TaskState.choices, read_only=True)
    state_label = serializers.SerializerMethodField()
    deadline_then = serializers.DateField(
        read_only=True, help_text="The deadline in force on the day the state is read (today, or `on`)."
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "plan_title",
            "year",
            "unit",
            "parent",
            "area",
            "area_name",
            "number",
            "title",
            "lead_agency",
            "lead_agency_name",
            "coordinating_agencies",
            "original_deadline",
            "deadline",
            "deadline_then",
            "expected_output",
            "weight",
            "status",
            "status_label",
            "state",
            "state_label",
            "progress",
            "completed_on",
            "due_when_completed",
            "evidence_number",
            "evidence_date",
            "cancelled_on",
            "cancel_reason",
            "notes",
            "order",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_state_label(self, task) -> str:
        return str(TaskState(task.state).label)


class FileFieldsMixin(serializers.Serializer):
    """A record's attached file is described, not served: the scoped page serves it."""

    has_file = serializers.SerializerMethodField()

    def get_has_file(self, record) -> bool:
        return bool(record.file)


class ProgressSerializer(FileFieldsMixin, serializers.ModelSerializer):
    reported_by_name = serializers.CharField(
        source="reported_by.full_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = TaskProgress
        fields = [
            "id",
            "progress",
            "text",
            "document_number",
            "reported_by",
            "reported_by_name",
            "reported_at",
            "has_file",
            "filename",
            "content_type",
            "size",
        ]
        read_only_fields = fields


class CompletionSerializer(FileFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = TaskCompletion
        fields = [
            "id",
            "completed_on",
            "evidence_number",
            "evidence_date",
            "note",
            "status",
            "reported_by",
            "reported_at",
            "decided_by",
            "decided_at",
            "return_reason",
            "has_file",
            "filename",
            "content_type",
            "size",
        ]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskExtension
        fields = [
            "id",
            "previous_deadline",
            "requested_deadline",
            "granted_deadline",
            "reason",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decided_on",
            "decision_note",
        ]
        read_only_fields = fields


class TaskDetailSerializer(TaskSerializer):
    """The whole task: the steps the caller may take now, its sub-tasks and its history."""

    children = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    offered_steps = serializers.SerializerMethodField(
        help_text="The steps (their URL names under this task) the caller may take now."
    )
    updates = ProgressSerializer(many=True, read_only=True)
    completions = CompletionSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "children", "offered_steps", "updates", "completions", "extensions"]
        read_only_fields = fields

    def get_offered_steps(self, task) -> list[str]:
        from reform.workflow import offered_steps

        offered = set(offered_steps(task, self.context["request"].user))
        return [url for url, step in STEP_URLS.items() if step in offered]


# --- Tasks: input ---------------------------------------------------------------------------------


class TaskCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(help_text="A plan the caller manages.")
    area = serializers.IntegerField(help_text="One of the plan's areas.")
    title = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    lead_agency = serializers.IntegerField()
    deadline = serializers.DateField()
    parent = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A top-level task of the same plan."
    )
    number = _text(20)
    coordinating_agencies = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    expected_output = _text(NOTE_MAX_LENGTH)
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False, default=1)
    notes = _text()


class TaskUpdateSerializer(serializers.Serializer):
    """The fields given are changed; the others are kept (status, progress and deadline have their own steps)."""

    version = _version()
    area = serializers.IntegerField(required=False)
    number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    title = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False)
    lead_agency = serializers.IntegerField(required=False)
    original_deadline = serializers.DateField(required=False, help_text="Only while no extension was approved.")
    expected_output = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True)
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)
    notes = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True)
    order = serializers.IntegerField(min_value=0, required=False)
    coordinating_agencies = serializers.ListField(child=serializers.IntegerField(), required=False)


class ProgressInputSerializer(serializers.Serializer):
    version = _version()
    progress = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    document_number = _text(NUMBER_MAX_LENGTH)
    file = serializers.FileField(required=False, allow_null=True, default=None, help_text="An optional document.")


class CompleteInputSerializer(serializers.Serializer):
    """The completion and its evidence (the document's number and date are required by the service)."""

    version = _version()
    evidence_number = _text(NUMBER_MAX_LENGTH)
    evidence_date = serializers.DateField(required=False, allow_null=True, default=None)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Default: today.")
    note = _text()
    file = serializers.FileField(required=False, allow_null=True, default=None, help_text="The evidence document.")


class TaskVersionSerializer(serializers.Serializer):
    version = _version()


class TaskReasonSerializer(serializers.Serializer):
    version = _version()
    reason = _text(LONG_TEXT_MAX_LENGTH)


class TaskCancelSerializer(TaskReasonSerializer):
    cancelled_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Default: today.")


class ExtensionRequestSerializer(serializers.Serializer):
    version = _version()
    requested_deadline = serializers.DateField()
    reason = _text()


class ExtensionDecideSerializer(serializers.Serializer):
    version = _version()
    approve = serializers.BooleanField()
    note = _text(help_text="Required when refusing.")
    deadline = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The deadline granted; default: the one requested."
    )


# --- Indicators -----------------------------------------------------------------------------------


class IndicatorValueSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "kind",
            "kind_label",
            "scheme",
            "component",
            "component_label",
            "score",
            "max_points",
            "rank",
            "source",
            "recorded_at",
        ]
        read_only_fields = fields


class IndicatorInputSerializer(serializers.Serializer):
    """One score; the same unit, year, indicator, scheme and component replaces the value recorded before."""

    unit = serializers.IntegerField(help_text="A unit in the caller's scope.")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=IndicatorKind.choices)
    score = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    scheme = _text(60)
    component = _text(60, help_text="Empty: the indicator's overall score.")
    label = _text(200)
    max_points = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False, allow_null=True)
    rank = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    source = _text(LINE_MAX_LENGTH)
