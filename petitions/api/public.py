"""GET /api/v1/public/petitions/{register_number}?code=…: the look-up page's answer, for other systems and apps.

Unauthenticated, answered exactly as the page (petitions.lookup decides the fields), rate-limited by the same
per-address counter, and a wrong code or an unknown number get the same 404.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from petitions.lookup import STAGES, TOO_MANY, lookup_logged, lookup_wait, petition_found, public_status
from portal.access import PUBLIC
from portal.throttling import client_address

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


class PublicPetitionSerializer(serializers.Serializer):
    register_number = serializers.CharField()
    stage = serializers.ChoiceField(choices=list(STAGES), help_text="The current stage's code.")
    stage_label = serializers.CharField(help_text="The stage as the page says it (Vietnamese by default).")
    deadline = serializers.DateField(allow_null=True, help_text="The legal deadline of the current stage, if open.")
    received_on = serializers.DateField(allow_null=True, help_text="Null for a denunciation.")
    receiving_agency = serializers.CharField(allow_null=True, help_text="Null for a denunciation.")
    result = serializers.CharField(allow_null=True, help_text="The published result, once there is one.")


class PublicPetitionView(APIView):
    access = PUBLIC
    access_reason = "a citizen's look-up with the receipt's number and code: the stage and deadline, no names"
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []  # the look-up's own per-address counter, shared with the page

    @extend_schema(
        operation_id="public_petition_lookup",
        summary="Follow a petition with its receipt's register number and look-up code",
        parameters=[OpenApiParameter("code", str, required=True, description="The look-up code on the receipt.")],
        # 404 (no petition with this number and code) and 429 are added with the portal's Error body.
        responses={200: PublicPetitionSerializer},
        auth=[],
    )
    def get(self, request, register_number: str):
        address = client_address(request)
        number = register_number.rstrip("/")
        wait = lookup_wait(address, number)
        if wait is not None:
            raise Throttled(wait=wait, detail=str(TOO_MANY))
        petition = petition_found(number, request.query_params.get("code", ""))
        lookup_logged(address, petition, channel="api")
        if petition is None:
            body = {"detail": _("Không tìm thấy đơn với số đăng ký và mã tra cứu này.")}
            return Response(body, status=status.HTTP_404_NOT_FOUND, headers=PRIVATE_HEADERS)
        return Response(public_status(petition).as_json(), headers=PRIVATE_HEADERS)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in PRIVATE_HEADERS.items():  # on the 429 too
            response[header] = value
        return response
