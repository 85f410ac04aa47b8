"""The petition workflow, once: per step, the statuses it starts from, the guard that must hold and
whether an officer's request for it goes to the head for approval.

Each step's service calls `ensure(step, petition)`; the detail page's buttons and the API offer a step
only when `refusal(step, petition)` is None. So what is offered and what is allowed cannot drift apart.
The forms and services bound to each step are in `petitions.actions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.choices import OPEN_STATUSES, SETTLING_STATUSES, TRANSITIONS, Kind, Outcome, SettlementForm, Status
from portal.services import DomainError

if TYPE_CHECKING:
    from petitions.models import Petition, Verification

Guard = Callable[["Petition", dt.date], "str | None"]


@dataclass(frozen=True)
class Step:
    name: str
    # The status the step moves to; None when the petition keeps (or returns to) its status.
    target: str | None = None
    # Where the step may start; None: wherever TRANSITIONS allow reaching `target`.
    starts_from: frozenset[str] | None = None
    guard: Guard | None = None
    needs_approval: bool = False
    # What to say when the status is wrong; None: the generic "cannot go from … to …".
    wrong_status: Callable[[], str] | None = None

    @property
    def sources(self) -> frozenset[str]:
        if self.starts_from is not None:
            return self.starts_from
        return frozenset(status for status, targets in TRANSITIONS.items() if self.target in targets)


def _accept_guard(petition: Petition, on: dt.date) -> str | None:
    if not petition.qualified or not petition.within_authority:
        return _("Chỉ thụ lý đơn đủ điều kiện xử lý và thuộc thẩm quyền.")
    if petition.kind == Kind.DENUNCIATION and petition.is_anonymous and not petition.has_specific_evidence:
        return _("Đơn tố cáo nặc danh không được giải quyết theo Luật Tố cáo (Điều 25).")
    return None


def _transfer_reply_guard(petition: Petition, on: dt.date) -> str | None:
    if petition.outcome != Outcome.TRANSFERRED:
        return _("Chỉ ghi phúc đáp cho đơn đã chuyển.")
    if petition.transfer_reply_on:
        return _("Phúc đáp của cơ quan nhận đơn chuyển đã được ghi.")
    return None


def _extend_guard(petition: Petition, on: dt.date) -> str | None:
    if petition.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
        return _("Kiến nghị, phản ánh không gia hạn theo luật; hãy sửa quy tắc thời hạn của tỉnh.")
    return None


def _is_settled_complaint_decision(petition: Petition) -> bool:
    return petition.kind == Kind.COMPLAINT and petition.settlement_form == SettlementForm.DECISION


def _publish_guard(petition: Petition, on: dt.date) -> str | None:
    if not _is_settled_complaint_decision(petition):
        return _("Chỉ công khai quyết định giải quyết khiếu nại.")
    return None


def _close_guard(petition: Petition, on: dt.date) -> str | None:
    if petition.status == Status.SETTLED and _is_settled_complaint_decision(petition):
        return _("Quyết định giải quyết khiếu nại phải được công khai trước khi kết thúc.")
    return None


def _reopen_guard(petition: Petition, on: dt.date) -> str | None:
    """A second-time complaint: once the first decision exists, or when the first round ran out of time."""
    if petition.kind != Kind.COMPLAINT or petition.round != 1:
        return _("Chỉ khiếu nại lần đầu mới có thể khiếu nại lần hai.")
    decided = petition.status in (Status.SETTLED, Status.PUBLISHED, Status.CLOSED)
    overdue_without_decision = petition.status in OPEN_STATUSES and petition.deadline and petition.deadline < on
    if not decided and not overdue_without_decision:
        return _("Khiếu nại lần hai khi đã có quyết định lần đầu hoặc đã quá hạn giải quyết lần đầu.")
    return None


def open_verification(petition: Petition) -> Verification | None:
    """The verification of this case not yet concluded (at most one: verification_refusal sees to it)."""
    return petition.verifications.filter(concluded_on__isnull=True).first()


def _conclude_guard(petition: Petition, on: dt.date) -> str | None:
    if open_verification(petition) is None:
        return _("Không có cuộc xác minh nào đang mở.")
    return None


ALL_STATUSES = frozenset(Status.values)

STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step("classify", target=Status.CLASSIFIED),
        # TRANSITIONS also lead back to "accepted" and "verifying" when a pause ends; those are the
        # resume step's, so accepting and starting verification name where they really start.
        Step(
            "accept",
            target=Status.ACCEPTED,
            starts_from=frozenset({Status.CLASSIFIED}),
            guard=_accept_guard,
            needs_approval=True,
        ),
        Step("process", target=Status.PROCESSED, needs_approval=True),
        Step("transfer_reply", starts_from=ALL_STATUSES, guard=_transfer_reply_guard),
        Step("verify", target=Status.VERIFYING, starts_from=frozenset({Status.ACCEPTED})),
        Step(
            "extend",
            starts_from=frozenset(SETTLING_STATUSES),
            guard=_extend_guard,
            needs_approval=True,
            wrong_status=lambda: _("Chỉ gia hạn vụ việc đang giải quyết."),
        ),
        Step("pause", target=Status.PAUSED),
        Step(
            "resume",
            starts_from=frozenset({Status.PAUSED}),
            wrong_status=lambda: _("Đơn không ở trạng thái tạm đình chỉ."),
        ),
        Step("settle", target=Status.SETTLED, needs_approval=True),
        Step("withdraw", target=Status.SETTLED, needs_approval=True),
        Step("publish", target=Status.PUBLISHED, guard=_publish_guard),
        Step("close", target=Status.CLOSED, guard=_close_guard),
        Step("reopen", starts_from=ALL_STATUSES, guard=_reopen_guard),
        Step(
            "conclude_verification",
            starts_from=frozenset({Status.VERIFYING}),
            guard=_conclude_guard,
            needs_approval=True,
            wrong_status=lambda: _("Không có cuộc xác minh nào đang mở."),
        ),
        Step(
            "assign",
            starts_from=ALL_STATUSES - {Status.CLOSED},
            wrong_status=lambda: _("Đơn đã kết thúc; không giao thêm cán bộ xử lý."),
        ),
    ]
}

APPROVAL_STEPS = frozenset(name for name, step in STEPS.items() if step.needs_approval)


def verification_refusal(petition: Petition) -> str | None:
    """Why no verification can be given on this case now (None: it can); the form and the service ask."""
    if petition.status not in (Status.ACCEPTED, Status.VERIFYING):
        return _("Chỉ giao xác minh vụ việc đã thụ lý.")
    if open_verification(petition) is not None:
        return _("Vụ việc đang có một cuộc xác minh chưa kết thúc.")
    return None


def measure_refusal(petition: Petition) -> str | None:
    """Why no enforcement measure can be recorded on this case (None: it can)."""
    if petition.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION) or petition.status not in (
        Status.SETTLED,
        Status.PUBLISHED,
        Status.CLOSED,
    ):
        return _("Chỉ theo dõi thi hành sau khi có quyết định giải quyết khiếu nại, kết luận tố cáo.")
    return None


def refusal(name: str, petition: Petition, *, on: dt.date | None = None) -> str | None:
    """Why step `name` cannot be taken on `petition` now (None: it can). `on` is the day it happens."""
    step = STEPS[name]
    if petition.status not in step.sources:
        if step.wrong_status is not None:
            return step.wrong_status()
        return _("Không thể chuyển đơn từ trạng thái “%(from)s” sang “%(to)s”.") % {
            "from": Status(petition.status).label,
            "to": Status(step.target).label,
        }
    if step.guard is not None:
        return step.guard(petition, on or timezone.localdate())
    return None


def ensure(name: str, petition: Petition, *, on: dt.date | None = None) -> None:
    """Raise the refusal as a DomainError: the first line of every step's service."""
    reason = refusal(name, petition, on=on)
    if reason is not None:
        raise DomainError(reason)
