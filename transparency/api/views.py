"""The public API of published complaint decisions: open without signing in, throttled by address.

The list takes the public page's filters (transparency.filtersets); the detail gives the latest redacted text
and the dates and reasons of its corrections. Withdrawn decisions are not there.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.response import Response

from portal.access import PUBLIC
from portal.throttling import AnonRateThrottle
from transparency import selectors
from transparency.api.serializers import PublicDecisionDetailSerializer, PublicDecisionSerializer
from transparency.filtersets import PublishedDecisionFilterSet


@extend_schema_view(
    list=extend_schema(summary="Published complaint decisions (public)", auth=[]),
    retrieve=extend_schema(summary="One published complaint decision with its redacted text (public)", auth=[]),
)
class PublicDecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaint decisions published by law (Decree 124/2020 art. 29), the same rows as the public page."""

    access = PUBLIC
    access_reason = "published complaint decisions, public by law: the decision's fields and its redacted text"
    authentication_classes: list = []  # the same answer for everyone: nobody signs in here
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonRateThrottle]
    filterset_class = PublishedDecisionFilterSet
    lookup_value_regex = r"\d+"
    serializer_class = PublicDecisionSerializer

    def get_queryset(self):
        return selectors.public_decisions()

    def get_serializer_class(self):
        return PublicDecisionDetailSerializer if self.action == "retrieve" else PublicDecisionSerializer

    def retrieve(self, request, *args, **kwargs):
        found = selectors.public_decision(kwargs["pk"])
        context = {**self.get_serializer_context(), "current": found.current, "corrections": found.corrections}
        return Response(PublicDecisionDetailSerializer(found.decision, context=context).data)
