"""Every change to a petition goes through these functions: they enforce the workflow table,
optimistic locking, deadlines and the audit trail, in one transaction each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.authority import ASSIGN_STEP, may_decide
from petitions.choices import (
    OPEN_STATUSES,
    TRANSITIONS,
    Complexity,
    DeadlineEvent,
    Kind,
    Outcome,
    SettlementForm,
    Status,
)
from petitions.deadlines import PetitionFacts, RuleRow, compute_all, load_rules
from petitions.models import Case, Extension, Pause, Petition, PetitionDocument, Petitioner, RegisterCounter
from portal.changes import record_changed
from portal.choices import Generation
from portal.models import Agency, CatalogEntry, Notification, User
from portal.services import DomainError, NotPermitted, audit_record
from portal.text import fold
from portal.uploads import document_checked
from portal.workcalendar import WorkCalendar


class ConcurrentEdit(DomainError):
    """Someone else saved the petition since this official loaded it."""


@dataclass
class PetitionerData:
    full_name: str
    address: str = ""
    id_number: str = ""
    phone: str = ""
    is_representative: bool = False
    ethnicity: str = ""
    nationality: str = "Việt Nam"


def today() -> dt.date:
    return timezone.localdate()


# --- helpers ---------------------------------------------------------------------------------


def _lock(petition_id: int, expected_version: int | None) -> Petition:
    try:
        petition = Petition.objects.select_for_update().select_related("unit", "case").get(pk=petition_id)
    except Petition.DoesNotExist as exc:
        raise DomainError(_("Không tìm thấy đơn.")) from exc
    if expected_version is not None and petition.version != expected_version:
        raise ConcurrentEdit(
            _("Đơn này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thao tác lại.")
        )
    return petition


def _ensure_transition(petition: Petition, target: str) -> None:
    if target not in TRANSITIONS.get(petition.status, set()):
        raise DomainError(
            _("Không thể chuyển đơn từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": Status(petition.status).label, "to": Status(target).label}
        )


def _validated(petition: Petition) -> None:
    try:
        petition.full_clean(exclude=["case", "register_number"])
    except ValidationError as exc:
        raise DomainError("; ".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc


def _save(
    petition: Petition,
    *,
    actor: User | None,
    verb: str,
    before: str,
    payload: dict | None = None,
    calendar: WorkCalendar | None = None,
    rules: list[RuleRow] | None = None,
) -> Petition:
    """Validate, recompute deadlines, bump the version, sync the case, and audit: the tail of every service."""
    _validated(petition)
    deadlines_refresh(petition, calendar=calendar, rules=rules)
    petition.version = F("version") + 1
    petition.save()
    petition.refresh_from_db(fields=["version"])
    case_sync(petition.case)
    audit_record(
        actor=actor,
        verb=verb,
        target=petition,
        unit=petition.unit,
        before=before,
        after=petition.status,
        payload=payload or {},
    )
    for day in {petition.received_on, today()}:  # the period of the record and the current one
        record_changed(unit_id=petition.unit_id, on=day)
    return petition


def _facts(petition: Petition) -> PetitionFacts:
    pk = petition.pk
    return PetitionFacts(
        kind=petition.kind,
        round=petition.round,
        status=petition.status,
        received_on=petition.received_on,
        accepted_on=petition.accepted_on,
        within_authority=petition.within_authority,
        outcome=petition.outcome,
        notice_sent_on=petition.notice_sent_on,
        complexity=petition.complexity,
        remote_area=petition.remote_area,
        extensions=list(Extension.objects.filter(petition_id=pk).values_list("days", "decision_no")) if pk else [],
        pauses=list(Pause.objects.filter(petition_id=pk).values_list("started_on", "ended_on")) if pk else [],
    )


def deadlines_refresh(
    petition: Petition,
    *,
    calendar: WorkCalendar | None = None,
    rules: list[RuleRow] | None = None,
    on: dt.date | None = None,
) -> None:
    """Recompute and store every deadline of the petition (no save)."""
    result = compute_all(
        _facts(petition),
        rules=rules if rules is not None else load_rules(),
        calendar=calendar or WorkCalendar(),
        today=on or today(),
    )
    petition.deadlines = result.as_json()
    petition.notice_due = result.due(DeadlineEvent.NOTICE)
    petition.acceptance_due = result.due(DeadlineEvent.ACCEPTANCE) or result.due(DeadlineEvent.TRANSFER)
    petition.settlement_due = result.due(DeadlineEvent.SETTLEMENT)
    petition.deadline = result.current
    if petition.deadline is None or petition.deadline >= (on or today()):
        petition.overdue_since = None


def case_sync(case: Case) -> None:
    """Copy the lead petition's settlement facts onto its case (what resolution reports count)."""
    petitions = Petition.objects.filter(case_id=case.pk)
    lead_id = Case.objects.filter(pk=case.pk).values_list("lead_petition_id", flat=True).first()
    lead = (
        (petitions.filter(pk=lead_id) if lead_id else petitions.order_by("received_on", "id"))
        .values("status", "within_authority", "accepted_on", "settlement_due", "settled_on")
        .first()
    )
    if lead is not None:
        lead["within_authority"] = bool(lead["within_authority"])
        Case.objects.filter(pk=case.pk).update(**lead)


