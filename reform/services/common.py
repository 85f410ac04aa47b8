"""What every reform service shares: locking, validation, the managers' and lead agency's checks, the audit tail."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.changes import record_changed, record_changes
from portal.concurrency import ensure_current
from portal.models import User
from portal.services import DomainError, NotFound, NotPermitted, audit_record, validated
from portal.uploads import document_checked
from reform.choices import year_start
from reform.models import AttachedFile, Plan, Task
from reform.scoping import leads_task, manages_plan


def today() -> dt.date:
    return timezone.localdate()


def plan_missing() -> str:
    return _("Không tìm thấy kế hoạch.")


def task_missing() -> str:
    return _("Không tìm thấy nhiệm vụ.")


def ensure_plan_visible(actor: User | None, plan: Plan) -> None:
    if actor is not None and not Plan.objects.visible_to(actor).filter(pk=plan.pk).exists():
        raise NotFound(plan_missing())


def ensure_manages(actor: User | None, plan: Plan) -> None:
    """Only the plan's managers set it up, decide extensions and confirm completions."""
    ensure_plan_visible(actor, plan)
    if not manages_plan(actor, plan):
        raise NotPermitted(_("Chỉ cán bộ cải cách hành chính của đơn vị có kế hoạch mới thực hiện được việc này."))


def ensure_leads(actor: User | None, task: Task) -> None:
    if not leads_task(actor, task):
        raise NotPermitted(
            _("Chỉ cơ quan chủ trì nhiệm vụ (hoặc đơn vị quản lý kế hoạch) mới cập nhật được nhiệm vụ này.")
        )


def lock_task(task: Task | int, actor: User | None, *, version: int | None = None) -> Task:
    """The task, locked for the change, if `actor` may see it; outside the scope it is "not found".

    With `version`, a task changed since the official loaded it is refused rather than overwritten."""
    pk = task.pk if isinstance(task, Task) else task
    queryset = Task.objects.select_for_update(of=("self",)).select_related("plan", "plan__unit", "lead_agency")
    try:
        locked = queryset.get(pk=pk)
    except Task.DoesNotExist as exc:
        raise NotFound(task_missing()) from exc
    if actor is not None and not Task.objects.visible_to(actor).filter(pk=pk).exists():
        raise NotFound(task_missing())
    ensure_current(
        locked, version, message=_("Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
    )
    return locked


def day_checked(day: dt.date | None, plan: Plan, *, what: str) -> dt.date:
    """A day a fact happened on: today by default, never in the future, never before the plan's year."""
    day = day or today()
    if day > today():
        raise DomainError(_("%(what)s không được sau ngày hôm nay.") % {"what": what})
    if day < year_start(plan.year):
        raise DomainError(
            _("%(what)s không được trước năm của kế hoạch (%(year)s).") % {"what": what, "year": plan.year}
        )
    return day


def attach(record: AttachedFile, upload) -> None:
    """Check an uploaded file by its bytes and attach it under a safe name (no upload: nothing)."""
    if upload is None:
        return
    checked = document_checked(upload)
    upload.name = checked.name
    record.file = upload
    record.filename = checked.name
    record.content_type = checked.content_type
    record.size = checked.size


def save_task(
    task: Task,
    *,
    actor: User | None,
    verb: str,
    before: str,
    payload: dict | None = None,
    on: dt.date | None = None,
    changes: set[tuple[int, dt.date]] | None = None,
) -> Task:
    """Validate, bump the version, save, audit and announce the change: the tail of every task service.

    `changes`, the (unit id, day) pairs whose figures moved, replaces the default (the plan's unit, `on` or today)."""
    validated(task)
    task.version = F("version") + 1
    task.save()
    task.refresh_from_db(fields=["version"])
    audit_record(
        actor=actor,
        verb=verb,
        target=task,
        unit=task.plan.unit,
        before=before,
        after=task.status,
        payload=payload or {},
    )
    if changes:
        record_changes(changes)
    else:
        record_changed(unit_id=task.plan.unit_id, on=on or today())
    return task
