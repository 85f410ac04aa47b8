"""Recognition decisions through the API: read them, issue one, correct one (a new decision referring to it).

The movement office of the round decides (the services check it); a decision lists only the models the
caller may see. A refusal about what the body says (a model out of reach, a departure without its reason,
a model failing a mandatory criterion) is a 400, as for any new record.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from models_registry.api.serializers import OutcomeField, _text
from models_registry.api.views import ChangesModels, ReadsRegistry, _refused
from models_registry.filtersets import DecisionFilterSet
from models_registry.models import Decision, DecisionEntry, Round
from models_registry.scoping import model_scope_q
from models_registry.services import decision_correct, decision_issue
from portal.access import ScopedViewSetMixin
from portal.limits import LONG_TEXT_MAX_LENGTH
from portal.services import DomainError

# --- Shapes ------------------------------------------------------------------------------------------


class DecisionEntrySerializer(serializers.ModelSerializer):
    model = serializers.IntegerField(source="model_id", read_only=True)
    model_name = serializers.CharField(source="model.name", read_only=True)
    outcome = OutcomeField(read_only=True)

    class Meta:
        model = DecisionEntry
        fields = ["model", "model_name", "outcome", "departs_from_council", "departure_reason"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    """An issued decision; `entries` lists only the models the caller may see."""

    round_name = serializers.CharField(source="round.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    corrects = serializers.IntegerField(
        source="corrects_id", read_only=True, allow_null=True, help_text="The decision this one corrects."
    )
    corrected_by = serializers.SerializerMethodField(help_text="The decisions correcting this one.")
    entries = DecisionEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "round",
            "round_name",
            "unit",
            "unit_name",
            "number",
            "issued_on",
            "signer",
            "signer_position",
            "note",
            "corrects",
            "correction_reason",
            "corrected_by",
            "entries",
            "created_at",
        ]
        read_only_fields = fields

    def get_corrected_by(self, decision) -> list[int]:
        return [correction.pk for correction in decision.corrections.all()]


class DecisionEntryInputSerializer(serializers.Serializer):
    model = serializers.IntegerField(help_text="A model of the round, in the caller's scope.")
    outcome = OutcomeField()
    departure_reason = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the outcome departs from the council's proposal.",
    )


class DecisionBaseInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    signer = serializers.CharField(max_length=200)
    signer_position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    entries = DecisionEntryInputSerializer(many=True)


class DecisionIssueSerializer(DecisionBaseInputSerializer):
    """Recognise (or not) the round's models under evaluation, and name typical ones, in one decision."""

    round = serializers.IntegerField(help_text="The round decided: one the caller's movement office runs.")
    note = _text()


class DecisionCorrectSerializer(DecisionBaseInputSerializer):
    """A new decision overriding what the corrected one said of the models it names."""

    reason = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)


# --- The viewset ----------------------------------------------------------------------------------


class ReadsDecisions(ReadsRegistry):
    """Decisions are read by the roles given their own view permission, and by whoever reads the registry
    (a round's page lists its decisions to them too)."""

    def has_permission(self, request, view):
        user = request.user
        if user and user.is_authenticated and user.has_perm("models_registry.view_decision"):
            return True
        return super().has_permission(request, view)


class DecisionViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The standing body's decisions: read them, issue one (the movement office of the round), correct one.

    An issued decision is never edited: a correction is a new decision that refers to it. A decision lists
    only the models the caller may see.
    """

    filterset_class = DecisionFilterSet
    queryset = Decision.objects.all()
    read_permission = "models_registry.view_mobilizationmodel"

    def get_permissions(self):
        if self.action in ("create", "correct"):
            return [permissions.IsAuthenticated(), ChangesModels()]
        return [permissions.IsAuthenticated(), ReadsDecisions()]

    def scoped_queryset(self):
        entries = DecisionEntry.objects.filter(model_scope_q(self.request.user, "model__")).select_related("model")
        return (
            Decision.objects.select_related("round", "unit")
            .prefetch_related(
                Prefetch("entries", queryset=entries.order_by("id")),
                Prefetch("corrections", queryset=Decision.objects.only("id", "corrects_id").order_by("id")),
            )
            .order_by("-issued_on", "-id")
        )

    def get_serializer_class(self):
        return DecisionSerializer

    def _issued(self, decision: Decision) -> Response:
        fresh = self.get_queryset().get(pk=decision.pk)
        return Response(DecisionSerializer(fresh, context={"request": self.request}).data, status.HTTP_201_CREATED)

    @staticmethod
    def _entries(values) -> list[dict]:
        # Model ids go to the service as they are: it locks them and answers "not found" outside the scope.
        return [dict(entry) for entry in values["entries"]]

    @extend_schema(request=DecisionIssueSerializer, responses={201: DecisionSerializer})
    def create(self, request, *args, **kwargs):
        """Issue a decision: per model, recognised, not recognised or typical (which recognises it too); an
        outcome other than the council's proposal needs its `departure_reason`."""
        parsed = DecisionIssueSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        values = parsed.validated_data
        round_ = Round.objects.visible_to(request.user).filter(pk=values["round"]).first()
        if round_ is None:
            raise ValidationError({"round": [_("Không tìm thấy đợt đăng ký.")]})
        try:
            decision = decision_issue(
                actor=request.user,
                round=round_,
                number=values["number"],
                issued_on=values["issued_on"],
                signer=values["signer"],
                signer_position=values["signer_position"],
                note=values["note"],
                entries=self._entries(values),
            )
        except DomainError as error:
            # The body names the models: one out of reach, or a refused outcome, is bad input here.
            return _refused(error, missing=status.HTTP_400_BAD_REQUEST, conflict=status.HTTP_400_BAD_REQUEST)
        return self._issued(decision)

    @extend_schema(request=DecisionCorrectSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Issue a correction of this decision, naming the models whose outcome changes and why."""
        original = self.get_object()
        parsed = DecisionCorrectSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        values = parsed.validated_data
        try:
            decision = decision_correct(
                actor=request.user,
                original=original,
                number=values["number"],
                issued_on=values["issued_on"],
                signer=values["signer"],
                signer_position=values["signer_position"],
                reason=values["reason"],
                entries=self._entries(values),
            )
        except DomainError as error:
            return _refused(error, missing=status.HTTP_400_BAD_REQUEST, conflict=status.HTTP_400_BAD_REQUEST)
        return self._issued(decision)
