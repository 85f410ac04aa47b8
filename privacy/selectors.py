"""Reads of the personal-data app: the record of processing (not unit data) and the scoped request log."""

from __future__ import annotations

from django.db.models import QuerySet

from privacy.models import DataSubjectRequest, ProcessingRecord


def processing_records() -> QuerySet[ProcessingRecord]:
    return ProcessingRecord.objects.select_related("updated_by")


def requests_visible_to(user) -> QuerySet[DataSubjectRequest]:
    """The requests received by the official's unit subtree (portal.scoping)."""
    return DataSubjectRequest.objects.visible_to(user).select_related("unit", "handled_by")
