"""Writes of the personal-data app: the record of processing and the data subjects' requests, each audited.

The retention sweep is in privacy.retention."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.concurrency import lock_current, version_bump
from portal.models import AdministrativeUnit
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotFound, NotPermitted, audit_record, required_text, validated
from privacy.choices import RequestOutcome, RequestStatus, Right
from privacy.models import DataSubjectRequest, ProcessingRecord

if TYPE_CHECKING:
    from portal.models import User

VIEW_RECORD = "privacy.view_processingrecord"
CHANGE_RECORD = "privacy.change_processingrecord"
VIEW_REQUEST = "privacy.view_datasubjectrequest"
ADD_REQUEST = "privacy.add_datasubjectrequest"
CHANGE_REQUEST = "privacy.change_datasubjectrequest"

RECORD_FIELDS = ("category", "data_items", "sensitive", "purpose", "legal_basis", "recipients", "storage", "retention")


def _require(actor: User | None, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise NotPermitted(_("Bạn không có quyền thực hiện thao tác này."))


@transaction.atomic
def processing_record_update(
    *, actor: User | None, record_id: int, data: dict, version: int | None = None
) -> ProcessingRecord:
    """Change what the record says of one data category; the audit keeps which fields changed. With `version`
    (the page's), a record another administrator saved meanwhile is refused rather than overwritten."""
    _require(actor, CHANGE_RECORD)
    record = lock_current(
        ProcessingRecord.objects.all(), record_id, version, missing=NotFound(_("Không tìm thấy loại dữ liệu này."))
    )
    changed = [name for name in RECORD_FIELDS if name in data and getattr(record, name) != data[name]]
    for name in changed:
        setattr(record, name, data[name])
    if not changed:
        return record
    record.updated_by = actor
    validated(record)
    record.save()
    version_bump(record)
    # The record is about categories, not people: its old texts may be kept in the trail.
    audit_record(actor=actor, verb="privacy.record_changed", target=record, payload={"fields": changed})
    return record


def request_due_on(received_on: dt.date) -> dt.date:
    """The answer's due date: PRIVACY_REQUEST_DAYS calendar days (the law's own limit cần xác minh)."""
    return received_on + dt.timedelta(days=settings.PRIVACY_REQUEST_DAYS)


@transaction.atomic
def subject_request_create(
    *,
    actor: User | None,
    unit: AdministrativeUnit,
    right: str,
    requester_name: str,
    requester_contact: str = "",
    details: str = "",
    received_on: dt.date | None = None,
) -> DataSubjectRequest:
    """Log a data subject's request received by a unit of the official's scope, with its due date."""
    _require(actor, ADD_REQUEST)
    ensure_in_scope(actor, unit, missing=_("Không tìm thấy đơn vị này."))
    if right not in Right.values:
        raise DomainError(_("Hãy chọn quyền mà công dân yêu cầu."))
    received_on = received_on or timezone.localdate()
    request = DataSubjectRequest(
        unit=unit,
        right=right,
        requester_name=required_text(requester_name, _("Hãy ghi họ tên người yêu cầu.")),
        requester_contact=(requester_contact or "").strip(),
        details=(details or "").strip(),
        received_on=received_on,
        due_on=request_due_on(received_on),
        created_by=actor,
    )
    validated(request)
    request.save()
    # Counted, never named: who asked stays on the request itself.
    audit_record(
        actor=actor,
        verb="privacy.request_created",
        target=request,
        unit=unit,
        after=RequestStatus.OPEN,
        payload={"right": right, "due_on": request.due_on.isoformat()},
    )
    return request


@transaction.atomic
def subject_request_close(
    *,
    actor: User | None,
    request_id: int,
    outcome: str,
    outcome_note: str = "",
    closed_on: dt.date | None = None,
) -> DataSubjectRequest:
    """Record how an open request was answered, by whom and when; a closed one stays closed."""
    _require(actor, CHANGE_REQUEST)
    request = DataSubjectRequest.objects.select_for_update().select_related("unit").filter(pk=request_id).first()
    missing = _("Không tìm thấy yêu cầu này.")
    if request is None:
        raise NotFound(missing)
    ensure_in_scope(actor, request.unit, missing=missing)
    if request.status != RequestStatus.OPEN:
        raise DomainError(_("Yêu cầu này đã kết thúc."))
    if outcome not in RequestOutcome.values:
        raise DomainError(_("Hãy chọn kết quả xử lý yêu cầu."))
    if outcome == RequestOutcome.REFUSED and not (outcome_note or "").strip():
        raise DomainError(_("Từ chối yêu cầu phải ghi rõ lý do."))
    request.status = RequestStatus.CLOSED
    request.outcome = outcome
    request.outcome_note = (outcome_note or "").strip()
    request.closed_on = closed_on or timezone.localdate()
    request.handled_by = actor
    validated(request)
    request.save()
    audit_record(
        actor=actor,
        verb="privacy.request_closed",
        target=request,
        unit=request.unit,
        before=RequestStatus.OPEN,
        after=RequestStatus.CLOSED,
        payload={"outcome": outcome, "late": request.closed_on > request.due_on},
    )
    return request
