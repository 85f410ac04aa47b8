"""Every transition of the petition workflow, the refused ones, locking and the audit trail."""

import datetime as dt

import pytest

from petitions.choices import Complexity, Kind, Outcome, SettlementForm, Status
from petitions.models import Case, Petition
from petitions.services import (
    ConcurrentEdit,
    petition_accept,
    petition_classify,
    petition_close,
    petition_extend,
    petition_pause,
    petition_process,
    petition_publish,
    petition_reopen_second_round,
    petition_resume,
    petition_settle,
    petition_start_verification,
    petition_withdraw,
)
from portal.models import Agency, AuditEvent
from portal.services import DomainError

pytestmark = pytest.mark.django_db


def verbs(petition):
    return list(
        AuditEvent.objects.filter(target_id=str(petition.pk), verb__startswith="petition.")
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_receiving_numbers_the_petition_opens_a_case_and_sets_deadlines(receive):
    petition = receive()
    assert petition.register_number == "L01933-2026-000001"
    assert petition.status == Status.RECEIVED
    assert petition.case.code.startswith("VV-L01933-2026-")
    # notice: 10 working days after Mon 2 Nov 2026 = Mon 16 Nov; acceptance: 7 working days (from 1 Jul 2026)
    assert petition.notice_due == dt.date(2026, 11, 16)
    assert petition.acceptance_due == dt.date(2026, 11, 11)
    assert petition.deadline == dt.date(2026, 11, 11)
    assert receive().register_number == "L01933-2026-000002"


def test_full_complaint_journey_from_intake_to_close(receive, commune_officer_a):
    actor = commune_officer_a
    p = receive()
    p = petition_classify(
        actor=actor, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=True
    )
    p = petition_accept(actor=actor, petition_id=p.pk, expected_version=p.version, accepted_on=dt.date(2026, 11, 5))
    assert p.settlement_due == dt.date(2026, 12, 7)  # 30 days → Sat 5 Dec 2026 → Monday 7 Dec
    p = petition_start_verification(actor=actor, petition_id=p.pk, expected_version=p.version)
    p = petition_settle(
        actor=actor,
        petition_id=p.pk,
        expected_version=p.version,
        settled_on=dt.date(2026, 11, 19),
        decision_no="15/QĐ-UBND",
        result="partly_right",
    )
    assert p.status == Status.SETTLED and p.settlement_form == SettlementForm.DECISION
    with pytest.raises(DomainError, match="công khai"):
        petition_close(actor=actor, petition_id=p.pk, expected_version=p.version)
    p = petition_publish(actor=actor, petition_id=p.pk, expected_version=p.version, published_on=dt.date(2026, 11, 20))
    p = petition_close(actor=actor, petition_id=p.pk, expected_version=p.version)
    assert p.status == Status.CLOSED
    assert verbs(p) == [
        "petition.received",
        "petition.classified",
        "petition.accepted",
        "petition.verification_started",
        "petition.settled",
        "petition.published",
        "petition.closed",
    ]
    case = Case.objects.get(pk=p.case_id)
    assert (case.status, case.accepted_on, case.settled_on) == (
        Status.CLOSED,
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 19),
    )


def test_audit_events_record_who_and_from_which_status(accepted, commune_officer_a):
    p = accepted()
    event = AuditEvent.objects.get(target_id=str(p.pk), verb="petition.accepted")
    assert (event.actor, event.before, event.after) == (commune_officer_a, Status.CLASSIFIED, Status.ACCEPTED)


@pytest.mark.parametrize("outcome", [Outcome.GUIDED, Outcome.URGED, Outcome.STORED])
def test_processing_without_acceptance_ends_intake(receive, commune_officer_a, outcome):
    p = receive(kind=Kind.RECOMMENDATION)
    p = petition_classify(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=False
    )
    p = petition_process(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        outcome=outcome,
        processed_on=dt.date(2026, 11, 6),
    )
    assert (p.status, p.outcome, p.deadline) == (Status.PROCESSED, outcome, None)
    assert p.notice_sent_on == dt.date(2026, 11, 6)


