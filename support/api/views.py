"""Support API: assignments and activities with the lists' FilterSets, and the commune's steps on an activity.

Rows come from `visible_to` (support.scoping): the assigned agency sees its own, a commune its own, the
governing bodies above them their subtree. The services decide who may act; a refusal answers 400 (a rule of
the activity's state or of the input), 403 (not permitted), 404 (not in scope) or 409 (changed meanwhile).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.access import ScopedViewSetMixin
from portal.api.permissions import PortalModelPermissions
from portal.api.schema import ERROR_RESPONSES
from portal.concurrency import ConcurrentEdit
from portal.services import DomainError, NotFound, NotPermitted
from support.api.serializers import ActivitySerializer, AssignmentSerializer, ReturnSerializer, VersionSerializer
from support.filtersets import ActivityFilterSet, AssignmentFilterSet
from support.models import Activity, Assignment
from support.services import activity_confirm, activity_return, activity_submit


def refused(error: DomainError) -> Response:
    if isinstance(error, NotPermitted):
        code = status.HTTP_403_FORBIDDEN
    elif isinstance(error, NotFound):
        code = status.HTTP_404_NOT_FOUND
    elif isinstance(error, ConcurrentEdit):
        code = status.HTTP_409_CONFLICT
    else:
        code = status.HTTP_400_BAD_REQUEST
    return Response({"detail": str(error)}, status=code)


class AssignmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Agencies assigned to support communes, with their yearly plans (the assignment list's filters)."""

    filterset_class = AssignmentFilterSet
    permission_classes = [permissions.IsAuthenticated, PortalModelPermissions]
    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer

    def scoped_queryset(self):
        return (
            Assignment.objects.select_related("agency", "commune")
            .prefetch_related("plan_items__activity_type")
            .order_by("-year", "commune__path", "agency__name", "id")
        )


STEPS = {"submit", "confirm", "return_"}  # action names


class ActivityViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What assigned agencies delivered (the activity list's filters); `confirm` and `return` are the commune's."""

    filterset_class = ActivityFilterSet
    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer

    def get_permissions(self):
        if self.action in STEPS:  # the services decide who may take a step
            return [permissions.IsAuthenticated()]
        return [permissions.IsAuthenticated(), PortalModelPermissions()]

    def scoped_queryset(self):
        return Activity.objects.select_related("activity_type", "assignment").order_by("-date", "-id")

    def _step(self, request, service, serializer_class, **extra):
        activity = self.get_object()
        parsed = serializer_class(data=request.data)
        parsed.is_valid(raise_exception=True)
        values = dict(parsed.validated_data)
        try:
            done = service(actor=request.user, activity=activity, **values, **extra)
        except DomainError as error:
            return refused(error)
        return Response(ActivitySerializer(self.get_queryset().get(pk=done.pk)).data)

    @extend_schema(request=VersionSerializer, responses={200: ActivitySerializer, 409: ERROR_RESPONSES[409]})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, activity_submit, VersionSerializer)

    @extend_schema(request=VersionSerializer, responses={200: ActivitySerializer, 409: ERROR_RESPONSES[409]})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._step(request, activity_confirm, VersionSerializer)

    @extend_schema(request=ReturnSerializer, responses={200: ActivitySerializer, 409: ERROR_RESPONSES[409]})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._step(request, activity_return, ReturnSerializer)
