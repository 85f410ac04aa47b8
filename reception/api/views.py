"""Reception API: sessions with nested visits, and visits; the HTML lists' FilterSets; scoped."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.access import ScopedViewSetMixin
from portal.api.permissions import PortalModelPermissions
from portal.api.schema import ERROR_RESPONSES
from portal.models import Agency
from portal.services import DomainError
from reception.api.serializers import (
    SessionInputSerializer,
    SessionSerializer,
    SessionUpdateSerializer,
    VisitSerializer,
)
from reception.filtersets import SessionFilterSet, VisitFilterSet
from reception.models import ReceptionSession, ReceptionVisit
from reception.services import CitizenData, VisitData, reception_session_record, reception_session_update


class SessionViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = ReceptionSession.objects.all()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        visits = ReceptionVisit.objects.select_related("petition", "session__agency").prefetch_related("citizens")
        return (
            ReceptionSession.objects.select_related("agency")
            .prefetch_related(Prefetch("visits", queryset=visits))
            .order_by("-date", "-id")
        )

    @extend_schema(request=SessionInputSerializer, responses=SessionSerializer)
    def create(self, request, *args, **kwargs):
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if request.user.agency is None:
            raise ValidationError({"detail": "Tài khoản chưa gắn với cơ quan."})
        visits = []
        for v in values.pop("visits"):
            guided_id = v.pop("guided_to")
            citizens = [CitizenData(**c) for c in v.pop("citizens")]
            visits.append(
                VisitData(
                    citizens=citizens, guided_to=Agency.objects.filter(pk=guided_id).first() if guided_id else None, **v
                )
            )
        try:
            session = reception_session_record(
                actor=request.user, agency=request.user.agency, visits=visits, receiver=request.user, **values
            )
        except DomainError as error:
            raise ValidationError({"detail": str(error)}) from error
        return Response(
            SessionSerializer(self.get_queryset().get(pk=session.pk), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=SessionUpdateSerializer, responses={200: SessionSerializer, 409: ERROR_RESPONSES[409]})
    def partial_update(self, request, *args, **kwargs):
        session = self.get_object()
        data = SessionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        try:
            reception_session_update(actor=request.user, session_id=session.pk, expected_version=version, **changes)
        except DomainError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(SessionSerializer(self.get_queryset().get(pk=session.pk), context={"request": request}).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class VisitViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = (
        ReceptionVisit.objects.select_related("petition", "session__agency")
        .prefetch_related("citizens")
        .order_by("-id")
    )
