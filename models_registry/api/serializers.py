"""API shapes of the models registry: models (list, detail, create), the steps' inputs, score sheets, rounds.

Serializers only parse and shape; the services decide (models_registry.services).
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from models_registry import workflow
from models_registry.choices import (
    RECOGNIZED_STATUSES,
    CollectiveKind,
    CommendationForm,
    DocumentKind,
    Field,
    ForceRole,
    Outcome,
    OwnerKind,
    Status,
)
from models_registry.models import (
    REGISTRATION_FIELDS,
    Assignment,
    Commendation,
    CouncilMember,
    Criterion,
    MobilizationModel,
    ModelDocument,
    ModelForce,
    Round,
    Score,
    SelfAssessment,
)
from models_registry.services.common import is_movement_office_of
from portal.limits import LINE_MAX_LENGTH, LONG_TEXT_MAX_LENGTH

POINTS = {"max_digits": 6, "decimal_places": 2}
# The statuses a recognition decision leaves a model in (and a correction keeps it in).
DECIDED_STATUSES = frozenset({*RECOGNIZED_STATUSES, Status.NOT_RECOGNIZED})


def _named_choice_field(choices, component: str) -> type[serializers.ChoiceField]:
    """A choice field whose enum is one named schema component wherever it is used (read or written).

    drf-spectacular names an enum after its field ("kind", "outcome") and falls back to hashed names when
    other apps use the same field name with other choices; this keeps the registry's names stable.
    """

    @extend_schema_field({"type": "string", "enum": list(choices.values)}, component_name=component)
    class NamedChoiceField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices.choices, **kwargs)

    return NamedChoiceField


DocumentKindField = _named_choice_field(DocumentKind, "ModelDocumentKindEnum")
OutcomeField = _named_choice_field(Outcome, "DecisionOutcomeEnum")


# --- Models: output -----------------------------------------------------------------------------

# The steps a model takes through the API: URL name, and the step of models_registry.workflow.
STEP_URLS = {
    "submit": "submit",
    "return": "return",
    "withdraw": "withdraw",
    "start-evaluation": "start_evaluation",
    "publish": "publish",
    "unpublish": "unpublish",
    "commend": "commend",
}


# The council's result: only the movement's office of the round reads it (the council scores independently,
# and the registrant learns the outcome from the decision).
COUNCIL_RESULT_FIELDS = (
    "score",
    "council_rank",
    "score_spread",
    "score_flagged",
    "mandatory_failed",
    "scores_submitted",
)


def offered_steps(model: MobilizationModel) -> list[str]:
    """The steps the model's status and guards allow now (who may take them is the services' question)."""
    return [url for url, step in STEP_URLS.items() if workflow.refusal(step, model) is None]


class MobilizationModelSerializer(serializers.ModelSerializer):
    """A row of the list: who registered what, in which round, and where it stands."""

    programme = serializers.IntegerField(source="round.programme_id", read_only=True)
    programme_name = serializers.CharField(source="round.programme.short_name", read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    level = serializers.CharField(source="round.recognition_level", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    registering_agency_name = serializers.CharField(source="registering_agency.name", read_only=True)

    class Meta:
        model = MobilizationModel
        fields = [
            "id",
            "name",
            "programme",
            "programme_name",
            "round",
            "round_name",
            "year",
            "level",
            "field",
            "owner_kind",
            "collective_kind",
            "owner_name",
            "owner_position",
            "unit",
            "unit_name",
            "registering_agency",
            "registering_agency_name",
            "status",
            "registered_on",
            "recognized_on",
            "typical_on",
            "score",
            "council_rank",
            "is_published",
            "version",
        ]
        read_only_fields = fields
        # Null for whoever is not the round's movement office.
        extra_kwargs = {name: {"allow_null": True} for name in COUNCIL_RESULT_FIELDS}

    def to_representation(self, model):
        data = super().to_representation(model)
        request = self.context.get("request")
        if request is None or not is_movement_office_of(request.user, model.round):
            for name in COUNCIL_RESULT_FIELDS:
                if name in data:
                    data[name] = None
        return data


class ForceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelForce
        fields = ["id", "role", "name", "task"]


class DocumentSerializer(serializers.ModelSerializer):
    """A document's description; the file itself is served by the scoped, permission-checked download page."""

    kind = DocumentKindField(read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="The registry's download page for the file (it checks the reader's scope again)."
    )

    class Meta:
        model = ModelDocument
        fields = [
            "id",
            "kind",
            "title",
            "filename",
            "content_type",
            "size",
            "for_publication",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document) -> str:
        path = reverse("models_registry:document-download", args=[document.model_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class CommendationSerializer(serializers.ModelSerializer):
    phase_name = serializers.CharField(source="phase.name", read_only=True)

    class Meta:
        model = Commendation
        fields = ["id", "phase", "phase_name", "form", "issuer", "decision_number", "decided_on"]
        read_only_fields = fields


class SelfAssessmentSerializer(serializers.ModelSerializer):
    criterion = serializers.IntegerField(source="criterion_id", read_only=True)
    evidence = serializers.IntegerField(source="evidence_id", read_only=True, allow_null=True)

    class Meta:
        model = SelfAssessment
        fields = ["id", "criterion", "statement", "evidence", "evidence_note", "missing_evidence_reason"]


class MobilizationModelDetailSerializer(MobilizationModelSerializer):
    """The whole registration: its ten elements, forces, documents, self-assessment and the council's result."""

    owner_agency = serializers.IntegerField(source="owner_agency_id", read_only=True, allow_null=True)
    replicates = serializers.IntegerField(source="replicates_id", read_only=True, allow_null=True)
    forces = ForceSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    self_assessments = SelfAssessmentSerializer(many=True, read_only=True)
    commendations = serializers.SerializerMethodField(help_text="Its commendations, newest first.")
    steps = serializers.SerializerMethodField(
        help_text="The workflow steps (their URL names under this model) the model's status and guards allow now."
    )

    class Meta(MobilizationModelSerializer.Meta):
        fields = [
            *MobilizationModelSerializer.Meta.fields,
            *(name for name in REGISTRATION_FIELDS if name not in MobilizationModelSerializer.Meta.fields),
            "status_reason",
            "replicates",
            "score_spread",
            "score_flagged",
            "mandatory_failed",
            "scores_submitted",
            "public_summary",
            "published_at",
            "forces",
            "documents",
            "self_assessments",
            "commendations",
            "steps",
        ]
        read_only_fields = fields

    def get_steps(self, model) -> list[str]:
        return offered_steps(model)

    @extend_schema_field(CommendationSerializer(many=True))
    def get_commendations(self, model) -> list[dict]:
        # Only a recognised model is commended, and a decided model never goes back before its decision:
        # a model no decision has named has none, so its detail asks nothing more.
        if model.status not in DECIDED_STATUSES:
            return []
        return CommendationSerializer(model.commendations.select_related("phase"), many=True).data


# --- Models: input ------------------------------------------------------------------------------


class ForceInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ForceRole.choices)
    name = serializers.CharField(max_length=200)
    task = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def _text(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="", **kwargs
    )


class RegistrationInputSerializer(serializers.Serializer):
    """The registration's own fields (REGISTRATION_FIELDS) and its forces, as a registrant fills them in."""

    name = serializers.CharField(max_length=300)
    field = serializers.ChoiceField(choices=Field.choices)
    owner_kind = serializers.ChoiceField(choices=OwnerKind.choices)
    collective_kind = serializers.ChoiceField(
        choices=CollectiveKind.choices, required=False, allow_blank=True, default=""
    )
    owner_name = serializers.CharField(max_length=200)
    owner_position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    owner_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=LINE_MAX_LENGTH, required=False, allow_blank=True, default="")
    situation = _text()
    goals = _text()
    content = _text()
    target_area = _text()
    resources = _text()
    resources_money = serializers.DecimalField(
        max_digits=15, decimal_places=0, min_value=0, required=False, allow_null=True, default=None
    )
    labour_days = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    timeline = _text()
    outputs = _text()
    replication_plan = _text()
    forces = ForceInputSerializer(many=True, required=False, default=list)


