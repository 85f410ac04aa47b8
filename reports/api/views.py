"""Report API (contract of issue 6): GET /api/v1/reports/<family>/ for every report family with an `api`.

One view serves every family: it checks the unit and the period, reads the family's own parameters
and answers the stored snapshot. Each family gets its own route, made from the registry when the
URLs load, so the schema documents each family's parameters and figures.
"""

from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.access import SCOPED
from portal.api.schema import ERROR_RESPONSES
from portal.models import AdministrativeUnit
from portal.scoping import unit_in_scope
from reports import registry
from reports.api.serializers import ReportHeaderSerializer, ReportQuerySerializer
from reports.services import report_get

PARAMETERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="Administrative unit id (subtree)."),
    OpenApiParameter("period", str, description="2024, 2024-Q3, 2024-H1, 2024-9M or 2024-03; begun, from 1900."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Custom range start (with `to`); not after today."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Custom range end, inclusive."),
]
# 400: a bad unit id or period; 404: a unit that does not exist or lies outside the official's subtree.
REPORT_ERRORS = {code: ERROR_RESPONSES[code] for code in (400, 403, 404)}


class ReportView(APIView):
    # One family's figures for a unit's subtree over a period; report_urls makes one subclass per family
    # (no docstring: the schema would take it as each family's description).

    access = SCOPED  # no queryset: the one unit asked for is checked with unit_in_scope (404 outside)
    family_key = ""

    def get(self, request):
        family = registry.family(self.family_key)
        own = family.api.query(data=request.query_params) if family.api.query else None
        data = request.query_params
        if own is not None and family.api.period is not None and own.is_valid():
            key = family.api.period(own.validated_data)  # the family's own field says the period (reform's year)
            if key:
                if any(data.get(name) for name in ("period", "from", "to")):
                    raise ValidationError({"period": [_("Chỉ ghi một cách chọn kỳ: năm kế hoạch hoặc kỳ báo cáo.")]})
                data = data.copy()
                data["period"] = key
        query = ReportQuerySerializer(data=data)
        errors = {}
        for serializer in filter(None, (query, own)):
            if not serializer.is_valid():
                errors.update(serializer.errors)
        if errors:
            raise ValidationError(errors)
        unit = get_object_or_404(AdministrativeUnit, pk=query.validated_data["unit"])
        if not unit_in_scope(request.user, unit):
            raise NotFound  # a unit outside the official's subtree looks like a missing one
        params = family.api.params(own.validated_data if own else {}) if family.api.params else None
        snapshot = report_get(kind=family.key, unit=unit, period=query.validated_data["period"], params=params)
        return Response(
            {**snapshot.data, "computed_at": snapshot.checked_at.isoformat(), "locked": snapshot.locked_at is not None}
        )


def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.replace("-", "_").split("_"))


def family_view(family: registry.ReportFamily) -> type[ReportView]:
    """The view of one family, with its parameters and its answer in the schema."""
    name = family.api.name or f"{_camel(family.key)}Report"
    answer = type(
        f"{name}Serializer",
        (ReportHeaderSerializer, family.api.figures),
        {"__doc__": family.api.description or str(family.label), "__module__": __name__},
    )

    @extend_schema(
        operation_id=f"reports_{family.key}_retrieve",
        description=family.api.description or str(family.label),
        parameters=[*PARAMETERS, *family.api.parameters],
        responses={200: answer, **REPORT_ERRORS},
    )
    def get(self, request):  # a function of its own: extend_schema annotates the function it is given
        return ReportView.get(self, request)

    return type(f"{name}View", (ReportView,), {"family_key": family.key, "get": get, "__module__": __name__})


def report_urls() -> list[URLPattern]:
    """A route per registered family with an api, named report-<key> (read after every AppConfig.ready())."""
    return [
        path(f"reports/{family.key}/", family_view(family).as_view(), name=f"report-{family.key}")
        for family in registry.families()
        if family.api is not None
    ]