def _next_register_number(unit, year: int) -> str:
    counter, _created = RegisterCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last_number = F("last_number") + 1
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db(fields=["last_number"])
    prefix = unit.code if unit.generation == Generation.CURRENT else f"L{unit.code}"
    return f"{prefix}-{year}-{counter.last_number:06d}"


def _new_case(*, unit, kind: str, title: str, received_on: dt.date) -> Case:
    case = Case.objects.create(code=f"tmp-{timezone.now().timestamp()}", unit=unit, kind=kind, title=title[:255])
    prefix = unit.code if unit.generation == Generation.CURRENT else f"L{unit.code}"
    case.code = f"VV-{prefix}-{received_on.year}-{case.pk:06d}"
    case.save(update_fields=["code"])
    return case


# --- intake ----------------------------------------------------------------------------------


@transaction.atomic
def petition_receive(
    *,
    actor: User | None,
    receiving_agency: Agency,
    kind: str,
    channel: str,
    received_on: dt.date,
    summary: str,
    petitioners: Iterable[PetitionerData],
    content: str = "",
    field: str = "other",
    subfield: str = "",
    round: int = 1,
    is_anonymous: bool = False,
    has_specific_evidence: bool = False,
    handling_agency: Agency | None = None,
    case: Case | None = None,
    register_number: str | None = None,
    complexity: str = Complexity.NORMAL,
    remote_area: bool | None = None,
    assignees: Iterable[User] = (),
    parent: Petition | None = None,
    calendar: WorkCalendar | None = None,
    rules: list[RuleRow] | None = None,
) -> Petition:
    """Register a petition (đơn): number, case (new or the existing one it repeats), deadlines, audit."""
    petitioners = list(petitioners)
    if not petitioners and not is_anonymous:
        raise DomainError(_("Hãy nhập người gửi đơn, hoặc đánh dấu đơn nặc danh."))
    if received_on > today():
        raise DomainError(_("Ngày nhận đơn không thể ở tương lai."))
    unit = receiving_agency.unit
    if (
        subfield
        and not CatalogEntry.objects.filter(
            catalog=CatalogEntry.Catalog.CONTENT_FIELD, code=subfield, parent__code=field
        ).exists()
    ):
        raise DomainError(_("Nội dung cụ thể không thuộc lĩnh vực đã chọn."))
    petition = Petition(
        register_number=register_number or _next_register_number(unit, received_on.year),
        unit=unit,
        receiving_agency=receiving_agency,
        handling_agency=handling_agency or receiving_agency,
        kind=kind,
        round=round,
        channel=channel,
        received_on=received_on,
        summary=summary.strip(),
        content=content,
        field=field,
        subfield=subfield,
        is_anonymous=is_anonymous,
        has_specific_evidence=has_specific_evidence,
        complexity=complexity,
        remote_area=unit.remote_area if remote_area is None else remote_area,
        parent=parent,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if case is None:
        case = _new_case(unit=unit, kind=kind, title=summary, received_on=received_on)
    petition.case = case
    _validated(petition)
    deadlines_refresh(petition, calendar=calendar, rules=rules)
    petition.save()
    Petitioner.objects.bulk_create(
        [
            Petitioner(
                petition=petition,
                full_name=p.full_name.strip(),
                address=p.address,
                id_number=p.id_number,
                phone=p.phone,
                is_representative=p.is_representative,
                ethnicity=p.ethnicity,
                nationality=p.nationality or "Việt Nam",
                search_name=fold(p.full_name),
            )
            for p in petitioners
        ]
    )
    if assignees:
        petition.assignees.set(assignees)
    case_sync(case)
    # Never put the petitioner's identity in the audit payload: logs are read by more people.
    audit_record(
        actor=actor,
        verb="petition.received",
        target=petition,
        unit=unit,
        after=petition.status,
        payload={"kind": kind, "channel": channel, "case": case.code, "petitioners": len(petitioners)},
    )
    record_changed(unit_id=unit.pk, on=received_on)
    return petition


@transaction.atomic
def petition_classify(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    qualified: bool,
    within_authority: bool,
    unqualified_reason: str = "",
    field: str | None = None,
    complexity: str | None = None,
    handling_agency: Agency | None = None,
    on: dt.date | None = None,
) -> Petition:
    """Record whether the petition can be handled and whether it is within the agency's authority."""
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.CLASSIFIED)
    petition.qualified, petition.within_authority = qualified, within_authority
    petition.unqualified_reason = "" if qualified else unqualified_reason.strip()
    if field:
        petition.field = field
    if complexity:
        petition.complexity = complexity
    if handling_agency is not None:
        petition.handling_agency = handling_agency
    petition.classified_on = on or today()
    petition.status = Status.CLASSIFIED
    return _save(
        petition,
        actor=actor,
        verb="petition.classified",
        before=before,
        payload={
            "qualified": qualified,
            "within_authority": within_authority,
            "legal_basis": "Thông tư 05/2021/TT-TTCP",
        },
    )