class MobilizationModelCreateSerializer(RegistrationInputSerializer):
    """A new registration (a draft); it is registered later with the `submit` step."""

    round = serializers.IntegerField(help_text="The round registered with: one visible to the caller.")
    registering_agency = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The agency that registers (the movement office may register for another); default: the caller's.",
    )


class MobilizationModelUpdateSerializer(RegistrationInputSerializer):
    """A change to a draft or returned registration: only the fields sent change (`forces`, when sent,
    replaces the list)."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version the editor loaded: a registration saved by someone else since is a 409.",
    )


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, Office, OpenDocument, JPG, PNG, TIFF or text; its content is checked.")
    kind = DocumentKindField(required=False, default=DocumentKind.DOCUMENT)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    for_publication = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Used on the public showcase: only the movement's office may choose it.",
    )


class CommendInputSerializer(serializers.Serializer):
    phase = serializers.IntegerField(help_text="A phase of the model's programme.")
    form = serializers.ChoiceField(choices=CommendationForm.choices)
    issuer = serializers.CharField(max_length=200)
    decision_number = serializers.CharField(max_length=60)
    decided_on = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)


class PublishSerializer(serializers.Serializer):
    summary = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, help_text="What the public showcase says of the model."
    )


class ReplicationSerializer(serializers.Serializer):
    origin = serializers.IntegerField(help_text="The typical (or replicated) model this one copies.")


class SelfAssessmentInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    statement = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    evidence = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A document of this model."
    )
    evidence_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    missing_evidence_reason = _text()


# --- Score sheets --------------------------------------------------------------------------------


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.IntegerField(source="criterion_id", read_only=True)

    class Meta:
        model = Score
        fields = ["criterion", "points", "comment"]


class CouncilMemberSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    position = serializers.CharField(source="user.position", read_only=True)
    agency_name = serializers.CharField(source="user.agency.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "user", "full_name", "position", "agency_name", "role"]


class SheetSerializer(serializers.ModelSerializer):
    """One council member's score sheet of one model (or their recusal)."""

    member = CouncilMemberSerializer(read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "member", "recused", "recusal_reason", "submitted_at", "total", "comment", "scores"]


