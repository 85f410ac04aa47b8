"""Asking for more time and the plan owner's answer; an approved extension moves the deadline, its history kept."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import DomainError, audit_record, required_text
from reform.choices import ExtensionStatus
from reform.models import Task, TaskExtension
from reform.services.common import ensure_leads, ensure_manages, lock_task, save_task, today
from reform.workflow import ensure


@transaction.atomic
def extension_request(
    *, actor: User | None, task: Task | int, requested_deadline: dt.date, reason: str, version: int | None = None
) -> TaskExtension:
    """The lead agency asks to move the deadline to a later day, saying why (one open request at a time)."""
    task = lock_task(task, actor, version=version)
    ensure_leads(actor, task)
    ensure("request_extension", task)
    if requested_deadline is None or requested_deadline <= task.deadline:
        raise DomainError(
            _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(date)s).") % {"date": f"{task.deadline:%d/%m/%Y}"}
        )
    extension = TaskExtension.objects.create(
        task=task,
        previous_deadline=task.deadline,
        requested_deadline=requested_deadline,
        reason=required_text(reason, _("Cần nêu lý do đề nghị gia hạn.")),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        verb="reform.extension_requested",
        target=task,
        unit=task.plan.unit,
        before=task.deadline.isoformat(),
        after=requested_deadline.isoformat(),
        payload={"extension": extension.pk},
    )
    return extension


@transaction.atomic
def extension_decide(
    *,
    actor: User | None,
    task: Task | int,
    approve: bool,
    note: str = "",
    deadline: dt.date | None = None,
    version: int | None = None,
) -> TaskExtension:
    """The plan's owner approves (optionally to an earlier day than asked, still after the current deadline) or
    refuses (saying why) the open request. Approval changes the deadline in force; the request stays as history."""
    task = lock_task(task, actor, version=version)
    ensure_manages(actor, task.plan)
    ensure("decide_extension", task)
    extension = task.extensions.select_for_update().get(status=ExtensionStatus.PENDING)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Cần nêu lý do không đồng ý gia hạn."))
    granted = deadline or extension.requested_deadline
    if approve and granted <= task.deadline:
        raise DomainError(
            _("Thời hạn gia hạn phải sau thời hạn hiện tại (%(date)s).") % {"date": f"{task.deadline:%d/%m/%Y}"}
        )
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by, extension.decided_at, extension.decided_on = actor, timezone.now(), today()
    extension.decision_note = note
    if approve:
        extension.granted_deadline = granted
    extension.save()
    if approve:
        before = task.deadline.isoformat()
        task.deadline = granted
        save_task(
            task,
            actor=actor,
            verb="reform.extension_approved",
            before=before,
            payload={"extension": extension.pk, "deadline": granted.isoformat()},
        )
    else:
        audit_record(
            actor=actor,
            verb="reform.extension_rejected",
            target=task,
            unit=task.plan.unit,
            payload={"extension": extension.pk, "note": note},
        )
    return extension