@transaction.atomic
def petition_accept(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    accepted_on: dt.date,
    notice_sent_on: dt.date | None = None,
) -> Petition:
    """Accept for settlement (thụ lý): the settlement clock starts; the acceptance notice goes out."""
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.ACCEPTED)
    if not petition.qualified or not petition.within_authority:
        raise DomainError(_("Chỉ thụ lý đơn đủ điều kiện xử lý và thuộc thẩm quyền."))
    if petition.kind == Kind.DENUNCIATION and petition.is_anonymous and not petition.has_specific_evidence:
        raise DomainError(_("Đơn tố cáo nặc danh không được giải quyết theo Luật Tố cáo (Điều 25)."))
    if accepted_on > today():
        raise DomainError(_("Ngày thụ lý không thể ở tương lai."))
    petition.status, petition.outcome = Status.ACCEPTED, Outcome.ACCEPTED
    petition.accepted_on = petition.processed_on = accepted_on
    petition.notice_sent_on = petition.notice_sent_on or notice_sent_on or accepted_on
    Case.objects.filter(pk=petition.case_id).update(lead_petition=petition)
    petition.case.lead_petition = petition
    return _save(
        petition,
        actor=actor,
        verb="petition.accepted",
        before=before,
        payload={"accepted_on": accepted_on.isoformat()},
    )


@transaction.atomic
def petition_process(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    outcome: str,
    processed_on: dt.date,
    transferred_to: Agency | None = None,
    note: str = "",
) -> Petition:
    """Close intake without acceptance: guide, transfer, urge or store (DOMAIN R2.4)."""
    if outcome not in (Outcome.GUIDED, Outcome.TRANSFERRED, Outcome.URGED, Outcome.STORED):
        raise DomainError(_("Kết quả xử lý không hợp lệ."))
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.PROCESSED)
    if processed_on > today():
        raise DomainError(_("Ngày xử lý không thể ở tương lai."))
    petition.status, petition.outcome, petition.processed_on = Status.PROCESSED, outcome, processed_on
    petition.transferred_to = transferred_to if outcome == Outcome.TRANSFERRED else None
    petition.notice_sent_on = petition.notice_sent_on or processed_on
    return _save(
        petition,
        actor=actor,
        verb=f"petition.{outcome}",
        before=before,
        payload={"note": note, "transferred_to": transferred_to.name if transferred_to else ""},
    )


@transaction.atomic
def petition_record_transfer_reply(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    replied_on: dt.date,
    note: str,
) -> Petition:
    petition = _lock(petition_id, expected_version)
    if petition.outcome != Outcome.TRANSFERRED:
        raise DomainError(_("Chỉ ghi phúc đáp cho đơn đã chuyển."))
    petition.transfer_reply_on, petition.transfer_reply_note = replied_on, note.strip()
    return _save(petition, actor=actor, verb="petition.transfer_reply", before=petition.status)


# --- settlement ------------------------------------------------------------------------------


