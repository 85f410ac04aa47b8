"""Models registry API: models (the list page's FilterSet), one POST per step, score sheets and rounds
(decisions: models_registry.api.decisions).

Rows come from `visible_to` (ScopedViewSetMixin): a department sees what it registered, a council member
the models assigned to them, the movement office and leaders their subtree. The services check who may
act; their refusals answer 403 (not permitted), 404 (not in scope), 409 (not now, or edited meanwhile) or,
where the refusal is about what the body says (a new record, an edit, a file), 400.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from models_registry.api.serializers import (
    CommendInputSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    MobilizationModelCreateSerializer,
    MobilizationModelDetailSerializer,
    MobilizationModelSerializer,
    MobilizationModelUpdateSerializer,
    PublishSerializer,
    ReasonSerializer,
    ReplicationSerializer,
    RoundDetailSerializer,
    RoundSerializer,
    ScoresSerializer,
    SelfAssessmentInputSerializer,
    SheetInputSerializer,
    SheetSerializer,
)
from models_registry.filtersets import ModelFilterSet, RoundFilterSet
from models_registry.models import (
    Assignment,
    CouncilMember,
    Criterion,
    MobilizationModel,
    Phase,
    Round,
    Score,
)
from models_registry.scoping import model_scope_q
from models_registry.services import (
    ConcurrentEdit,
    commendation_record,
    council_proposal,
    document_add,
    model_create,
    model_link_replication,
    model_publish,
    model_return,
    model_start_evaluation,
    model_submit,
    model_unpublish,
    model_update,
    model_withdraw,
    passes,
    score_sheet_save,
    self_assessment_save,
)
from models_registry.services.common import is_movement_office_of
from portal.access import ScopedViewSetMixin
from portal.api.schema import ERROR_RESPONSES
from portal.models import Agency
from portal.services import DomainError, NotFound, NotPermitted

ADD = "models_registry.add_mobilizationmodel"
CHANGE = "models_registry.change_mobilizationmodel"


class ReadsRegistry(permissions.BasePermission):
    """Reading needs the view's `read_permission` (roles) or a council seat: a member reads what they score."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.has_perm(view.read_permission) or CouncilMember.objects.filter(user=user).exists()


