"""Propose and approve (trình – duyệt): who approves which step, return, reject, batch, history, secrecy."""

import datetime as dt

import pytest

from petitions.choices import Kind, Status
from petitions.models import ApprovalDelegate, Proposal
from petitions.services import ConcurrentEdit, petition_classify
from petitions.services.approvals import (
    approval_queue,
    needs_approval,
    proposal_approve,
    proposal_reject,
    proposal_return,
    proposal_submit,
    proposals_approve_batch,
)
from portal.models import AuditEvent, Notification, User
from portal.services import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def head():
    return User.objects.get(username="xa.lanhdao")


@pytest.fixture
def deputy(commune_officer_a):
    """A commune inspector the head designates to approve acceptances only."""
    user = User.objects.get(username="xa.thanhtra")
    ApprovalDelegate.objects.create(agency=commune_officer_a.agency, user=user, steps=["accept"])
    return user


@pytest.fixture
def classified(receive, commune_officer_a):
    def make(**kwargs):
        p = receive(**kwargs)
        return petition_classify(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=True
        )

    return make


def propose_accept(officer, petition, note="Đề nghị thụ lý"):
    return proposal_submit(
        actor=officer,
        petition=petition,
        step="accept",
        cleaned={"version": petition.version, "accepted_on": dt.date(2026, 11, 5)},
        note=note,
    )


def test_an_officer_proposes_and_the_head_approves(classified, commune_officer_a, head):
    petition = classified()
    assert needs_approval(commune_officer_a, petition, "accept")
    assert not needs_approval(commune_officer_a, petition, "classify")
    assert not needs_approval(head, petition, "accept")
    proposal = propose_accept(commune_officer_a, petition)
    petition.refresh_from_db()
    assert petition.status == Status.CLASSIFIED  # nothing goes out before the decision
    assert Notification.objects.filter(recipient=head, verb="petition.proposal_submitted").exists()
    assert list(approval_queue(head)) == [proposal]
    proposal_approve(actor=head, proposal_id=proposal.pk)
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED and petition.accepted_on == dt.date(2026, 11, 5)
    verbs = list(AuditEvent.objects.filter(target_id=str(petition.pk)).values_list("verb", flat=True))
    assert "petition.proposal_submitted" in verbs and "petition.accepted" in verbs
    assert "petition.proposal_approved" in verbs
    accepted = AuditEvent.objects.get(target_id=str(petition.pk), verb="petition.accepted")
    assert accepted.actor == head


def test_waiting_for_approval_does_not_stop_the_clock(classified, commune_officer_a, head):
    petition = classified()
    deadline = petition.deadline
    propose_accept(commune_officer_a, petition)
    petition.refresh_from_db()
    assert petition.deadline == deadline


def test_a_returned_proposal_goes_back_with_comments_and_can_be_resubmitted(
    classified, commune_officer_a, head, client_for
):
    petition = classified()
    proposal = propose_accept(commune_officer_a, petition)
    with pytest.raises(DomainError, match="ý kiến"):
        proposal_return(actor=head, proposal_id=proposal.pk, comments=" ")
    proposal_return(actor=head, proposal_id=proposal.pk, comments="Bổ sung biên bản làm việc")
    note = Notification.objects.get(recipient=commune_officer_a, verb="petition.proposal_returned")
    assert "Bổ sung biên bản làm việc" in note.message
    page = client_for(commune_officer_a).get("/petitions/mine/").content.decode()
    assert "Bổ sung biên bản làm việc" in page
    petition.refresh_from_db()
    again = propose_accept(commune_officer_a, petition, note="Đã bổ sung")
    assert again.status == "submitted" and Proposal.objects.filter(petition=petition).count() == 2


def test_rejection_needs_a_reason_and_changes_nothing(classified, commune_officer_a, head):
    petition = classified()
    proposal = propose_accept(commune_officer_a, petition)
    with pytest.raises(DomainError):
        proposal_reject(actor=head, proposal_id=proposal.pk, comments="")
    proposal_reject(actor=head, proposal_id=proposal.pk, comments="Không thuộc thẩm quyền")
    petition.refresh_from_db()
    assert petition.status == Status.CLASSIFIED
    with pytest.raises(DomainError, match="đã được xử lý"):
        proposal_approve(actor=head, proposal_id=proposal.pk)


def test_only_the_head_or_a_designated_deputy_may_approve(
    classified, commune_officer_a, commune_officer_b, deputy, province_leader
):
    petition = classified()
    proposal = propose_accept(commune_officer_a, petition)
    with pytest.raises(DomainError, match="Không tìm thấy"):  # outside the scope: looks like a missing one
        proposal_approve(actor=commune_officer_b, proposal_id=proposal.pk)
    for outsider in (province_leader, commune_officer_a):
        with pytest.raises(DomainError, match="thẩm quyền duyệt"):
            proposal_approve(actor=outsider, proposal_id=proposal.pk)
    assert list(approval_queue(deputy)) == [proposal]
    proposal_approve(actor=deputy, proposal_id=proposal.pk)
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED


