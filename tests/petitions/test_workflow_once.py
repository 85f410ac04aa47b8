"""What the page offers and what the service allows come from one workflow table (issue 10, item 2):
where the two had drifted, the officer now meets the rule the law sets."""

import datetime as dt

import pytest

from petitions.actions import ACTIONS, available_actions
from petitions.choices import Complexity, Kind, Outcome
from petitions.models import DeadlineRule, Petition
from petitions.services import (
    petition_assign,
    petition_classify,
    petition_close,
    petition_extend,
    petition_process,
    petition_publish,
    petition_record_transfer_reply,
    petition_settle,
)
from petitions.workflow import APPROVAL_STEPS, STEPS
from portal.models import Agency, AuditEvent
from portal.services import DomainError

pytestmark = pytest.mark.django_db


def offered(user, petition) -> set[str]:
    return {action.name for action in available_actions(user, Petition.objects.get(pk=petition.pk))}


def test_every_step_has_one_action_and_the_approval_steps_are_declared_there():
    assert set(ACTIONS) == set(STEPS)
    assert APPROVAL_STEPS == {"accept", "process", "extend", "conclude_verification", "settle", "withdraw"}


def test_an_overdue_first_complaint_offers_the_second_round_on_the_page(
    accepted, commune_officer_a, district_officer, client_for
):
    p = accepted()
    Petition.objects.filter(pk=p.pk).update(deadline=dt.date(2026, 11, 10))  # ran out of time, no decision

    # The district registers the second round; the commune, whose chair decided the first, cannot.
    assert "reopen" in offered(district_officer, p)
    assert "reopen" not in offered(commune_officer_a, p)
    page = client_for(district_officer).get(f"/petitions/{p.pk}/")
    assert page.status_code == 200
    assert "Khiếu nại lần hai" in page.content.decode()


def test_a_first_complaint_still_in_time_offers_no_second_round(accepted, commune_officer_a):
    assert "reopen" not in offered(commune_officer_a, accepted())


def test_an_anonymous_denunciation_without_evidence_is_not_offered_acceptance(receive, commune_officer_a):
    p = receive(kind=Kind.DENUNCIATION, petitioners=[], is_anonymous=True)
    p = petition_classify(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=True
    )

    assert "accept" not in offered(commune_officer_a, p)
    assert "process" in offered(commune_officer_a, p)  # it is guided or stored instead


def test_a_transfer_reply_is_recorded_once(receive, commune_officer_a):
    p = receive(kind=Kind.DENUNCIATION)
    p = petition_classify(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=False
    )
    p = petition_process(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        outcome=Outcome.TRANSFERRED,
        processed_on=dt.date(2026, 11, 6),
        transferred_to=Agency.objects.get(name="Thanh tra tỉnh Bắc Kạn"),
    )
    assert "transfer_reply" in offered(commune_officer_a, p)
    p = petition_record_transfer_reply(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        replied_on=dt.date(2026, 11, 12),
        note="Đã nhận",
    )

    assert "transfer_reply" not in offered(commune_officer_a, p)
    with pytest.raises(DomainError, match="đã được ghi"):
        petition_record_transfer_reply(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            replied_on=dt.date(2026, 11, 13),
            note="Lần nữa",
        )


def test_no_one_is_assigned_to_a_closed_petition(receive, commune_officer_a, commune_head):
    p = receive(kind=Kind.RECOMMENDATION)
    p = petition_classify(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=False
    )
    p = petition_process(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        outcome=Outcome.GUIDED,
        processed_on=dt.date(2026, 11, 6),
    )
    p = petition_close(actor=commune_officer_a, petition_id=p.pk, expected_version=p.version)

    assert "assign" not in offered(commune_head, p)
    with pytest.raises(DomainError, match="đã kết thúc"):
        petition_assign(actor=commune_head, petition_id=p.pk, expected_version=p.version, add=[commune_officer_a])


def test_the_longest_extension_comes_from_the_rule_table(accepted, commune_officer_a):
    DeadlineRule.objects.filter(code="denunciation-settle").update(extension_days=20)  # a province's stricter rule
    p = accepted(kind=Kind.DENUNCIATION)

    with pytest.raises(DomainError, match="không quá 20 ngày"):
        petition_extend(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            decision_no="01/QĐ-GH",
            decided_on=dt.date(2026, 11, 18),
            complexity=Complexity.COMPLEX,
            days=25,
        )
    p = petition_extend(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        decision_no="01/QĐ-GH",
        decided_on=dt.date(2026, 11, 18),
        complexity=Complexity.COMPLEX,
        days=20,
    )
    assert p.settlement_due == dt.date(2026, 12, 25)  # 5 Dec + 20 = Fri 25 Dec 2026


def _settled_complaint(accepted, actor):
    p = accepted()
    return petition_settle(
        actor=actor,
        petition_id=p.pk,
        expected_version=p.version,
        settled_on=dt.date(2026, 11, 6),
        decision_no="15/QĐ-UBND",
        result="wrong",
    )


def _published_late(petition) -> bool:
    event = AuditEvent.objects.filter(verb="petition.published", target_id=str(petition.pk)).get()
    return event.payload["late"]


def test_publication_in_time_is_measured_by_the_rule_table(accepted, commune_officer_a):
    p = _settled_complaint(accepted, commune_officer_a)
    p = petition_publish(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, published_on=dt.date(2026, 11, 20)
    )
    assert _published_late(p) is False  # 14 days after the decision: within the 15 days of Decree 124/2020


def test_a_shorter_publication_rule_makes_the_same_publication_late(accepted, commune_officer_a):
    DeadlineRule.objects.filter(code="complaint-publish").update(days=10)
    p = _settled_complaint(accepted, commune_officer_a)
    p = petition_publish(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, published_on=dt.date(2026, 11, 20)
    )
    assert _published_late(p) is True


def test_a_paused_case_is_resumed_not_accepted_again(accepted, commune_officer_a):
    from petitions.services import petition_accept, petition_pause, petition_start_verification

    p = accepted()
    p = petition_pause(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        started_on=dt.date(2026, 11, 10),
        reason="Chờ kết quả giám định",
    )

    assert offered(commune_officer_a, p) & {"accept", "verify"} == set()
    assert "resume" in offered(commune_officer_a, p)
    with pytest.raises(DomainError):  # accepting again would restart the settlement clock
        petition_accept(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, accepted_on=dt.date(2026, 11, 18)
        )
    with pytest.raises(DomainError):
        petition_start_verification(actor=commune_officer_a, petition_id=p.pk, expected_version=p.version)
