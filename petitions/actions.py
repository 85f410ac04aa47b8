"""Workflow actions offered on a petition: one table used by the detail page buttons and the API.

Each action binds a step of `petitions.workflow` (where it starts, its guard, whether it needs
approval) to an input form and one service; an action is offered exactly when the workflow
would let its service run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from petitions import forms as f
from petitions import services as s
from petitions.authority import ASSIGN_STEP, decider_of, may_decide
from petitions.forms.workflow import start_from_petition
from petitions.models import Petition
from petitions.workflow import APPROVAL_STEPS, STEPS, refusal
from portal.choices import AgencyKind
from portal.models import User


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form: type[forms.Form]
    run: Callable[[User, Petition, dict], Petition]
    primary: bool = False
    prepare: Callable[[forms.Form, Petition], None] | None = None  # narrows choices shown for this petition
    # Who may take the step (the service checks it too); None: anyone who may change petitions.
    allowed: Callable[[User, Petition], bool] | None = None

    def applies(self, petition: Petition) -> bool:
        return refusal(self.name, petition) is None


def may_register_second_round(user: User, petition: Petition) -> bool:
    """Whether the official's scope holds a second-round authority for this first decision: a unit above
    the petition's, or its own unit when the first decision was not its People's Committee's (a
    department's head decided; the chair decides the second time). petition_receive checks it again."""
    if user.is_superuser:
        return True
    scope = user.scope_unit
    if scope is None or not petition.unit.path.startswith(scope.path):
        return False
    return scope.path != petition.unit.path or petition.handling_agency.kind != AgencyKind.PEOPLES_COMMITTEE


