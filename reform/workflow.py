"""The lifecycle of a task, once: per step, the statuses it starts from, where it goes, and the guard.

Each step's service calls `ensure(step, task)`; pages and the API offer a step only when
`refusal(step, task)` is None, so what is offered and what is allowed cannot drift apart. Who may take a
step (the lead agency, the plan's managers) is the services' to check (reform.scoping).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from portal.services import DomainError
from reform.choices import ExtensionStatus, TaskStatus

if TYPE_CHECKING:
    from reform.models import Task

Guard = Callable[["Task"], "str | None"]

OPEN = frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS})


@dataclass(frozen=True)
class Step:
    name: str
    # The status the step moves to; None when it depends on the plan (complete) or the task keeps its status.
    target: str | None
    starts_from: frozenset[str]
    guard: Guard | None = None
    wrong_status: Callable[[], str] | None = None


def _pending_extension(task: Task) -> bool:
    return task.extensions.filter(status=ExtensionStatus.PENDING).exists()


def _complete_guard(task: Task) -> str | None:
    if task.children.exclude(status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED]).exists():
        return _("Còn nhiệm vụ con chưa hoàn thành: hoàn thành hoặc hủy các nhiệm vụ con trước.")
    return None


def _extension_guard(task: Task) -> str | None:
    if _pending_extension(task):
        return _("Nhiệm vụ đang có một đề nghị gia hạn chờ quyết định.")
    return None


def _decide_extension_guard(task: Task) -> str | None:
    if not _pending_extension(task):
        return _("Nhiệm vụ không có đề nghị gia hạn nào chờ quyết định.")
    return None


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step("update_progress", TaskStatus.IN_PROGRESS, OPEN),
        # Completed at once, or reported for the owner's confirmation when the plan requires it.
        Step("complete", None, OPEN, guard=_complete_guard),
        Step(
            "confirm",
            TaskStatus.COMPLETED,
            frozenset({TaskStatus.REPORTED}),
            wrong_status=lambda: _("Chỉ xác nhận nhiệm vụ đã báo cáo hoàn thành và đang chờ xác nhận."),
        ),
        Step(
            "return_completion",
            TaskStatus.IN_PROGRESS,
            frozenset({TaskStatus.REPORTED}),
            wrong_status=lambda: _("Chỉ trả lại báo cáo hoàn thành đang chờ xác nhận."),
        ),
        Step("cancel", TaskStatus.CANCELLED, frozenset({*OPEN, TaskStatus.REPORTED})),
        Step(
            "reopen",
            TaskStatus.IN_PROGRESS,
            frozenset({TaskStatus.COMPLETED, TaskStatus.CANCELLED}),
            wrong_status=lambda: _("Chỉ mở lại nhiệm vụ đã hoàn thành hoặc đã hủy."),
        ),
        Step(
            "request_extension",
            None,
            OPEN,
            guard=_extension_guard,
            wrong_status=lambda: _("Chỉ đề nghị gia hạn nhiệm vụ chưa hoàn thành."),
        ),
        Step(
            "decide_extension",
            None,
            frozenset({*OPEN, TaskStatus.REPORTED}),
            guard=_decide_extension_guard,
            wrong_status=lambda: _("Nhiệm vụ đã hoàn thành hoặc đã hủy: không còn gia hạn."),
        ),
        Step(
            "edit",
            None,
            frozenset({*OPEN, TaskStatus.REPORTED}),
            wrong_status=lambda: _("Chỉ sửa nhiệm vụ chưa hoàn thành, chưa hủy."),
        ),
    ]
}

# The steps an official takes on a task (buttons, API actions), in the order pages show them.
USER_STEPS = (
    "update_progress",
    "complete",
    "confirm",
    "return_completion",
    "request_extension",
    "decide_extension",
    "cancel",
    "reopen",
)
# Which of them the lead agency takes; the rest are the plan managers'.
LEAD_STEPS = frozenset({"update_progress", "complete", "request_extension"})


def refusal(name: str, task: Task) -> str | None:
    """Why step `name` cannot be taken on `task` now (None: it can)."""
    step = STEPS[name]
    if task.status not in step.starts_from:
        if step.wrong_status is not None:
            return step.wrong_status()
        return _("Không thể chuyển nhiệm vụ từ «%(from)s» sang «%(to)s».") % {
            "from": TaskStatus(task.status).label,
            "to": TaskStatus(step.target).label if step.target else TaskStatus.COMPLETED.label,
        }
    if step.guard is not None:
        return step.guard(task)
    return None


def ensure(name: str, task: Task) -> None:
    """Raise the refusal as a DomainError: the first check of every step's service."""
    reason = refusal(name, task)
    if reason is not None:
        raise DomainError(reason)


def offered_steps(task: Task, user) -> list[str]:
    """The steps the task's status allows now and the official may take (one or two queries)."""
    from reform.scoping import leads_task, manages_plan

    manager = manages_plan(user, task.plan)
    lead = manager or leads_task(user, task)
    allowed = []
    for name in USER_STEPS:
        if not (manager or (lead and name in LEAD_STEPS)):
            continue
        if refusal(name, task) is None:
            allowed.append(name)
    return allowed
