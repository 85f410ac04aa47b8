"""Settlement of accepted cases: verification, extension, pause, decision, publication, closing, second round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from petitions import workflow
from petitions.choices import (
    Complexity,
    DeadlineEvent,
    Kind,
    SettlementForm,
    Status,
)
from petitions.deadlines import (
    compute_deadline,
    extension_days_allowed,
    extensions_allowed,
    load_rules,
    pick_rule,
)
from petitions.models import Extension, Pause, Petition
from petitions.services.common import (
    PetitionerData,
    _lock,
    _save,
    today,
)
from petitions.services.intake import petition_receive
from portal.models import Agency, User
from portal.services import DomainError, audit_record
from portal.workcalendar import WorkCalendar


@transaction.atomic
def petition_start_verification(*, actor: User | None, petition_id: int, expected_version: int | None) -> Petition:
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("verify", petition)
    petition.status = Status.VERIFYING
    return _save(petition, actor=actor, verb="petition.verification_started", before=before)


@transaction.atomic
def petition_extend(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    decision_no: str,
    decided_on: dt.date,
    complexity: str,
    days: int = 30,
    reason: str = "",
) -> Petition:
    """Extend the settlement time: denunciations once (complex) or twice (very complex), ≤ 30 days each;
    complaints by declaring the case complex (the longer limit of the law applies)."""
    petition = _lock(petition_id, expected_version, actor)
    workflow.ensure("extend", petition)
    if not decision_no.strip():
        raise DomainError(_("Gia hạn phải có số quyết định."))
    if complexity not in (Complexity.COMPLEX, Complexity.VERY_COMPLEX):
        raise DomainError(_("Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn."))
    if petition.kind == Kind.DENUNCIATION:
        allowed = extensions_allowed(petition.kind, complexity)
        used = petition.extensions.count()
        if used >= allowed:
            raise DomainError(
                _("Vụ việc đã gia hạn %(used)s lần; tính chất này chỉ cho phép %(allowed)s lần.")
                % {"used": used, "allowed": allowed}
            )
        longest = extension_days_allowed(
            load_rules(), kind=petition.kind, round=petition.round, on=petition.accepted_on or petition.received_on
        )
        if longest is None:
            raise DomainError(_("Quy tắc thời hạn đang áp dụng không cho gia hạn vụ việc này."))
        if not 1 <= days <= longest:
            raise DomainError(_("Mỗi lần gia hạn không quá %(days)s ngày.") % {"days": longest})
        Extension.objects.create(
            petition=petition,
            days=days,
            decision_no=decision_no.strip(),
            decided_on=decided_on,
            reason=reason,
        )
    elif petition.kind == Kind.COMPLAINT:
        if petition.complexity == complexity:
            raise DomainError(_("Vụ việc đã được xác định là phức tạp."))
    petition.complexity = complexity
    return _save(
        petition,
        actor=actor,
        verb="petition.extended",
        before=petition.status,
        payload={"decision_no": decision_no, "days": days, "complexity": complexity},
    )


@transaction.atomic
def petition_pause(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    started_on: dt.date,
    reason: str,
    decision_no: str = "",
) -> Petition:
    """Temporarily suspend settlement (tạm đình chỉ); from 1 Jul 2026 the paused days do not count."""
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("pause", petition)
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do tạm đình chỉ."))
    Pause.objects.create(petition=petition, started_on=started_on, reason=reason.strip(), decision_no=decision_no)
    petition.status_before_pause, petition.status = petition.status, Status.PAUSED
    return _save(petition, actor=actor, verb="petition.paused", before=before, payload={"reason": reason})


@transaction.atomic
def petition_resume(
    *, actor: User | None, petition_id: int, expected_version: int | None, resumed_on: dt.date
) -> Petition:
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("resume", petition)
    pause = petition.pauses.filter(ended_on__isnull=True).order_by("-started_on").first()
    if pause is not None:
        if resumed_on < pause.started_on:
            raise DomainError(_("Ngày tiếp tục không thể trước ngày tạm đình chỉ."))
        pause.ended_on = resumed_on
        pause.save(update_fields=["ended_on"])
    petition.status = petition.status_before_pause or Status.ACCEPTED
    petition.status_before_pause = ""
    return _save(petition, actor=actor, verb="petition.resumed", before=before)


@transaction.atomic
def petition_settle(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    settled_on: dt.date,
    decision_no: str,
    result: str = "",
    recovered_money: Decimal = Decimal(0),
    recovered_land_m2: Decimal = Decimal(0),
    returned_money: Decimal = Decimal(0),
    returned_land_m2: Decimal = Decimal(0),
    people_disciplined: int = 0,
) -> Petition:
    """Settle by a decision or conclusion; complaints record whether they were right."""
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("settle", petition)
    if not decision_no.strip():
        raise DomainError(_("Hãy nhập số quyết định hoặc kết luận giải quyết."))
    if petition.kind == Kind.COMPLAINT and petition.round == 1 and not result:
        raise DomainError(_("Hãy chọn kết quả: khiếu nại đúng, đúng một phần hay sai."))
    if settled_on > today():
        raise DomainError(_("Ngày giải quyết không thể ở tương lai."))
    _close_open_pause(petition, settled_on)
    petition.status, petition.settlement_form = Status.SETTLED, SettlementForm.DECISION
    petition.settled_on, petition.settlement_decision_no = settled_on, decision_no.strip()
    petition.result = result if petition.kind == Kind.COMPLAINT else ""
    petition.recovered_money, petition.recovered_land_m2 = recovered_money, recovered_land_m2
    petition.returned_money, petition.returned_land_m2 = returned_money, returned_land_m2
    petition.people_disciplined = people_disciplined
    return _save(
        petition,
        actor=actor,
        verb="petition.settled",
        before=before,
        payload={
            "decision_no": decision_no,
            "on_time": bool(petition.settlement_due and settled_on <= petition.settlement_due),
        },
    )


@transaction.atomic
def petition_withdraw(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    withdrawn_on: dt.date,
    note: str = "",
) -> Petition:
    """The petitioner withdrew after explanation: settlement ends and counts as settled (DOMAIN §0)."""
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("withdraw", petition)
    if withdrawn_on > today():
        raise DomainError(_("Ngày rút đơn không thể ở tương lai."))
    _close_open_pause(petition, withdrawn_on)
    petition.status, petition.settlement_form, petition.settled_on = (
        Status.SETTLED,
        SettlementForm.WITHDRAWN,
        withdrawn_on,
    )
    return _save(petition, actor=actor, verb="petition.withdrawn", before=before, payload={"note": note})


def _close_open_pause(petition: Petition, on: dt.date) -> None:
    petition.pauses.filter(ended_on__isnull=True).update(ended_on=on)


def _publication_due(petition: Petition) -> dt.date:
    """The last day to publish the decision, from the rule table (Decree 124/2020 art. 29: 15 days)."""
    rule = pick_rule(
        load_rules(), event=DeadlineEvent.PUBLICATION, kind=petition.kind, round=petition.round, on=petition.settled_on
    )
    if rule is None:
        return dt.date.max
    return compute_deadline(rule, petition.settled_on, calendar=WorkCalendar()).due


@transaction.atomic
def petition_publish(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    published_on: dt.date,
    how: str = "",
) -> Petition:
    """Publish a complaint decision (within 15 days of issue: Decree 124/2020 art. 29)."""
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("publish", petition)
    if published_on < petition.settled_on:
        raise DomainError(_("Ngày công khai không thể trước ngày ban hành quyết định."))
    petition.status, petition.published_on = Status.PUBLISHED, published_on
    late = published_on > _publication_due(petition)
    return _save(petition, actor=actor, verb="petition.published", before=before, payload={"how": how, "late": late})


@transaction.atomic
def petition_close(
    *, actor: User | None, petition_id: int, expected_version: int | None, closed_on: dt.date | None = None
) -> Petition:
    petition = _lock(petition_id, expected_version, actor)
    before = petition.status
    workflow.ensure("close", petition)
    petition.status, petition.closed_on = Status.CLOSED, closed_on or today()
    return _save(petition, actor=actor, verb="petition.closed", before=before)


@transaction.atomic
def petition_reopen_second_round(
    *,
    actor: User | None,
    petition_id: int,
    received_on: dt.date,
    handling_agency: Agency,
    summary: str = "",
) -> Petition:
    """A second-time complaint on the same matter: a new petition of round 2, and a new case of the authority
    that settles it, linked to the first round through `parent` (the first round's figures stay as they were)."""
    first = _lock(petition_id, None, actor)
    workflow.ensure("reopen", first, on=received_on)
    petitioners = [
        PetitionerData(p.full_name, p.address, p.id_number, p.phone, p.is_representative)
        for p in first.petitioners.all()
    ]
    second = petition_receive(
        actor=actor,
        receiving_agency=handling_agency,
        kind=Kind.COMPLAINT,
        round=2,
        channel=first.channel,
        received_on=received_on,
        summary=summary or first.summary,
        content=first.content,
        field=first.field,
        petitioners=petitioners,
        handling_agency=handling_agency,
        case=None,  # a second round is a case of the second-round authority; `parent` keeps the link
        parent=first,
        remote_area=first.remote_area,
    )
    audit_record(
        actor=actor,
        verb="petition.reopened",
        target=first,
        unit=first.unit,
        payload={"second_round": second.register_number},
    )
    return second