class CouncilResultSerializer(serializers.Serializer):
    """The combined result over the submitted sheets, and what the council proposes."""

    score = serializers.DecimalField(**POINTS, allow_null=True)
    score_spread = serializers.DecimalField(**POINTS, allow_null=True)
    score_flagged = serializers.BooleanField()
    mandatory_failed = serializers.BooleanField()
    scores_submitted = serializers.IntegerField()
    sheets_assigned = serializers.IntegerField(help_text="Sheets to score, recusals not counted.")
    recusals = serializers.IntegerField()
    council_rank = serializers.IntegerField(allow_null=True)
    pass_threshold = serializers.DecimalField(**POINTS)
    passes = serializers.BooleanField()
    proposal = serializers.CharField(
        allow_null=True, help_text="recognized or not_recognized; null while no sheet is submitted."
    )


class ScoresSerializer(serializers.Serializer):
    """The sheets the caller may read: their own as a member; all, with the result, as the movement office."""

    model = serializers.IntegerField()
    sheets = SheetSerializer(many=True)
    result = CouncilResultSerializer(allow_null=True)


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = serializers.DecimalField(**POINTS, min_value=0)
    comment = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class SheetInputSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)
    comment = _text()
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit the sheet: every applicable criterion must be scored."
    )


# --- Rounds ---------------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "order", "text", "guidance", "max_points", "mandatory", "min_points", "applies_to"]


class CriterionGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null for criteria outside any group.")
    name = serializers.CharField()
    criteria = CriterionSerializer(many=True)


class RoundSerializer(serializers.ModelSerializer):
    programme_name = serializers.CharField(source="programme.short_name", read_only=True)
    phase_name = serializers.CharField(source="phase.name", read_only=True, default=None, allow_null=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "programme",
            "programme_name",
            "phase",
            "phase_name",
            "unit",
            "unit_name",
            "year",
            "name",
            "launch_number",
            "launch_date",
            "launch_issuer",
            "registration_opens",
            "registration_closes",
            "recognition_level",
            "aggregation",
            "pass_threshold",
            "spread_threshold",
        ]
        read_only_fields = fields


class RoundDetailSerializer(RoundSerializer):
    max_points = serializers.DecimalField(**POINTS, read_only=True)
    criterion_groups = serializers.SerializerMethodField()
    council = CouncilMemberSerializer(many=True, read_only=True)

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "max_points", "criterion_groups", "council"]
        read_only_fields = fields

    @extend_schema_field(CriterionGroupSerializer(many=True))
    def get_criterion_groups(self, round_) -> list[dict]:
        """Criteria in their groups, in order; criteria without a group come last, in a group without id."""
        groups = {
            group.pk: {"id": group.pk, "name": group.name, "criteria": []} for group in round_.criterion_groups.all()
        }
        loose = {"id": None, "name": "", "criteria": []}
        for criterion in round_.criteria.all():
            groups.get(criterion.group_id, loose)["criteria"].append(CriterionSerializer(criterion).data)
        return [*groups.values(), *([loose] if loose["criteria"] else [])]
