"""Petitions API: list/detail/create with the HTML list's FilterSet, and one POST action per transition."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from petitions.actions import ACTIONS
from petitions.api.serializers import (
    CaseSerializer,
    DecisionSerializer,
    MeasureReportSerializer,
    MeasureSerializer,
    PetitionCreateSerializer,
    PetitionDetailSerializer,
    PetitionSerializer,
    ProposalSerializer,
    StepInputSerializer,
    VerificationAssignSerializer,
    VerificationSerializer,
    VerificationStepSerializer,
)
from petitions.filtersets import PetitionFilterSet
from petitions.models import Case, EnforcementMeasure, Petition, Proposal, Verification
from petitions.selectors import case_by_code, petitioners_shown, with_deadline_state
from petitions.services import ConcurrentEdit, PetitionerData, petition_receive
from petitions.services.approvals import (
    ProposalNotFound,
    approval_queue,
    needs_approval,
    proposal_approve,
    proposal_reject,
    proposal_return,
    proposal_submit,
)
from portal.access import ScopedViewSetMixin
from portal.api.permissions import PortalModelPermissions
from portal.api.schema import ERROR_RESPONSES
from portal.services import DomainError, NotPermitted


class PetitionViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = PetitionFilterSet
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = Petition.objects.all()

    def scoped_queryset(self):
        # The deadline state depends on today, so it is annotated per request.
        return with_deadline_state(
            Petition.objects.select_related("unit", "case", "handling_agency").prefetch_related("petitioners")
        ).order_by("-received_on", "-id")

    def get_serializer_class(self):
        if self.action == "create":
            return PetitionCreateSerializer
        return PetitionDetailSerializer if self.action == "retrieve" else PetitionSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "show_identity", bool, description="Reveal (and log) a denouncer's identity, if the caller may see it."
            )
        ]
    )
    def retrieve(self, request, *args, **kwargs):
        petition = self.get_object()
        show = request.query_params.get("show_identity") in ("1", "true")
        if show and petition.is_confidential:
            petitioners_shown(request.user, petition)  # logs the look when allowed
        return Response(PetitionDetailSerializer(petition, context={"request": request, "show_identity": show}).data)

    @extend_schema(request=PetitionCreateSerializer, responses=PetitionDetailSerializer)
    def create(self, request, *args, **kwargs):
        data = PetitionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if request.user.agency is None:
            raise ValidationError({"detail": "Tài khoản chưa gắn với cơ quan."})
        case = None
        if values["case"]:
            case = case_by_code(request.user, values["case"])
            if case is None:
                raise ValidationError({"case": "Không tìm thấy vụ việc."})
        try:
            petition = petition_receive(
                actor=request.user,
                receiving_agency=request.user.agency,
                kind=values["kind"],
                round=int(values["round"]),
                channel=values["channel"],
                received_on=values["received_on"],
                summary=values["summary"],
                content=values["content"],
                field=values["field"],
                is_anonymous=values["is_anonymous"],
                has_specific_evidence=values["has_specific_evidence"],
                petitioners=[PetitionerData(**p) for p in values["petitioners"]],
                case=case,
                assignees=[request.user],
            )
        except DomainError as error:
            raise ValidationError({"detail": str(error)}) from error
        petition = self.get_queryset().get(pk=petition.pk)
        return Response(
            PetitionDetailSerializer(petition, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    def _transition(self, request, pk, name):
        petition = self.get_object()
        spec = ACTIONS[name]
        if spec.allowed is not None and not spec.allowed(request.user, petition):
            return Response(
                {"detail": _("Chỉ thủ trưởng cơ quan giải quyết (hoặc cấp phó được ủy quyền) mới được làm bước này.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        if not spec.applies(petition):
            return Response(
                {"detail": f"“{spec.label}” không áp dụng cho đơn ở trạng thái hiện tại."},
                status=status.HTTP_409_CONFLICT,
            )
        form = spec.form(request.data, prefix=None)
        if spec.prepare:
            spec.prepare(form, petition)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            if needs_approval(request.user, petition, spec.name):
                proposal = proposal_submit(
                    actor=request.user,
                    petition=petition,
                    step=spec.name,
                    cleaned=form.cleaned_data,
                    note=request.data.get("proposal_note", ""),
                )
                return Response(
                    {"proposal": proposal.pk, "status": proposal.status, "detail": "Đã trình lãnh đạo duyệt."},
                    status=status.HTTP_202_ACCEPTED,
                )
            result = spec.run(request.user, petition, form.cleaned_data)
        except ConcurrentEdit as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        except NotPermitted as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        result = self.get_queryset().get(pk=result.pk)
        return Response(PetitionDetailSerializer(result, context={"request": request}).data)


def _make_action(name: str):
    def handler(self, request, pk=None):
        return self._transition(request, pk, name)

    handler.__name__ = name
    handler.__doc__ = f"Workflow step “{name}”: one service call; 409 when not allowed now or on a stale version."
    # A step with its own authority rule (head or designated deputy) is checked by that rule, not the verb.
    permission = (
        [permissions.IsAuthenticated]
        if ACTIONS[name].allowed
        else [permissions.IsAuthenticated, ChangePetitionPermission]
    )
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"), permission_classes=permission)(
        extend_schema(request=None, responses=PetitionDetailSerializer)(handler)
    )


class ChangePetitionPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("petitions.change_petition")


for _name in ACTIONS:
    setattr(PetitionViewSet, _name, _make_action(_name))


class CaseViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = Case.objects.prefetch_related("petitions").order_by("-id")


class ProposalViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's approval queue (most urgent first), and one POST per decision."""

    serializer_class = ProposalSerializer
    queryset = Proposal.objects.all()

    def scoped_queryset(self):
        # The queue already keeps to the approver's scope; the mixin applies `visible_to` all the same.
        ids = [p.pk for p in approval_queue(self.request.user)]
        return (
            Proposal.objects.filter(pk__in=ids)
            .select_related("petition")
            .order_by("petition__deadline", "submitted_at")
        )

    def _decide(self, request, pk, decide):
        if not re.fullmatch(r"[0-9]{1,18}", str(pk)):
            return Response(
                {"detail": _("Mã tờ trình không hợp lệ: phải là một số nguyên dương.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            proposal = decide(actor=request.user, proposal_id=int(pk), comments=data.validated_data["comments"])
        except ProposalNotFound as error:
            return Response({"detail": str(error)}, status=status.HTTP_404_NOT_FOUND)
        except NotPermitted as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, proposal_approve)

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._decide(request, pk, proposal_return)

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, proposal_reject)


class VerificationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Verifications of visible petitions; assign with POST, record steps with POST …/steps/."""

    serializer_class = VerificationSerializer
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = (
        Verification.objects.select_related("petition").prefetch_related("steps__step", "members").order_by("-id")
    )

    def get_permissions(self):
        if self.action == "create":  # the head (or designated deputy) assigns: the service checks that
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=VerificationAssignSerializer, responses={201: VerificationSerializer})
    def create(self, request):
        from petitions.services.verification import verification_assign
        from portal.models import Agency, User

        data = VerificationAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        petition = Petition.objects.visible_to(request.user).filter(pk=values["petition"]).first()
        agency = Agency.objects.filter(pk=values["agency"], is_active=True).first()
        lead = User.objects.filter(pk=values["lead"], is_active=True).first()
        if petition is None or agency is None or lead is None:
            return Response(
                {"detail": "Không tìm thấy đơn, cơ quan hoặc trưởng đoàn."}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            verification = verification_assign(
                actor=request.user,
                petition=petition,
                agency=agency,
                lead=lead,
                members=User.objects.filter(pk__in=values["members"], is_active=True),
                due_on=values["due_on"],
            )
        except NotPermitted as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StepInputSerializer, responses={201: VerificationStepSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        from petitions.services.verification import verification_step_record

        if not request.user.has_perm("petitions.change_petition"):
            return Response({"detail": _("Bạn không có quyền làm việc này.")}, status=status.HTTP_403_FORBIDDEN)
        verification = self.get_object()
        data = StepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            step = verification_step_record(
                actor=request.user,
                verification=verification,
                step_code=data.validated_data["step"],
                happened_on=data.validated_data["happened_on"],
                minutes=data.validated_data["minutes"],
            )
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(VerificationStepSerializer(step).data, status=status.HTTP_201_CREATED)


class MeasureViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Enforcement measures of visible petitions (the data behind form 02/KQGQ)."""

    serializer_class = MeasureSerializer
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = EnforcementMeasure.objects.order_by("due_on", "id")

    # A petition outside the caller's scope looks like one that does not exist.
    @extend_schema(responses={201: MeasureSerializer, 404: ERROR_RESPONSES[404]})
    def create(self, request):
        from petitions.services.enforcement import measure_add

        if not request.user.has_perm("petitions.change_petition"):
            return Response({"detail": _("Bạn không có quyền làm việc này.")}, status=status.HTTP_403_FORBIDDEN)
        data = MeasureSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        petition = Petition.objects.visible_to(request.user).filter(pk=values.pop("petition_id")).first()
        if petition is None:
            return Response({"detail": _("Không tìm thấy đơn.")}, status=status.HTTP_404_NOT_FOUND)
        try:
            measure = measure_add(actor=request.user, petition=petition, **values)
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeasureReportSerializer, responses=MeasureSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        from petitions.services.enforcement import measure_report

        if not request.user.has_perm("petitions.change_petition"):
            return Response({"detail": _("Bạn không có quyền làm việc này.")}, status=status.HTTP_403_FORBIDDEN)
        measure = self.get_object()
        data = MeasureReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            measure = measure_report(actor=request.user, measure_id=measure.pk, **data.validated_data)
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(MeasureSerializer(measure).data)
