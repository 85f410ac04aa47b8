"""Proposals stay inside the scoping rule on every path: the queue, the API (which shows the proposal's
data), single and batch decisions; bad ids get a clear 400."""

import datetime as dt

import pytest

from petitions.choices import Status
from petitions.models import ApprovalDelegate
from petitions.services import petition_classify
from petitions.services.approvals import approval_queue, proposal_submit, proposals_approve_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(receive, commune_officer_a):
    petition = receive()
    petition = petition_classify(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        qualified=True,
        within_authority=True,
    )
    return proposal_submit(
        actor=commune_officer_a,
        petition=petition,
        step="accept",
        cleaned={"version": petition.version, "accepted_on": dt.date(2026, 11, 5)},
        note="Đề nghị thụ lý",
    )


@pytest.fixture
def foreign_deputy(commune_officer_a, commune_officer_b):
    """A designation that reaches outside the deputy's own scope (e.g. typed in by hand long ago)."""
    ApprovalDelegate.objects.create(agency=commune_officer_a.agency, user=commune_officer_b, steps=[])
    return commune_officer_b


def test_the_queue_never_lists_a_proposal_outside_the_approvers_scope(proposal, foreign_deputy, api_for):
    assert approval_queue(foreign_deputy) == []
    listed = api_for(foreign_deputy).get("/api/v1/proposals/").json()
    assert listed["count"] == 0
    assert "Đề nghị thụ lý" not in str(listed)


def test_batch_approval_checks_the_scope_like_a_single_decision(proposal, foreign_deputy):
    approved, errors = proposals_approve_batch(actor=foreign_deputy, proposal_ids=[proposal.pk])
    assert approved == 0 and errors == ["Không tìm thấy tờ trình."]
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert proposal.petition.status == Status.CLASSIFIED
    assert proposal.petition.register_number not in " ".join(errors)


def test_batch_approval_page_refuses_a_foreign_proposal(proposal, foreign_deputy, client_for):
    client_for(foreign_deputy).post("/petitions/approvals/", {"proposal": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_a_foreign_proposal_answers_404_through_the_api(proposal, foreign_deputy, api_for):
    response = api_for(foreign_deputy).post(f"/api/v1/proposals/{proposal.pk}/approve/", {}, format="json")
    assert response.status_code == 404


def test_an_official_who_may_not_decide_gets_403(proposal, commune_officer_a, api_for):
    response = api_for(commune_officer_a).post(f"/api/v1/proposals/{proposal.pk}/approve/", {}, format="json")
    assert response.status_code == 403 and "thẩm quyền" in response.json()["detail"]


@pytest.mark.parametrize("decision", ["approve", "reject", "return"])
@pytest.mark.parametrize("bad_id", ["abc", "null,null", "-1", "99999999999999999999999"])
def test_a_malformed_proposal_id_gets_a_clear_400(decision, bad_id, api_for, commune_head):
    response = api_for(commune_head).post(f"/api/v1/proposals/{bad_id}/{decision}/", {"comments": "x"}, format="json")
    assert response.status_code == 400
    assert "Mã tờ trình không hợp lệ" in response.json()["detail"]


def test_a_unicode_digit_is_not_an_id(api_for, client_for, commune_head, proposal):
    for decision in ("approve", "reject", "return"):
        response = api_for(commune_head).post(f"/api/v1/proposals/%C2%B2/{decision}/", {}, format="json")
        assert response.status_code == 400
    assert client_for(commune_head).post("/petitions/approvals/", {"proposal": ["²"]}).status_code == 302


def test_overlong_comments_are_refused_with_a_message(api_for, commune_head, proposal):
    response = api_for(commune_head).post(
        f"/api/v1/proposals/{proposal.pk}/return/", {"comments": "x" * 5000}, format="json"
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