def test_transfer_needs_a_receiving_agency(receive, commune_officer_a):
    p = receive(kind=Kind.DENUNCIATION)
    p = petition_classify(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=False
    )
    assert p.acceptance_due == dt.date(2026, 11, 9)  # transfer within 5 working days of Mon 2 Nov
    with pytest.raises(DomainError, match="cơ quan nhận đơn"):
        petition_process(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            outcome=Outcome.TRANSFERRED,
            processed_on=dt.date(2026, 11, 6),
        )
    target = Agency.objects.get(name="Thanh tra tỉnh Bắc Kạn")
    p = petition_process(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        outcome=Outcome.TRANSFERRED,
        processed_on=dt.date(2026, 11, 6),
        transferred_to=target,
    )
    assert p.transferred_to == target


def test_cannot_accept_what_is_not_within_authority_or_unqualified(receive, commune_officer_a):
    p = receive()
    p = petition_classify(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        qualified=False,
        within_authority=True,
        unqualified_reason="Đơn không ký tên",
    )
    with pytest.raises(DomainError, match="đủ điều kiện"):
        petition_accept(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, accepted_on=dt.date(2026, 11, 5)
        )


def test_unqualified_needs_a_reason(receive, commune_officer_a):
    p = receive()
    with pytest.raises(DomainError, match="lý do"):
        petition_classify(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            qualified=False,
            within_authority=True,
        )


@pytest.mark.parametrize("step", ["settle", "publish", "close", "resume"])
def test_invalid_transitions_are_refused_with_a_clear_message(receive, commune_officer_a, step):
    p = receive()
    calls = {
        "settle": lambda: petition_settle(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            settled_on=dt.date(2026, 11, 5),
            decision_no="1",
            result="right",
        ),
        "publish": lambda: petition_publish(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, published_on=dt.date(2026, 11, 5)
        ),
        "close": lambda: petition_close(actor=commune_officer_a, petition_id=p.pk, expected_version=p.version),
        "resume": lambda: petition_resume(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, resumed_on=dt.date(2026, 11, 5)
        ),
    }
    with pytest.raises(DomainError) as error:
        calls[step]()
    assert "Mới tiếp nhận" in str(error.value) or "tạm đình chỉ" in str(error.value)
    assert Petition.objects.get(pk=p.pk).status == Status.RECEIVED


def test_a_stale_version_is_told_to_reload_and_changes_nothing(receive, commune_officer_a, commune_admin):
    p = receive()
    seen_version = p.version
    petition_classify(
        actor=commune_admin, petition_id=p.pk, expected_version=seen_version, qualified=True, within_authority=True
    )
    with pytest.raises(ConcurrentEdit, match="tải lại"):
        petition_classify(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=seen_version,
            qualified=False,
            within_authority=True,
            unqualified_reason="x",
        )
    p.refresh_from_db()
    assert p.qualified is True and p.version == seen_version + 1


def test_pause_and_resume_after_july_2026_moves_the_deadline(accepted, commune_officer_a):
    p = accepted()
    before = p.settlement_due
    p = petition_pause(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        started_on=dt.date(2026, 11, 10),
        reason="Chờ kết quả giám định",
    )
    assert p.status == Status.PAUSED
    p = petition_resume(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, resumed_on=dt.date(2026, 11, 17)
    )
    assert p.status == Status.ACCEPTED
    assert before == dt.date(2026, 12, 7)
    assert p.settlement_due == dt.date(2026, 12, 14)  # 5 Dec + 7 paused days = Sat 12 Dec → Mon 14 Dec


