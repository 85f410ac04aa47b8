"""Verification: a team with its own deadline inside the settlement deadline, its steps, its report."""

import datetime as dt

import pytest

from petitions.choices import Kind, Status
from petitions.services.approvals import proposal_approve, proposal_submit
from petitions.services.verification import verification_assign, verification_conclude, verification_step_record
from portal.models import Agency, CatalogEntry, User
from portal.services import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return User.objects.get(username="huyen.xulydon"), [User.objects.get(username="xa.thanhtra")]


@pytest.fixture
def inspectorate():
    return Agency.objects.get(name="Thanh tra Huyện Ba Bể")


def test_assigning_a_team_starts_verification_and_lets_the_team_work_the_case(
    commune_head, accepted, commune_officer_a, team, inspectorate
):
    petition = accepted(kind=Kind.DENUNCIATION)
    lead, members = team
    verification = verification_assign(
        actor=commune_head,
        petition=petition,
        agency=inspectorate,
        lead=lead,
        members=members,
        due_on=dt.date(2026, 12, 1),
    )
    petition.refresh_from_db()
    assert petition.status == Status.VERIFYING
    assert {lead, *members} <= set(petition.assignees.all())  # the team may see the denouncer
    assert verification.due_on <= petition.settlement_due


def test_the_verification_deadline_must_fall_inside_the_settlement_deadline(
    commune_head, accepted, commune_officer_a, team, inspectorate
):
    petition = accepted()
    with pytest.raises(DomainError, match="trước hạn giải quyết"):
        verification_assign(
            actor=commune_head,
            petition=petition,
            agency=inspectorate,
            lead=team[0],
            members=[],
            due_on=petition.settlement_due + dt.timedelta(days=1),
        )


def test_steps_come_from_the_catalog_in_force(commune_head, accepted, commune_officer_a, team, inspectorate):
    petition = accepted()
    verification = verification_assign(
        actor=commune_head,
        petition=petition,
        agency=inspectorate,
        lead=team[0],
        members=[],
        due_on=dt.date(2026, 12, 1),
    )
    step = verification_step_record(
        actor=commune_officer_a,
        verification=verification,
        step_code="site-inspection",
        happened_on=dt.date(2026, 11, 20),
        minutes="Đo đạc hiện trạng thửa đất",
    )
    assert step.step.label == "Xác minh thực địa"
    CatalogEntry.objects.filter(code="dialogue").update(valid_to=dt.date(2026, 1, 1))
    with pytest.raises(DomainError, match="danh mục"):
        verification_step_record(
            actor=commune_officer_a, verification=verification, step_code="dialogue", happened_on=dt.date(2026, 11, 20)
        )


def test_the_report_is_proposed_and_approved_before_it_counts(
    commune_head, accepted, commune_officer_a, team, inspectorate
):
    petition = accepted()
    verification_assign(
        actor=commune_head,
        petition=petition,
        agency=inspectorate,
        lead=team[0],
        members=[],
        due_on=dt.date(2026, 12, 1),
    )
    petition.refresh_from_db()
    proposal = proposal_submit(
        actor=commune_officer_a,
        petition=petition,
        step="conclude_verification",
        cleaned={
            "version": petition.version,
            "conclusion": "Nội dung khiếu nại đúng một phần",
            "concluded_on": dt.date(2026, 11, 20),
        },
    )
    assert petition.verifications.get().concluded_on is None
    proposal_approve(actor=User.objects.get(username="xa.lanhdao"), proposal_id=proposal.pk)
    assert petition.verifications.get().conclusion == "Nội dung khiếu nại đúng một phần"
    with pytest.raises(DomainError, match="đang mở"):
        verification_conclude(
            actor=commune_officer_a, petition=petition, conclusion="x", concluded_on=dt.date(2026, 11, 20)
        )


def test_verification_is_assigned_and_recorded_on_the_petition_page(
    client_for, accepted, commune_officer_a, commune_head, team, inspectorate
):
    petition = accepted()
    officer_page = client_for(commune_officer_a).get(f"/petitions/{petition.pk}/").content.decode()
    assert 'name="verification-lead"' not in officer_page  # only the head assigns verification
    chair = client_for(commune_head)
    page = chair.get(f"/petitions/{petition.pk}/").content.decode()
    assert "Giao xác minh" in page
    chair.post(
        f"/petitions/{petition.pk}/verification/",
        {
            "verification-agency": inspectorate.pk,
            "verification-lead": team[0].pk,
            "verification-members": [m.pk for m in team[1]],
            "verification-due_on": "2026-12-01",
        },
    )
    client = client_for(commune_officer_a)
    client.post(
        f"/petitions/{petition.pk}/verification/steps/",
        {"vstep-step": "work-petitioner", "vstep-happened_on": "2026-11-20", "vstep-minutes": "Làm việc với ông Dũng"},
    )
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "Thanh tra Huyện Ba Bể" in page and "Làm việc với người khiếu nại, tố cáo" in page
    assert "Báo cáo kết quả xác minh" in page


def test_the_verification_pickers_say_whether_an_agency_or_an_official_is_to_be_chosen(
    client_for, accepted, commune_head
):
    page = client_for(commune_head).get(f"/petitions/{accepted().pk}/").content.decode()
    agency_picker = page.split('name="verification-agency"', 1)[1].split("</select>", 1)[0]
    lead_picker = page.split('name="verification-lead"', 1)[1].split("</select>", 1)[0]
    assert "— Chọn cơ quan —" in agency_picker and "— Chọn cán bộ —" not in agency_picker
    assert "— Chọn cán bộ —" in lead_picker and "— Chọn cơ quan —" not in lead_picker