@transaction.atomic
def petition_start_verification(*, actor: User | None, petition_id: int, expected_version: int | None) -> Petition:
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.VERIFYING)
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
    petition = _lock(petition_id, expected_version)
    if petition.status not in (Status.ACCEPTED, Status.VERIFYING, Status.PAUSED):
        raise DomainError(_("Chỉ gia hạn vụ việc đang giải quyết."))
    if not decision_no.strip():
        raise DomainError(_("Gia hạn phải có số quyết định."))
    if complexity not in (Complexity.COMPLEX, Complexity.VERY_COMPLEX):
        raise DomainError(_("Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn."))
    if petition.kind == Kind.DENUNCIATION:
        allowed = 2 if complexity == Complexity.VERY_COMPLEX else 1
        used = petition.extensions.count()
        if used >= allowed:
            raise DomainError(
                _("Vụ việc đã gia hạn %(used)s lần; tính chất này chỉ cho phép %(allowed)s lần.")
                % {"used": used, "allowed": allowed}
            )
        if not 1 <= days <= 30:
            raise DomainError(_("Mỗi lần gia hạn không quá 30 ngày."))
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
    else:
        raise DomainError(_("Kiến nghị, phản ánh không gia hạn theo luật; hãy sửa quy tắc thời hạn của tỉnh."))
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
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.PAUSED)
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do tạm đình chỉ."))
    Pause.objects.create(petition=petition, started_on=started_on, reason=reason.strip(), decision_no=decision_no)
    petition.status_before_pause, petition.status = petition.status, Status.PAUSED
    return _save(petition, actor=actor, verb="petition.paused", before=before, payload={"reason": reason})


@transaction.atomic
def petition_resume(
    *, actor: User | None, petition_id: int, expected_version: int | None, resumed_on: dt.date
) -> Petition:
    petition = _lock(petition_id, expected_version)
    before = petition.status
    if petition.status != Status.PAUSED:
        raise DomainError(_("Đơn không ở trạng thái tạm đình chỉ."))
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
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.SETTLED)
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
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.SETTLED)
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
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.PUBLISHED)
    if petition.kind != Kind.COMPLAINT or petition.settlement_form != SettlementForm.DECISION:
        raise DomainError(_("Chỉ công khai quyết định giải quyết khiếu nại."))
    if published_on < petition.settled_on:
        raise DomainError(_("Ngày công khai không thể trước ngày ban hành quyết định."))
    petition.status, petition.published_on = Status.PUBLISHED, published_on
    late = (published_on - petition.settled_on).days > 15
    return _save(petition, actor=actor, verb="petition.published", before=before, payload={"how": how, "late": late})


@transaction.atomic
def petition_close(
    *, actor: User | None, petition_id: int, expected_version: int | None, closed_on: dt.date | None = None
) -> Petition:
    petition = _lock(petition_id, expected_version)
    before = petition.status
    _ensure_transition(petition, Status.CLOSED)
    if (
        petition.status == Status.SETTLED
        and petition.kind == Kind.COMPLAINT
        and petition.settlement_form == SettlementForm.DECISION
    ):
        raise DomainError(_("Quyết định giải quyết khiếu nại phải được công khai trước khi kết thúc."))
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
    first = _lock(petition_id, None)
    if first.kind != Kind.COMPLAINT or first.round != 1:
        raise DomainError(_("Chỉ khiếu nại lần đầu mới có thể khiếu nại lần hai."))
    overdue_without_decision = first.status in OPEN_STATUSES and first.deadline and first.deadline < received_on
    if first.status not in (Status.SETTLED, Status.PUBLISHED, Status.CLOSED) and not overdue_without_decision:
        raise DomainError(_("Khiếu nại lần hai khi đã có quyết định lần đầu hoặc đã quá hạn giải quyết lần đầu."))
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


# --- people and documents --------------------------------------------------------------------


@transaction.atomic
def petition_assign(
    *,
    actor: User | None,
    petition_id: int,
    expected_version: int | None,
    add: Iterable[User] = (),
    remove: Iterable[User] = (),
) -> Petition:
    """Add (or, when asked, remove) handlers. Only the head of the handling agency, or a deputy designated
    for assigning, decides: assigned officials may see a denouncer's identity."""
    petition = _lock(petition_id, expected_version)
    if actor is None or not may_decide(actor, petition, ASSIGN_STEP):
        raise NotPermitted(
            _("Chỉ thủ trưởng cơ quan giải quyết (hoặc cấp phó được ủy quyền giao việc) mới được giao cán bộ xử lý.")
        )
    add, remove = list(add), list(remove)
    outside = [
        u
        for u in add
        if not u.is_active
        or u.scope_unit is None
        or not (petition.unit.contains(u.scope_unit) or u.scope_unit.contains(petition.unit))
    ]
    if outside:
        raise DomainError(_("Chỉ giao cho cán bộ của địa bàn liên quan."))
    if {u.pk for u in add} & {u.pk for u in remove}:
        raise DomainError(_("Một cán bộ không thể vừa được giao vừa bị thôi giao."))
    before = sorted(petition.assignees.values_list("username", flat=True))
    current = set(petition.assignees.values_list("pk", flat=True))
    to_add = [u for u in add if u.pk not in current]
    to_remove = [u for u in remove if u.pk in current]
    if not to_add and not to_remove:
        raise DomainError(_("Không có thay đổi: các cán bộ đã chọn đã được giao (hoặc chưa từng được giao)."))
    petition.assignees.add(*to_add)
    petition.assignees.remove(*to_remove)
    Petition.objects.filter(pk=petition.pk).update(version=F("version") + 1)
    petition.refresh_from_db(fields=["version"])
    audit_record(
        actor=actor,
        verb="petition.assigned",
        target=petition,
        unit=petition.unit,
        payload={
            "added": sorted(u.username for u in to_add),
            "removed": sorted(u.username for u in to_remove),
            "before": before,
            "assignees": sorted(petition.assignees.values_list("username", flat=True)),
        },
    )
    return petition


