"""Report API (contract of issue 6): GET /api/v1/reports/petitions/ and /api/v1/reports/reception/."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.access import SCOPED
from portal.api.schema import ERROR_RESPONSES
from portal.models import AdministrativeUnit
from portal.scoping import unit_in_scope
from reports.api.serializers import (
    PetitionReportQuerySerializer,
    PetitionReportSerializer,
    ReceptionReportSerializer,
    ReportQuerySerializer,
)
from reports.engine import KIND_GROUPS
from reports.families import PetitionParams
from reports.models import ReportKind
from reports.registry import Params
from reports.services import report_get

PARAMETERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="Administrative unit id (subtree)."),
    OpenApiParameter("period", str, description="2024, 2024-Q3, 2024-H1, 2024-9M or 2024-03; begun, from 1900."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Custom range start (with `to`); not after today."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Custom range end, inclusive."),
]
# 400: a bad unit id or period; 404: a unit that does not exist or lies outside the official's subtree.
REPORT_ERRORS = {code: ERROR_RESPONSES[code] for code in (400, 403, 404)}


class _ReportView(APIView):
    access = SCOPED  # no queryset: the one unit asked for is checked with unit_in_scope (404 outside)
    kind = ""
    query_serializer = ReportQuerySerializer

    def params(self, query: dict) -> Params:
        return Params()

    def _snapshot(self, request):
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit = get_object_or_404(AdministrativeUnit, pk=query.validated_data["unit"])
        if not unit_in_scope(request.user, unit):
            raise NotFound  # a unit outside the official's subtree looks like a missing one
        snapshot = report_get(
            kind=self.kind, unit=unit, period=query.validated_data["period"], params=self.params(query.validated_data)
        )
        return {
            **snapshot.data,
            "computed_at": snapshot.computed_at.isoformat(),
            "locked": snapshot.locked_at is not None,
        }


class PetitionReportView(_ReportView):
    kind = ReportKind.PETITIONS
    query_serializer = PetitionReportQuerySerializer

    def params(self, query: dict) -> PetitionParams:
        return PetitionParams(kind=query["kind"])  # a kind group is computed and stored as its own snapshot

    @extend_schema(
        parameters=[*PARAMETERS, OpenApiParameter("kind", str, enum=KIND_GROUPS)],
        responses={200: PetitionReportSerializer, **REPORT_ERRORS},
    )
    def get(self, request):
        return Response(self._snapshot(request))


class ReceptionReportView(_ReportView):
    kind = ReportKind.RECEPTION

    @extend_schema(parameters=PARAMETERS, responses={200: ReceptionReportSerializer, **REPORT_ERRORS})
    def get(self, request):
        return Response(self._snapshot(request))
