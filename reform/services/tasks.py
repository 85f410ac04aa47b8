"""The lead agency's reports on a task (progress, completion) and the managers' answers (confirm, return, cancel)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import DomainError, required_text, validated
from reform.choices import CompletionStatus, ExtensionStatus, TaskStatus
from reform.models import Task, TaskCompletion, TaskProgress
from reform.selectors import deadline_in_force
from reform.services.common import attach, day_checked, ensure_leads, ensure_manages, lock_task, save_task, today
from reform.services.rollup import progress_rollup
from reform.workflow import ensure


def _last_reported_progress(task: Task) -> int:
    last = task.updates.order_by("-reported_at", "-id").values_list("progress", flat=True).first()
    return min(last or 0, 99)


@transaction.atomic
def task_progress_record(
    *,
    actor: User | None,
    task: Task | int,
    progress: int,
    text: str,
    document_number: str = "",
    upload=None,
    version: int | None = None,
) -> TaskProgress:
    """The lead agency reports how far the task is (below 100%: reaching it is a completion, with evidence)."""
    task = lock_task(task, actor, version=version)
    ensure_leads(actor, task)
    ensure("update_progress", task)
    if task.children.exists():
        raise DomainError(_("Tiến độ của nhiệm vụ có nhiệm vụ con được tính từ các nhiệm vụ con."))
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise DomainError(_("Tiến độ là một số nguyên từ 0 đến 100."))
    if progress == 100:
        raise DomainError(_("Nhiệm vụ đạt 100% thì báo cáo hoàn thành kèm minh chứng."))
    update = TaskProgress(
        task=task,
        progress=progress,
        text=required_text(text, _("Cần nêu kết quả thực hiện.")),
        document_number=(document_number or "").strip(),
        reported_by=actor,
    )
    attach(update, upload)
    validated(update, exclude=["file"])
    update.save()
    before = task.status
    task.progress, task.status = progress, TaskStatus.IN_PROGRESS
    save_task(task, actor=actor, verb="reform.task_progress", before=before, payload={"progress": progress})
    progress_rollup(task.parent if task.parent_id else None)
    return update


@transaction.atomic
def task_complete(
    *,
    actor: User | None,
    task: Task | int,
    evidence_number: str,
    evidence_date: dt.date | None,
    completed_on: dt.date | None = None,
    note: str = "",
    upload=None,
    version: int | None = None,
) -> TaskCompletion:
    """Report the task completed with its evidence; it counts at once, or once the owner confirms it when the plan
    requires confirmation (a plan manager's own report needs no confirmation)."""
    task = lock_task(task, actor, version=version)
    ensure_leads(actor, task)
    ensure("complete", task)
    plan = task.plan
    completed_on = day_checked(completed_on, plan, what=_("Ngày hoàn thành"))
    number = required_text(evidence_number, _("Cần nhập số văn bản minh chứng việc hoàn thành."))
    if evidence_date is None:
        raise DomainError(_("Cần nhập ngày của văn bản minh chứng."))
    if evidence_date > today():
        raise DomainError(_("Ngày văn bản minh chứng không được sau ngày hôm nay."))
    from reform.scoping import manages_plan

    needs_confirmation = plan.requires_confirmation and not manages_plan(actor, plan)
    completion = TaskCompletion(
        task=task,
        completed_on=completed_on,
        evidence_number=number,
        evidence_date=evidence_date,
        note=(note or "").strip(),
        status=CompletionStatus.PENDING if needs_confirmation else CompletionStatus.ACCEPTED,
        reported_by=actor,
    )
    attach(completion, upload)
    validated(completion, exclude=["file"])
    completion.save()
    # An open extension request has no object once the work is done.
    task.extensions.filter(status=ExtensionStatus.PENDING).update(
        status=ExtensionStatus.REJECTED,
        decided_at=timezone.now(),
        decided_on=today(),
        decision_note=_("Nhiệm vụ đã báo cáo hoàn thành."),
    )
    before = task.status
    task.status = TaskStatus.REPORTED if needs_confirmation else TaskStatus.COMPLETED
    task.progress = 100
    task.completed_on = completed_on
    task.counted_on = None if needs_confirmation else completed_on
    # "On time" against the deadline in force on the day the work was done (an extension granted later does not
    # make a late completion on time).
    task.due_when_completed = deadline_in_force(task, completed_on)
    task.evidence_number, task.evidence_date = number, evidence_date
    save_task(
        task,
        actor=actor,
        verb="reform.task_completed",
        before=before,
        payload={"completed_on": completed_on.isoformat(), "evidence": number, "confirmation": needs_confirmation},
        on=completed_on,
    )
    progress_rollup(task.parent if task.parent_id else None)
    return completion


def _pending_completion(task: Task) -> TaskCompletion:
    completion = task.completions.filter(status=CompletionStatus.PENDING).order_by("-reported_at", "-id").first()
    if completion is None:
        raise DomainError(_("Không có báo cáo hoàn thành nào chờ xác nhận."))
    return completion


@transaction.atomic
def task_confirm_completion(*, actor: User | None, task: Task | int, version: int | None = None) -> Task:
    """The plan's owner confirms a reported completion: from now the task counts as completed, on the day reported."""
    task = lock_task(task, actor, version=version)
    ensure_manages(actor, task.plan)
    ensure("confirm", task)
    completion = _pending_completion(task)
    completion.status, completion.decided_by, completion.decided_at = CompletionStatus.CONFIRMED, actor, timezone.now()
    completion.save(update_fields=["status", "decided_by", "decided_at"])
    before = task.status
    task.status = TaskStatus.COMPLETED
    task.counted_on = max(task.completed_on, today())  # it counts once confirmed, never before
    save_task(
        task,
        actor=actor,
        verb="reform.task_completion_confirmed",
        before=before,
        payload={"completion": completion.pk},
        on=task.counted_on,
    )
    progress_rollup(task.parent if task.parent_id else None)
    return task


@transaction.atomic
def task_return_completion(*, actor: User | None, task: Task | int, reason: str, version: int | None = None) -> Task:
    """The plan's owner returns a reported completion, saying why; the task is in progress again."""
    task = lock_task(task, actor, version=version)
    ensure_manages(actor, task.plan)
    ensure("return_completion", task)
    reason = required_text(reason, _("Cần nêu lý do trả lại báo cáo hoàn thành."))
    completion = _pending_completion(task)
    completion.status, completion.decided_by, completion.decided_at = CompletionStatus.RETURNED, actor, timezone.now()
    completion.return_reason = reason
    completion.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
    before = task.status
    _reopened(task)
    save_task(task, actor=actor, verb="reform.task_completion_returned", before=before, payload={"reason": reason})
    progress_rollup(task.parent if task.parent_id else None)
    return task


def _reopened(task: Task) -> None:
    task.status = TaskStatus.IN_PROGRESS
    task.progress = _last_reported_progress(task)
    task.completed_on = task.due_when_completed = task.counted_on = None
    task.evidence_number, task.evidence_date = "", None


@transaction.atomic
def task_cancel(
    *,
    actor: User | None,
    task: Task | int,
    reason: str,
    cancelled_on: dt.date | None = None,
    version: int | None = None,
) -> Task:
    """The plan's owner cancels a task (it leaves both denominators); a parent's open sub-tasks go with it."""
    task = lock_task(task, actor, version=version)
    ensure_manages(actor, task.plan)
    ensure("cancel", task)
    reason = required_text(reason, _("Cần nêu lý do hủy nhiệm vụ."))
    cancelled_on = day_checked(cancelled_on, task.plan, what=_("Ngày hủy"))
    before = task.status
    task.status, task.cancel_reason, task.cancelled_on = TaskStatus.CANCELLED, reason, cancelled_on
    task.extensions.filter(status=ExtensionStatus.PENDING).update(
        status=ExtensionStatus.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        decided_on=today(),
        decision_note=_("Nhiệm vụ đã bị hủy."),
    )
    task.completions.filter(status=CompletionStatus.PENDING).update(
        status=CompletionStatus.RETURNED, decided_by=actor, decided_at=timezone.now(), return_reason=reason
    )
    task.completed_on = task.due_when_completed = task.counted_on = None
    save_task(
        task, actor=actor, verb="reform.task_cancelled", before=before, payload={"reason": reason}, on=cancelled_on
    )
    open_children = task.children.exclude(status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED])
    for child in open_children:
        task_cancel(actor=actor, task=child, reason=reason, cancelled_on=cancelled_on)
    progress_rollup(task.parent if task.parent_id else None)
    return task


@transaction.atomic
def task_reopen(*, actor: User | None, task: Task | int, reason: str, version: int | None = None) -> Task:
    """The plan's owner reopens a completed or cancelled task (a completion found wanting, a cancellation undone)."""
    task = lock_task(task, actor, version=version)
    ensure_manages(actor, task.plan)
    ensure("reopen", task)
    reason = required_text(reason, _("Cần nêu lý do mở lại nhiệm vụ."))
    if task.parent_id and task.parent.status in (TaskStatus.COMPLETED, TaskStatus.CANCELLED):
        raise DomainError(_("Nhiệm vụ cha đã hoàn thành hoặc đã hủy: mở lại nhiệm vụ cha trước."))
    before = task.status
    _reopened(task)
    task.cancel_reason, task.cancelled_on = "", None
    save_task(task, actor=actor, verb="reform.task_reopened", before=before, payload={"reason": reason})
    if task.children.exists():
        progress_rollup(task)  # a parent's progress is its children's, not its own last update
    progress_rollup(task.parent if task.parent_id else None)
    return task