def test_a_deputy_approves_only_the_steps_designated(classified, commune_officer_a, deputy, head):
    from petitions.services import petition_accept

    petition = classified()
    petition = petition_accept(
        actor=head, petition_id=petition.pk, expected_version=petition.version, accepted_on=dt.date(2026, 11, 5)
    )
    proposal = proposal_submit(
        actor=commune_officer_a,
        petition=petition,
        step="settle",
        cleaned={
            "version": petition.version,
            "settled_on": dt.date(2026, 11, 19),
            "decision_no": "9/QĐ",
            "result": "right",
        },
    )
    assert list(approval_queue(deputy)) == []
    with pytest.raises(DomainError, match="thẩm quyền duyệt"):
        proposal_approve(actor=deputy, proposal_id=proposal.pk)


def test_one_open_proposal_per_step_and_stale_proposals_are_refused(classified, commune_officer_a):
    petition = classified()
    propose_accept(commune_officer_a, petition)
    with pytest.raises(DomainError, match="đang chờ duyệt"):
        propose_accept(commune_officer_a, petition)
    other = classified()
    with pytest.raises(ConcurrentEdit):
        proposal_submit(
            actor=commune_officer_a,
            petition=other,
            step="accept",
            cleaned={"version": other.version - 1, "accepted_on": dt.date(2026, 11, 5)},
        )


def test_batch_approval_goes_on_past_a_failing_proposal(classified, commune_officer_a, head):
    first, second = classified(), classified()
    p1, p2 = propose_accept(commune_officer_a, first), propose_accept(commune_officer_a, second)
    proposal_reject(actor=head, proposal_id=p2.pk, comments="Sai thẩm quyền")  # already decided: will fail
    approved, errors = proposals_approve_batch(actor=head, proposal_ids=[p2.pk, p1.pk])
    assert approved == 1 and len(errors) == 1 and second.register_number in errors[0]
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED


def test_batch_approval_from_the_queue_page(client_for, classified, commune_officer_a, head):
    petitions = [classified(), classified()]
    proposals = [propose_accept(commune_officer_a, p) for p in petitions]
    client = client_for(head)
    page = client.get("/petitions/approvals/").content.decode()
    assert all(p.register_number in page for p in petitions)
    assert "2 tờ trình đang chờ duyệt" in client.get("/").content.decode()
    client.post("/petitions/approvals/", {"proposal": [p.pk for p in proposals]})
    assert all(Proposal.objects.get(pk=p.pk).status == "approved" for p in proposals)


def test_an_approver_who_is_not_the_head_sees_the_denouncers_pseudonym(
    classified, commune_officer_a, deputy, client_for
):
    from petitions.services import PetitionerData

    petition = classified(kind=Kind.DENUNCIATION, petitioners=[PetitionerData("Người Tố Cáo Ẩn Danh")])
    propose_accept(commune_officer_a, petition)
    page = client_for(deputy).get(f"/petitions/{petition.pk}/?show=identity").content.decode()
    assert "Người Tố Cáo Ẩn Danh" not in page and petition.pseudonym in page
    assert "Duyệt" in page  # the deputy can still decide the proposal


def test_history_shows_who_proposed_and_decided(client_for, classified, commune_officer_a, head):
    petition = classified()
    proposal = propose_accept(commune_officer_a, petition, note="Đủ điều kiện")
    proposal_return(actor=head, proposal_id=proposal.pk, comments="Xem lại ngày thụ lý")
    page = client_for(commune_officer_a).get(f"/petitions/{petition.pk}/").content.decode()
    assert "Trình – duyệt" in page and "Đủ điều kiện" in page and "Xem lại ngày thụ lý" in page
    assert "Trả lại" in page


def test_deciding_a_proposal_outside_the_scope_is_a_404(client_for, classified, commune_officer_a, commune_officer_b):
    proposal = propose_accept(commune_officer_a, classified())
    neighbour_head = User.objects.get(username="xa2.lanhdao")
    response = client_for(neighbour_head).post(f"/petitions/proposals/{proposal.pk}/approve/", {"comments": ""})
    assert response.status_code == 404
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"


def test_decision_redirect_stays_on_this_site(client_for, classified, commune_officer_a, head):
    proposal = propose_accept(commune_officer_a, classified())
    response = client_for(head).post(
        f"/petitions/proposals/{proposal.pk}/return/", {"comments": "Bổ sung", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/petitions/approvals/"


def test_the_queue_and_my_work_run_a_constant_number_of_queries(
    client_for, classified, commune_officer_a, head, django_assert_max_num_queries
):
    for _ in range(6):
        propose_accept(commune_officer_a, classified())
    head_client, officer_client = client_for(head), client_for(commune_officer_a)
    with django_assert_max_num_queries(15):
        assert head_client.get("/petitions/approvals/").status_code == 200
    with django_assert_max_num_queries(15):
        assert head_client.get("/").status_code == 200
    with django_assert_max_num_queries(15):
        assert officer_client.get("/petitions/mine/").status_code == 200
