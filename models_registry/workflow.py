"""The lifecycle of a model, once: per step, the statuses it starts from, where it goes, and the guard
that must hold.

Each step's service calls `ensure(step, model)`; pages and the API offer a step only when
`refusal(step, model)` is None, so what is offered and what is allowed cannot drift apart.
Steps marked `by_decision` are taken only by a recognition decision (`decision_issue`, `decision_correct`),
never on their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry.choices import EDITABLE_STATUSES, RECOGNIZED_STATUSES, TYPICAL_STATUSES, Status
from portal.services import DomainError

if TYPE_CHECKING:
    from models_registry.models import MobilizationModel

Guard = Callable[["MobilizationModel", dt.date], "str | None"]

# The elements a registration cannot be submitted without (the rest of the ten are encouraged, not required).
REQUIRED_ELEMENTS = ("name", "field", "owner_name", "situation", "goals", "content", "outputs")


@dataclass(frozen=True)
class Step:
    name: str
    # The status the step moves to; None when the model keeps its status (publishing, a correction's own rule).
    target: str | None
    starts_from: frozenset[str]
    guard: Guard | None = None
    by_decision: bool = False
    # What to say when the status is wrong; None: the generic "cannot go from … to …".
    wrong_status: Callable[[], str] | None = None


def window_refusal(round_, on: dt.date) -> str | None:
    """Why the round takes no registration on `on` (None: its window is open)."""
    if on < round_.registration_opens:
        return _("Đợt đăng ký chưa mở (mở từ ngày %(date)s).") % {"date": f"{round_.registration_opens:%d/%m/%Y}"}
    if on > round_.registration_closes:
        return _("Đợt đăng ký đã hết hạn (hạn cuối ngày %(date)s).") % {
            "date": f"{round_.registration_closes:%d/%m/%Y}"
        }
    return None


def missing_elements(model: MobilizationModel) -> list[str]:
    """The labels of the required registration elements still empty."""
    meta = type(model)._meta
    return [
        str(meta.get_field(name).verbose_name)
        for name in REQUIRED_ELEMENTS
        if not str(getattr(model, name) or "").strip()
    ]


def self_assessment_gaps(model: MobilizationModel) -> list[str]:
    """The criteria applying to the model without a statement, or without evidence nor a reason for its absence."""
    assessments = {assessment.criterion_id: assessment for assessment in model.self_assessments.all()}
    gaps = []
    for criterion in model.round.criteria.all():
        if not criterion.applies(model.owner_kind):
            continue
        assessment = assessments.get(criterion.pk)
        if (
            assessment is None
            or not assessment.statement.strip()
            or not (assessment.has_evidence or assessment.missing_evidence_reason.strip())
        ):
            gaps.append(criterion.text)
    return gaps


def _submit_guard(model: MobilizationModel, on: dt.date) -> str | None:
    # Only a first submission waits on the window: a model returned during evaluation comes back after it closed.
    if model.status == Status.DRAFT and (reason := window_refusal(model.round, on)):
        return reason
    if missing := missing_elements(model):
        return _("Hồ sơ đăng ký còn thiếu: %(fields)s.") % {"fields": ", ".join(missing)}
    if gaps := self_assessment_gaps(model):
        return _(
            "Chưa tự đánh giá đủ các tiêu chí (mỗi tiêu chí cần nêu mức độ đáp ứng và minh chứng, "
            "hoặc lý do chưa có minh chứng): %(criteria)s."
        ) % {"criteria": "; ".join(gaps)}
    return None


def _replicated_guard(model: MobilizationModel, on: dt.date) -> str | None:
    if not model.replications.exists():
        return _("Chưa có mô hình nào được ghi nhận là nhân rộng từ mô hình này.")
    return None


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step("submit", Status.REGISTERED, frozenset({Status.DRAFT, Status.RETURNED}), guard=_submit_guard),
        Step("return", Status.RETURNED, frozenset({Status.REGISTERED, Status.EVALUATING})),
        Step("start_evaluation", Status.EVALUATING, frozenset({Status.REGISTERED})),
        Step("withdraw", Status.WITHDRAWN, frozenset({Status.DRAFT, Status.REGISTERED, Status.RETURNED})),
        Step("recognize", Status.RECOGNIZED, frozenset({Status.EVALUATING}), by_decision=True),
        Step("not_recognize", Status.NOT_RECOGNIZED, frozenset({Status.EVALUATING}), by_decision=True),
        Step("make_typical", Status.TYPICAL, frozenset({Status.EVALUATING, Status.RECOGNIZED}), by_decision=True),
        Step(
            "correct",
            None,
            frozenset({Status.RECOGNIZED, Status.NOT_RECOGNIZED, Status.TYPICAL}),
            by_decision=True,
            wrong_status=lambda: _("Chỉ đính chính kết quả của mô hình đã có quyết định và chưa được nhân rộng."),
        ),
        Step("mark_replicated", Status.REPLICATED, frozenset({Status.TYPICAL}), guard=_replicated_guard),
        # Not moves of the status, but steps all the same: the pages offer them by the same rule.
        Step(
            "edit",
            None,
            frozenset(EDITABLE_STATUSES),
            wrong_status=lambda: _("Chỉ sửa hồ sơ khi còn là bản nháp hoặc đã được trả lại để bổ sung."),
        ),
        Step(
            "publish",
            None,
            frozenset(TYPICAL_STATUSES),
            wrong_status=lambda: _("Chỉ công khai mô hình đã được chọn tiêu biểu."),
        ),
        Step(
            "unpublish",
            None,
            frozenset(TYPICAL_STATUSES),
            wrong_status=lambda: _("Chỉ mô hình tiêu biểu mới có thể đang được công khai."),
        ),
        Step(
            "commend",
            None,
            frozenset(RECOGNIZED_STATUSES),
            wrong_status=lambda: _("Chỉ khen thưởng mô hình đã được công nhận."),
        ),
        Step(
            "score",
            None,
            frozenset({Status.EVALUATING}),
            wrong_status=lambda: _("Chỉ chấm điểm mô hình đang thẩm định."),
        ),
    ]
}

# The steps an official takes on a model directly (buttons, API actions); the rest come with a decision.
USER_STEPS = ("submit", "return", "start_evaluation", "withdraw", "mark_replicated")


def refusal(name: str, model: MobilizationModel, *, on: dt.date | None = None) -> str | None:
    """Why step `name` cannot be taken on `model` now (None: it can). `on` is the day it happens."""
    step = STEPS[name]
    if model.status not in step.starts_from:
        if step.wrong_status is not None:
            return step.wrong_status()
        return _("Không thể chuyển mô hình từ «%(from)s» sang «%(to)s».") % {
            "from": Status(model.status).label,
            "to": Status(step.target).label,
        }
    if name == "publish" and model.is_published:
        return _("Mô hình đang được công khai.")
    if name == "unpublish" and not model.is_published:
        return _("Mô hình chưa được công khai.")
    if step.guard is not None:
        return step.guard(model, on or timezone.localdate())
    return None


def ensure(name: str, model: MobilizationModel, *, on: dt.date | None = None) -> None:
    """Raise the refusal as a DomainError: the first check of every step's service."""
    reason = refusal(name, model, on=on)
    if reason is not None:
        raise DomainError(reason)


def offered_steps(model: MobilizationModel, *, on: dt.date | None = None) -> list[str]:
    """The user steps the model's status and guards allow now (the actor's rights are the services' to check)."""
    return [name for name in USER_STEPS if refusal(name, model, on=on) is None]
