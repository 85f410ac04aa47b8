from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.access import REFERENCE, ScopedViewSetMixin
from portal.api.serializers import AgencySerializer, OfficialSerializer, UnitDetailSerializer, UnitSerializer
from portal.filtersets import AgencyFilterSet, OfficialFilterSet, UnitFilterSet
from portal.models import AdministrativeUnit, Agency, User


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Official administrative units of both maps: public reference data for every signed-in official."""

    access = REFERENCE
    queryset = AdministrativeUnit.objects.select_related("parent").order_by("generation", "path")
    filterset_class = UnitFilterSet

    def get_serializer_class(self):
        return UnitDetailSerializer if self.action == "retrieve" else UnitSerializer


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies are reference data too: petitions are transferred to agencies anywhere."""

    access = REFERENCE
    queryset = Agency.objects.select_related("unit")
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet


class OfficialViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Officials of the caller's subtree only; `me` is the caller's own account."""

    serializer_class = OfficialSerializer
    filterset_class = OfficialFilterSet
    queryset = User.objects.select_related("agency").prefetch_related("groups").distinct().order_by("username")

    @extend_schema(responses=OfficialSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(OfficialSerializer(request.user).data)