def _v(data: dict) -> int | None:
    return data.get("version")


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "classify",
            _("Phân loại"),
            f.ClassifyForm,
            lambda u, p, d: s.petition_classify(
                actor=u,
                petition_id=p.pk,
                expected_version=_v(d),
                qualified=d["qualified"],
                within_authority=d["within_authority"],
                unqualified_reason=d.get("unqualified_reason", ""),
                field=d["field"],
                subfield=d.get("subfield"),
                complexity=d["complexity"],
            ),
            primary=True,
            prepare=start_from_petition,
        ),
        Action(
            "accept",
            _("Thụ lý"),
            f.AcceptForm,
            lambda u, p, d: s.petition_accept(
                actor=u, petition_id=p.pk, expected_version=_v(d), accepted_on=d["accepted_on"]
            ),
            primary=True,
        ),
        Action(
            "process",
            _("Hướng dẫn, chuyển, đôn đốc, lưu"),
            f.ProcessForm,
            lambda u, p, d: s.petition_process(
                actor=u,
                petition_id=p.pk,
                expected_version=_v(d),
                outcome=d["outcome"],
                processed_on=d["processed_on"],
                transferred_to=d.get("transferred_to"),
                note=d.get("note", ""),
            ),
            prepare=lambda form, p: f.offer_local_agencies(form, p.unit),
        ),
        Action(
            "transfer_reply",
            _("Ghi nhận phúc đáp"),
            f.TransferReplyForm,
            lambda u, p, d: s.petition_record_transfer_reply(
                actor=u, petition_id=p.pk, expected_version=_v(d), replied_on=d["replied_on"], note=d["note"]
            ),
        ),
        Action(
            "verify",
            _("Bắt đầu xác minh"),
            f.VerifyForm,
            lambda u, p, d: s.petition_start_verification(actor=u, petition_id=p.pk, expected_version=_v(d)),
        ),
        Action(
            "extend",
            _("Gia hạn"),
            f.ExtendForm,
            lambda u, p, d: s.petition_extend(
                actor=u,
                petition_id=p.pk,
                expected_version=_v(d),
                decision_no=d["decision_no"],
                decided_on=d["decided_on"],
                complexity=d["complexity"],
                days=d["days"],
                reason=d.get("reason", ""),
            ),
        ),
        Action(
            "pause",
            _("Tạm đình chỉ"),
            f.PauseForm,
            lambda u, p, d: s.petition_pause(
                actor=u,
                petition_id=p.pk,
                expected_version=_v(d),
                started_on=d["started_on"],
                reason=d["reason"],
                decision_no=d.get("decision_no", ""),
            ),
        ),
        Action(
            "resume",
            _("Tiếp tục giải quyết"),
            f.ResumeForm,
            lambda u, p, d: s.petition_resume(
                actor=u, petition_id=p.pk, expected_version=_v(d), resumed_on=d["resumed_on"]
            ),
            primary=True,
        ),
        Action(
            "settle",
            _("Giải quyết"),
            f.SettleForm,
            lambda u, p, d: s.petition_settle(
                actor=u,
                petition_id=p.pk,
                expected_version=_v(d),
                settled_on=d["settled_on"],
                decision_no=d["decision_no"],
                result=d.get("result") or "",
                recovered_money=d.get("recovered_money") or 0,
                recovered_land_m2=d.get("recovered_land_m2") or 0,
                returned_money=d.get("returned_money") or 0,
                returned_land_m2=d.get("returned_land_m2") or 0,
                people_disciplined=d.get("people_disciplined") or 0,
            ),
            primary=True,
        ),
        Action(
            "withdraw",
            _("Rút đơn"),
            f.WithdrawForm,
            lambda u, p, d: s.petition_withdraw(
                actor=u,
                petition_id=p.pk,
                expected_version=_v(d),
                withdrawn_on=d["withdrawn_on"],
                note=d.get("note", ""),
            ),
        ),
        Action(
            "publish",
            _("Công khai quyết định"),
            f.PublishForm,
            lambda u, p, d: s.petition_publish(
                actor=u, petition_id=p.pk, expected_version=_v(d), published_on=d["published_on"], how=d.get("how", "")
            ),
            primary=True,
        ),
        Action(
            "close",
            _("Kết thúc"),
            f.CloseForm,
            lambda u, p, d: s.petition_close(
                actor=u, petition_id=p.pk, expected_version=_v(d), closed_on=d["closed_on"]
            ),
        ),
        Action(
            "reopen",
            _("Khiếu nại lần hai"),
            f.ReopenForm,
            lambda u, p, d: s.petition_reopen_second_round(
                actor=u, petition_id=p.pk, received_on=d["received_on"], handling_agency=d["handling_agency"]
            ),
            prepare=lambda form, p: f.offer_local_agencies(form, p.unit),
            allowed=lambda u, p: u.has_perm("petitions.change_petition") and may_register_second_round(u, p),
        ),
        Action(
            "conclude_verification",
            _("Báo cáo kết quả xác minh"),
            f.VerificationConcludeForm,
            lambda u, p, d: _conclude(u, p, d),
        ),
        Action(
            "assign",
            _("Giao cán bộ xử lý"),
            f.AssignForm,
            lambda u, p, d: s.petition_assign(
                actor=u, petition_id=p.pk, expected_version=_v(d), add=d["assignees"], remove=d.get("remove") or []
            ),
            prepare=f.offer_handlers,
            allowed=lambda u, p: may_decide(u, p, ASSIGN_STEP),
        ),
    ]
}


def _conclude(user: User, petition: Petition, data: dict) -> Petition:
    from petitions.services.verification import verification_conclude

    return verification_conclude(
        actor=user, petition=petition, conclusion=data["conclusion"], concluded_on=data["concluded_on"]
    )


def available_actions(user: User, petition: Petition) -> list[Action]:
    """Steps the user may take now. A step with its own authority rule (the head or a designated deputy
    decides) is offered by that rule alone; the others need the right to change petitions."""
    may_change = user.has_perm("petitions.change_petition")
    return [
        action
        for action in ACTIONS.values()
        if action.applies(petition) and (action.allowed(user, petition) if action.allowed else may_change)
    ]


def _naming_who_decides(action: Action) -> Action:
    """A proposal's form says who will decide it ("Tờ trình sẽ đến: …"), read only when the page shows it."""
    narrow = action.prepare

    def prepare(form: forms.Form, petition: Petition) -> None:
        form.approval_route = SimpleLazyObject(lambda: decider_of(petition, action.name).describe())
        if narrow:
            narrow(form, petition)

    return dataclasses.replace(action, prepare=prepare)


ACTIONS = {name: _naming_who_decides(a) if name in APPROVAL_STEPS else a for name, a in ACTIONS.items()}

assert set(ACTIONS) == set(STEPS), "every workflow step has its action, and every action a step"