def test_denunciation_extensions_are_limited_by_complexity(accepted, commune_officer_a):
    p = accepted(kind=Kind.DENUNCIATION)
    assert p.settlement_due == dt.date(2026, 12, 7)  # 5 Nov + 30 = Sat 5 Dec → Mon 7 Dec
    p = petition_extend(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        decision_no="01/QĐ-GH",
        decided_on=dt.date(2026, 11, 18),
        complexity=Complexity.COMPLEX,
    )
    assert p.settlement_due == dt.date(2027, 1, 4)  # 5 Dec + 30 = Mon 4 Jan 2027 (the extension counts from the limit)
    with pytest.raises(DomainError, match="1 lần"):
        petition_extend(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            decision_no="02/QĐ",
            decided_on=dt.date(2026, 11, 19),
            complexity=Complexity.COMPLEX,
        )
    p = petition_extend(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        decision_no="02/QĐ",
        decided_on=dt.date(2026, 11, 19),
        complexity=Complexity.VERY_COMPLEX,
    )
    with pytest.raises(DomainError, match="2 lần"):
        petition_extend(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            decision_no="03/QĐ",
            decided_on=dt.date(2026, 11, 20),
            complexity=Complexity.VERY_COMPLEX,
        )
    assert p.extensions.count() == 2


def test_extension_needs_a_decision_number(accepted, commune_officer_a):
    p = accepted(kind=Kind.DENUNCIATION)
    with pytest.raises(DomainError, match="số quyết định"):
        petition_extend(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            decision_no=" ",
            decided_on=dt.date(2026, 11, 18),
            complexity=Complexity.COMPLEX,
        )


def test_complex_complaint_gets_the_longer_limit(accepted, commune_officer_a):
    p = accepted()
    p = petition_extend(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        decision_no="9/QĐ",
        decided_on=dt.date(2026, 11, 10),
        complexity=Complexity.COMPLEX,
    )
    assert p.settlement_due == dt.date(2026, 12, 21)  # 45 days after 5 Nov 2026 = Sat 20 Dec → Mon 21 Dec


def test_withdrawal_counts_as_settled(accepted, commune_officer_a):
    p = accepted()
    p = petition_withdraw(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, withdrawn_on=dt.date(2026, 11, 12)
    )
    assert (p.status, p.settlement_form, p.settled_on) == (
        Status.SETTLED,
        SettlementForm.WITHDRAWN,
        dt.date(2026, 11, 12),
    )
    p = petition_close(actor=commune_officer_a, petition_id=p.pk, expected_version=p.version)
    assert p.status == Status.CLOSED


def test_second_time_complaint_is_a_new_case_of_the_second_round_authority(
    accepted, commune_officer_a, district_officer
):
    p = accepted()
    p = petition_settle(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        settled_on=dt.date(2026, 11, 16),
        decision_no="20/QĐ",
        result="wrong",
    )
    district = Agency.objects.get(name="Ủy ban nhân dân Huyện Ba Bể")
    with pytest.raises(DomainError, match="nằm ngoài phạm vi"):  # the district registers its own second round
        petition_reopen_second_round(
            actor=commune_officer_a, petition_id=p.pk, received_on=dt.date(2026, 11, 19), handling_agency=district
        )
    second = petition_reopen_second_round(
        actor=district_officer, petition_id=p.pk, received_on=dt.date(2026, 11, 19), handling_agency=district
    )
    assert (second.round, second.parent_id, second.unit) == (2, p.pk, district.unit)
    assert second.case_id != p.case_id  # the district's own case; the commune's settled case is untouched
    assert Case.objects.get(pk=p.case_id).settled_on == dt.date(2026, 11, 16)
    assert second.petitioners.count() == 1
    assert "petition.reopened" in verbs(p)


def test_complaint_settlement_requires_a_result(accepted, commune_officer_a):
    p = accepted()
    with pytest.raises(DomainError, match="khiếu nại đúng"):
        petition_settle(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            settled_on=dt.date(2026, 11, 16),
            decision_no="20/QĐ",
        )


def test_anonymous_denunciation_without_evidence_is_not_accepted(receive, commune_officer_a):
    p = receive(kind=Kind.DENUNCIATION, petitioners=[], is_anonymous=True)
    p = petition_classify(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=True
    )
    with pytest.raises(DomainError, match="nặc danh"):
        petition_accept(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, accepted_on=dt.date(2026, 11, 5)
        )


def test_future_dates_are_refused(receive, commune_officer_a):
    with pytest.raises(DomainError, match="tương lai"):
        receive(received_on=dt.date(2026, 12, 1))


def test_a_petition_without_petitioner_must_be_marked_anonymous(receive):
    with pytest.raises(DomainError, match="nặc danh"):
        receive(petitioners=[])
