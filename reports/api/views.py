"""Report API (contract of issue 6): GET /api/v1/reports/petitions/ and /api/v1/reports/reception/."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.models import AdministrativeUnit
from portal.scoping import unit_in_scope
from portal.services import DomainError
from reports.engine import KIND_GROUPS
from reports.models import ReportKind
from reports.periods import parse_period
from reports.services import report_get

PARAMETERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="Administrative unit id (subtree)."),
    OpenApiParameter("period", str, description="2024, 2024-Q3, 2024-H1, 2024-9M or 2024-03."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Custom range start (with `to`)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Custom range end, inclusive."),
]


class _ReportView(APIView):
    kind = ""

    def _snapshot(self, request, params: str = ""):
        unit_id = request.query_params.get("unit", "")
        if not unit_id.isdigit():
            raise ValidationError({"unit": "Cần mã đơn vị (id)."})
        unit = get_object_or_404(AdministrativeUnit, pk=int(unit_id))
        if not unit_in_scope(request.user, unit):
            raise NotFound  # a unit outside the official's subtree looks like a missing one
        try:
            period = parse_period(
                period=request.query_params.get("period"),
                date_from=request.query_params.get("from"),
                date_to=request.query_params.get("to"),
            )
        except DomainError as error:
            raise ValidationError({"period": str(error)}) from error
        snapshot = report_get(kind=self.kind, unit=unit, period=period, params=params)
        return {
            **snapshot.data,
            "computed_at": snapshot.computed_at.isoformat(),
            "locked": snapshot.locked_at is not None,
        }


class PetitionReportView(_ReportView):
    kind = ReportKind.PETITIONS

    @extend_schema(
        parameters=[*PARAMETERS, OpenApiParameter("kind", str, enum=KIND_GROUPS)], responses=OpenApiTypes.OBJECT
    )
    def get(self, request):
        kind = request.query_params.get("kind", "")
        if kind and kind not in KIND_GROUPS:
            raise ValidationError({"kind": f"Một trong: {', '.join(KIND_GROUPS)}."})
        return Response(self._snapshot(request, params=kind))


class ReceptionReportView(_ReportView):
    kind = ReportKind.RECEPTION

    @extend_schema(parameters=PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(self._snapshot(request))