@transaction.atomic
def petition_document_add(
    *,
    actor: User | None,
    petition_id: int,
    uploaded_file,
    title: str,
    doc_type: str,
    confidential: bool = False,
) -> PetitionDocument:
    petition = _lock(petition_id, None)
    checked = document_checked(uploaded_file)
    original_name = uploaded_file.name
    uploaded_file.name = checked.name  # stored under the detected type's extension, never the declared one
    document = PetitionDocument.objects.create(
        petition=petition,
        title=title.strip()[:255] or original_name[:255],
        doc_type=doc_type,
        file=uploaded_file,
        content_type=checked.content_type,
        size=checked.size,
        confidential=confidential or petition.is_confidential,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        verb="petition.document_added",
        target=petition,
        unit=petition.unit,
        payload={"document": document.pk, "confidential": document.confidential},
    )
    return document


def petition_identity_viewed(*, actor: User, petition: Petition) -> None:
    """Log every look at a denouncer's identity (who, when)."""
    audit_record(actor=actor, verb="petition.identity_viewed", target=petition, unit=petition.unit)


# --- sweeps ----------------------------------------------------------------------------------


def petitions_recompute_deadlines(*, petition_ids: Iterable[int] | None = None) -> int:
    """Recompute open petitions' deadlines (after the holiday table or a rule changed). Idempotent."""
    calendar, rules = WorkCalendar(), load_rules()
    queryset = Petition.objects.open().select_related("case")
    if petition_ids is not None:
        queryset = queryset.filter(pk__in=list(petition_ids))
    changed = 0
    for petition in queryset.iterator(chunk_size=500):
        old = (petition.notice_due, petition.acceptance_due, petition.settlement_due, petition.deadline)
        deadlines_refresh(petition, calendar=calendar, rules=rules)
        if old != (petition.notice_due, petition.acceptance_due, petition.settlement_due, petition.deadline):
            with transaction.atomic():
                petition.save(
                    update_fields=[
                        "deadlines",
                        "notice_due",
                        "acceptance_due",
                        "settlement_due",
                        "deadline",
                        "overdue_since",
                    ]
                )
                case_sync(petition.case)
            changed += 1
    return changed


def petitions_mark_overdue(*, on: dt.date | None = None) -> int:
    """Mark open petitions past their deadline and notify their handlers and leaders, once each."""
    on = on or today()
    newly = list(
        Petition.objects.open()
        .filter(deadline__lt=on, overdue_since__isnull=True)
        .select_related("handling_agency__head", "created_by")
    )
    for petition in newly:
        with transaction.atomic():
            updated = Petition.objects.filter(pk=petition.pk, overdue_since__isnull=True).update(
                overdue_since=petition.deadline + dt.timedelta(days=1)
            )
            if updated:
                _notify_overdue(petition)
                audit_record(
                    actor=None,
                    verb="petition.overdue",
                    target=petition,
                    unit=petition.unit,
                    payload={"deadline": petition.deadline.isoformat()},
                )
    return len(newly)


def _notify_overdue(petition: Petition) -> None:
    from portal.choices import Role

    recipients = set(petition.assignees.all())
    if petition.created_by:
        recipients.add(petition.created_by)
    if petition.handling_agency.head:
        recipients.add(petition.handling_agency.head)
    recipients |= set(User.objects.filter(agency=petition.handling_agency, groups__name=Role.LEADER, is_active=True))
    # The message names the register number only: never the petitioner (confidentiality).
    message = _("Đơn %(number)s đã quá hạn (hạn %(deadline)s).") % {
        "number": petition.register_number,
        "deadline": petition.deadline.strftime("%d/%m/%Y"),
    }
    for user in recipients:
        Notification.objects.get_or_create(
            recipient=user,
            dedupe_key=f"petition-overdue:{petition.pk}:{petition.deadline.isoformat()}",
            defaults={"verb": "petition.overdue", "message": message, "url": f"/petitions/{petition.pk}/"},
        )