class ChangesModels(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm(CHANGE)


class AddsModels(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm(ADD)


def _refused(error: DomainError, *, missing: int = status.HTTP_404_NOT_FOUND, conflict: int = status.HTTP_409_CONFLICT):
    """The answer to a service's refusal: not permitted, not in scope, edited meanwhile, or not in the
    record's state (`conflict`; 400 where the refusal is about the body)."""
    if isinstance(error, NotPermitted):
        code = status.HTTP_403_FORBIDDEN
    elif isinstance(error, ConcurrentEdit):
        code = status.HTTP_409_CONFLICT
    elif isinstance(error, NotFound):
        code = missing
    else:
        code = conflict
    return Response({"detail": str(error)}, status=code)


def _step_schema(body=None, response=MobilizationModelDetailSerializer):
    return extend_schema(request=body, responses={200: response, 409: ERROR_RESPONSES[409]})


def _agency(agency_id: int | None, field: str, message: str) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first()
    if agency is None:
        raise ValidationError({field: [message]})
    return agency


class MobilizationModelViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Registered models: list (the list page's filters), detail, create a draft, and one POST per step."""

    filterset_class = ModelFilterSet
    queryset = MobilizationModel.objects.all()
    read_permission = "models_registry.view_mobilizationmodel"

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsAuthenticated(), AddsModels()]
        if self.action in STEP_ACTIONS or self.action in ("partial_update", "documents"):
            return [permissions.IsAuthenticated(), ChangesModels()]
        return [permissions.IsAuthenticated(), ReadsRegistry()]

    def scoped_queryset(self):
        models = MobilizationModel.objects.select_related(
            "round__programme", "round__unit", "unit", "registering_agency"
        )
        if self.action == "list":
            return models.order_by("-round__year", "-id")
        return models.prefetch_related("forces", "documents", "self_assessments")

    def get_serializer_class(self):
        return MobilizationModelSerializer if self.action == "list" else MobilizationModelDetailSerializer

    def _detail(self, model: MobilizationModel, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=model.pk)
        return Response(MobilizationModelDetailSerializer(fresh, context={"request": self.request}).data, status=code)

    # --- create -----------------------------------------------------------------------------------

    @extend_schema(request=MobilizationModelCreateSerializer, responses={201: MobilizationModelDetailSerializer})
    def create(self, request, *args, **kwargs):
        parsed = MobilizationModelCreateSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        data = dict(parsed.validated_data)
        round_ = Round.objects.visible_to(request.user).filter(pk=data.pop("round")).first()
        if round_ is None:
            raise ValidationError({"round": [_("Không tìm thấy đợt đăng ký.")]})
        registering_agency = _agency(data.pop("registering_agency"), "registering_agency", _("Không tìm thấy cơ quan."))
        data["owner_agency"] = _agency(data.pop("owner_agency"), "owner_agency", _("Không tìm thấy cơ quan."))
        forces = [dict(force) for force in data.pop("forces")]
        try:
            model = model_create(
                actor=request.user, round=round_, data=data, forces=forces, registering_agency=registering_agency
            )
        except DomainError as error:
            # The path names no record: a unit or round outside the scope is bad input here, not a 404.
            return _refused(error, missing=status.HTTP_400_BAD_REQUEST, conflict=status.HTTP_400_BAD_REQUEST)
        return self._detail(model, status.HTTP_201_CREATED)

    # --- edit, documents ---------------------------------------------------------------------------

    @extend_schema(
        request=MobilizationModelUpdateSerializer,
        responses={200: MobilizationModelDetailSerializer, 409: ERROR_RESPONSES[409]},
    )
    def partial_update(self, request, *args, **kwargs):
        """Change a draft or returned registration; send `version` to be told (409) of someone else's save."""
        model = self.get_object()
        parsed = MobilizationModelUpdateSerializer(data=request.data, partial=True)
        parsed.is_valid(raise_exception=True)
        data = dict(parsed.validated_data)
        version = data.pop("version", None)
        forces = [dict(force) for force in data.pop("forces")] if "forces" in data else None
        if "owner_agency" in data:
            data["owner_agency"] = _agency(data["owner_agency"], "owner_agency", _("Không tìm thấy cơ quan."))
        try:
            model_update(actor=request.user, model=model, data=data, forces=forces, version=version)
        except DomainError as error:
            # A registration past its editable statuses is a refused edit (400); a stale version is a 409.
            return _refused(error, conflict=status.HTTP_400_BAD_REQUEST)
        return self._detail(model)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """Attach a document, photo or piece of evidence; the file is refused (400) unless its content is
        what its name says. The detail lists it with its download link."""
        model = self.get_object()
        parsed = DocumentUploadSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        values = parsed.validated_data
        try:
            document = document_add(
                actor=request.user,
                model=model,
                upload=values["file"],
                title=values["title"],
                kind=values["kind"],
                for_publication=values["for_publication"],
            )
        except DomainError as error:
            return _refused(error, conflict=status.HTTP_400_BAD_REQUEST)
        body = DocumentSerializer(document, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    # --- steps: one POST each, one service call ---------------------------------------------------

    def _step(self, request, run, body=None):
        model = self.get_object()
        values = {}
        if body is not None:
            parsed = body(data=request.data)
            parsed.is_valid(raise_exception=True)
            values = parsed.validated_data
        try:
            run(request.user, model, values)
        except DomainError as error:
            return _refused(error)
        return self._detail(model)

    @_step_schema()
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Register the draft (or the returned registration): the window must be open, the self-assessment complete."""
        return self._step(request, lambda actor, model, v: model_submit(actor=actor, model=model))

    @_step_schema(ReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return the registration to the registrant to complete, with the reason."""
        return self._step(
            request,
            lambda actor, model, v: model_return(actor=actor, model=model, reason=v["reason"]),
            ReasonSerializer,
        )

    @_step_schema(ReasonSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the registration, with the reason."""
        return self._step(
            request,
            lambda actor, model, v: model_withdraw(actor=actor, model=model, reason=v["reason"]),
            ReasonSerializer,
        )

    @_step_schema()
    @action(detail=True, methods=["post"], url_path="start-evaluation", url_name="start-evaluation")
    def start_evaluation(self, request, pk=None):
        """Put the registered model before the council (the movement office)."""
        return self._step(request, lambda actor, model, v: model_start_evaluation(actor=actor, models=[model]))

    @_step_schema(PublishSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Show the typical model on the public showcase, with the summary approved for publication."""
        return self._step(
            request,
            lambda actor, model, v: model_publish(actor=actor, model=model, summary=v["summary"]),
            PublishSerializer,
        )

    @_step_schema()
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        """Take the model off the public showcase."""
        return self._step(request, lambda actor, model, v: model_unpublish(actor=actor, model=model))

    @_step_schema(CommendInputSerializer)
    @action(detail=True, methods=["post"])
    def commend(self, request, pk=None):
        """Record a commendation of the recognised model over a phase of its programme (the movement office)."""

        def run(actor, model, values):
            phase = Phase.objects.filter(pk=values["phase"], programme_id=model.round.programme_id).first()
            if phase is None:
                raise ValidationError({"phase": [_("Giai đoạn không thuộc phong trào của mô hình.")]})
            return commendation_record(
                actor=actor,
                model=model,
                phase=phase,
                form=values["form"],
                issuer=values["issuer"],
                decision_number=values["decision_number"],
                decided_on=values["decided_on"],
            )

        return self._step(request, run, CommendInputSerializer)

    @_step_schema(ReplicationSerializer)
    @action(detail=True, methods=["post"], url_path="link-replication", url_name="link-replication")
    def link_replication(self, request, pk=None):
        """Record that this model copies a typical one (which then counts as replicated)."""

        def run(actor, model, values):
            # A model published on the showcase may be copied anywhere; others only within the scope.
            origins = MobilizationModel.objects.filter(Q(is_published=True) | model_scope_q(actor))
            origin = origins.filter(pk=values["origin"]).first()
            if origin is None:
                raise ValidationError({"origin": [_("Không tìm thấy mô hình được nhân rộng.")]})
            return model_link_replication(actor=actor, model=model, origin=origin)

        return self._step(request, run, ReplicationSerializer)

    @_step_schema(SelfAssessmentInputSerializer)
    @action(detail=True, methods=["post"], url_path="self-assessment", url_name="self-assessment")
    def self_assessment(self, request, pk=None):
        """Save the registrant's statement for one criterion, with its evidence or why there is none yet."""

        def run(actor, model, values):
            criterion = Criterion.objects.filter(round_id=model.round_id, pk=values["criterion"]).first()
            if criterion is None:
                raise ValidationError({"criterion": [_("Tiêu chí không thuộc đợt đăng ký của mô hình.")]})
            evidence = None
            if values["evidence"] is not None:
                evidence = model.documents.filter(pk=values["evidence"]).first()
                if evidence is None:
                    raise ValidationError({"evidence": [_("Minh chứng phải là tài liệu của mô hình này.")]})
            return self_assessment_save(
                actor=actor,
                model=model,
                criterion=criterion,
                statement=values["statement"],
                evidence=evidence,
                evidence_note=values["evidence_note"],
                missing_evidence_reason=values["missing_evidence_reason"],
            )

        return self._step(request, run, SelfAssessmentInputSerializer)

    # --- score sheets -----------------------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses=ScoresSerializer)
    @extend_schema(
        methods=["POST"],
        request=SheetInputSerializer,
        responses={200: SheetSerializer, 409: ERROR_RESPONSES[409]},
    )
    @action(detail=True, methods=["get", "post"])
    def scores(self, request, pk=None):
        """GET: the sheets the caller may read. POST: save (or submit) the caller's own sheet."""
        model = self.get_object()
        if request.method == "POST":
            return self._sheet_save(request, model)
        office = is_movement_office_of(request.user, model.round)
        sheets = _sheets(model)
        if not office:  # a member reads only their own sheet; the others' stay independent
            sheets = sheets.filter(member__user=request.user)
        sheets = list(sheets)
        body = {"model": model.pk, "sheets": sheets, "result": _result(model) if office else None}
        return Response(ScoresSerializer(body).data)

    def _sheet_save(self, request, model):
        assignment = Assignment.objects.filter(model=model, member__user=request.user).first()
        if assignment is None:
            return Response(
                {"detail": _("Bạn không được phân công chấm mô hình này.")}, status=status.HTTP_403_FORBIDDEN
            )
        parsed = SheetInputSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        values = parsed.validated_data
        criteria = set(Criterion.objects.filter(round_id=model.round_id).values_list("pk", flat=True))
        unknown = [row["criterion"] for row in values["scores"] if row["criterion"] not in criteria]
        if unknown:
            message = _("Tiêu chí số %(ids)s không thuộc đợt đăng ký của mô hình.")
            raise ValidationError({"scores": [message % {"ids": ", ".join(map(str, unknown))}]})
        try:
            score_sheet_save(
                actor=request.user,
                assignment=assignment,
                scores={row["criterion"]: (row["points"], row["comment"]) for row in values["scores"]},
                comment=values["comment"],
                submit=values["submit"],
            )
        except DomainError as error:
            return _refused(error)
        return Response(SheetSerializer(_sheets(model).get(pk=assignment.pk)).data)


# The steps a department officer's verb (change) opens; the services decide who may take each.
STEP_ACTIONS = {
    "submit",
    "return_",
    "withdraw",
    "start_evaluation",
    "publish",
    "unpublish",
    "link_replication",
    "self_assessment",
    "commend",
}


def _sheets(model: MobilizationModel):
    scores = Score.objects.select_related("criterion").order_by("criterion__order", "criterion_id")
    return (
        model.assignments.select_related("member__user__agency")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("member__role", "member_id")
    )


def _result(model: MobilizationModel) -> dict:
    """The council's result as kept on the model by the services, with the counts and the proposal."""
    counts = {True: 0, False: 0}
    for recused in model.assignments.values_list("recused", flat=True):
        counts[recused] += 1
    return {
        "score": model.score,
        "score_spread": model.score_spread,
        "score_flagged": model.score_flagged,
        "mandatory_failed": model.mandatory_failed,
        "scores_submitted": model.scores_submitted,
        "sheets_assigned": counts[False],
        "recusals": counts[True],
        "council_rank": model.council_rank,
        "pass_threshold": model.round.pass_threshold,
        "passes": passes(model, model.round),
        "proposal": council_proposal(model),
    }


class RoundViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Rounds the caller's models register with (launched in their subtree or above), with criteria and council."""

    permission_classes = [permissions.IsAuthenticated, ReadsRegistry]
    filterset_class = RoundFilterSet
    queryset = Round.objects.all()
    read_permission = "models_registry.view_round"

    def scoped_queryset(self):
        rounds = Round.objects.select_related("programme", "phase", "unit").order_by(
            "-year", "programme__order", "unit__path", "id"
        )
        if self.action == "list":
            return rounds
        return rounds.prefetch_related(
            "criterion_groups", "criteria", Prefetch("council", CouncilMember.objects.select_related("user__agency"))
        )

    def get_serializer_class(self):
        return RoundSerializer if self.action == "list" else RoundDetailSerializer
