"""Petitions API: list/detail/create with the HTML list's FilterSet, and one POST action per transition."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from petitions.actions import ACTIONS
from petitions.api.serializers import (
    CaseSerializer,
    PetitionCreateSerializer,
    PetitionDetailSerializer,
    PetitionSerializer,
)
from petitions.approvals import (
    approval_queue,
    needs_approval,
    proposal_approve,
    proposal_reject,
    proposal_return,
    proposal_submit,
)
from petitions.filtersets import PetitionFilterSet
from petitions.models import Case, Petition, Proposal
from petitions.selectors import petitioners_shown, with_deadline_state
from petitions.services import ConcurrentEdit, PetitionerData, petition_receive
from portal.services import DomainError


class PortalModelPermissions(permissions.DjangoModelPermissions):
    """Django model permissions, including `view` for reads (verbs from roles; rows from scoping)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class PetitionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    filterset_class = PetitionFilterSet
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = Petition.objects.none()  # for the schema; rows come from get_queryset

    def get_queryset(self):
        return with_deadline_state(
            Petition.objects.visible_to(self.request.user)
            .select_related("unit", "case", "handling_agency")
            .prefetch_related("petitioners")
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
            case = Case.objects.visible_to(request.user).filter(code=values["case"]).first()
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
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        result = self.get_queryset().get(pk=result.pk)
        return Response(PetitionDetailSerializer(result, context={"request": request}).data)


def _make_action(name: str):
    def handler(self, request, pk=None):
        return self._transition(request, pk, name)

    handler.__name__ = name
    handler.__doc__ = f"Workflow step “{name}”: one service call; 409 when not allowed now or on a stale version."
    permission = [permissions.IsAuthenticated, ChangePetitionPermission]
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"), permission_classes=permission)(
        extend_schema(request=None, responses=PetitionDetailSerializer)(handler)
    )


class ChangePetitionPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("petitions.change_petition")


for _name in ACTIONS:
    setattr(PetitionViewSet, _name, _make_action(_name))


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = Case.objects.none()

    def get_queryset(self):
        return Case.objects.visible_to(self.request.user).prefetch_related("petitions").order_by("-id")


class ProposalSerializer(serializers.ModelSerializer):
    petition = serializers.CharField(source="petition.register_number", read_only=True)
    petition_id = serializers.IntegerField(read_only=True)
    deadline = serializers.DateField(source="petition.deadline", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "petition",
            "petition_id",
            "step",
            "data",
            "note",
            "status",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "comments",
            "deadline",
        ]


class DecisionSerializer(serializers.Serializer):
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """The caller's approval queue (most urgent first), and one POST per decision."""

    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()

    def get_queryset(self):
        return approval_queue(self.request.user)

    def _decide(self, request, pk, decide):
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not Proposal.objects.filter(pk=pk, petition__in=Petition.objects.visible_to(request.user)).exists():
            return Response({"detail": "Không tìm thấy."}, status=status.HTTP_404_NOT_FOUND)
        try:
            proposal = decide(actor=request.user, proposal_id=int(pk), comments=data.validated_data["comments"])
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
