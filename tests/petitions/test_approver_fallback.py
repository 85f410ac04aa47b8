"""Proposals always reach someone: an agency with nobody to decide (no head, no designated deputy) hands its
proposals to the People's Committee of its unit, and failing that to the committee of the unit above; the
same rule answers the queue, the notification, the "who will decide" line, the API and the batch action."""

import datetime as dt

import pytest

from petitions.authority import DELEGABLE_STEPS
from petitions.choices import Status
from petitions.models import ApprovalDelegate, Proposal
from petitions.services import PetitionerData, petition_classify, petition_receive
from petitions.services.approvals import (
    approval_queue,
    needs_approval,
    proposal_approve,
    proposal_reject,
    proposal_return,
    proposal_submit,
    proposals_approve_batch,
)
from petitions.workflow import APPROVAL_STEPS
from portal.models import Agency, Notification, User
from portal.services import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspectorate():
    """Thanh tra Huyện Ba Bể: handles district complaints, has no head and no designated deputy."""
    agency = Agency.objects.select_related("unit").get(name="Thanh tra Huyện Ba Bể")
    assert agency.head_id is None and not ApprovalDelegate.objects.filter(agency=agency).exists()
    return agency


@pytest.fixture
def district_committee():
    return Agency.objects.get(name="Ủy ban nhân dân Huyện Ba Bể")


@pytest.fixture
def district_complaint(district_officer, inspectorate):
    """A complaint registered and classified at the district inspectorate, ready to be accepted."""

    def make(summary="Khiếu nại quyết định thu hồi đất tại thôn Pác Ngòi"):
        petition = petition_receive(
            actor=district_officer,
            receiving_agency=inspectorate,
            kind="complaint",
            channel="mail",
            received_on=dt.date(2026, 11, 2),
            summary=summary,
            petitioners=[PetitionerData(full_name="Hoàng Văn Pác", address="Thôn Pác Ngòi")],
            assignees=[district_officer],
        )
        return petition_classify(
            actor=district_officer,
            petition_id=petition.pk,
            expected_version=petition.version,
            qualified=True,
            within_authority=True,
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


def test_a_proposal_of_an_agency_without_approver_reaches_the_district_chair(
    district_complaint, district_officer, district_leader, province_leader
):
    petition = district_complaint()
    assert needs_approval(district_officer, petition, "accept")
    proposal = propose_accept(district_officer, petition)
    assert approval_queue(district_leader) == [proposal]
    assert approval_queue(province_leader) == []  # the district's chair is there: the province is not asked
    note = Notification.objects.get(recipient=district_leader, verb="petition.proposal_submitted")
    assert petition.register_number in note.message and "Thanh tra Huyện Ba Bể" in note.message
    assert not needs_approval(district_leader, petition, "accept")
    proposal_approve(actor=district_leader, proposal_id=proposal.pk)
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED


def test_without_a_district_chair_the_province_chair_decides(
    district_complaint, district_officer, district_leader, district_committee, province_leader
):
    Agency.objects.filter(pk=district_committee.pk).update(head=None)
    proposal = propose_accept(district_officer, district_complaint())
    assert approval_queue(district_leader) == []
    assert approval_queue(province_leader) == [proposal]
    assert Notification.objects.filter(recipient=province_leader, verb="petition.proposal_submitted").exists()
    with pytest.raises(DomainError, match="thẩm quyền duyệt"):
        proposal_approve(actor=district_leader, proposal_id=proposal.pk)
    proposal_approve(actor=province_leader, proposal_id=proposal.pk)
    assert Proposal.objects.get(pk=proposal.pk).status == "approved"


def test_an_inactive_head_counts_as_no_head(district_complaint, district_officer, district_leader, inspectorate):
    retired = User.objects.get(username="huyen.thanhtra")
    Agency.objects.filter(pk=inspectorate.pk).update(head=retired)
    User.objects.filter(pk=retired.pk).update(is_active=False)
    proposal = propose_accept(district_officer, district_complaint())
    assert approval_queue(district_leader) == [proposal]


def test_a_deputy_the_agency_designated_decides_before_any_fallback(
    district_complaint, district_officer, district_leader, inspectorate
):
    deputy = User.objects.get(username="huyen.thanhtra")
    ApprovalDelegate.objects.create(agency=inspectorate, user=deputy, steps=["accept"])
    petition = district_complaint()
    proposal = propose_accept(district_officer, petition)
    assert approval_queue(deputy) == [proposal]
    assert approval_queue(district_leader) == []
    with pytest.raises(DomainError, match="thẩm quyền duyệt"):
        proposal_approve(actor=district_leader, proposal_id=proposal.pk)
    # A step the deputy was not designated for still falls back to the district's chair.
    guided = proposal_submit(
        actor=district_officer,
        petition=petition,
        step="process",
        cleaned={"version": petition.version, "outcome": "guided", "processed_on": dt.date(2026, 11, 6)},
    )
    assert approval_queue(district_leader) == [guided]


def test_when_nobody_at_all_may_decide_the_proposal_is_refused(district_complaint, district_officer, inspectorate):
    petition = district_complaint()
    Agency.objects.filter(kind="peoples_committee", unit__path__in=["legacy/06/", inspectorate.unit.path]).update(
        head=None
    )
    with pytest.raises(DomainError, match="Chưa có ai có thẩm quyền duyệt"):
        propose_accept(district_officer, petition)
    assert not Proposal.objects.filter(petition=petition).exists()


def test_the_officer_sees_who_will_decide_before_sending(
    district_complaint, district_officer, district_leader, client_for
):
    petition = district_complaint()
    page = client_for(district_officer).get(f"/petitions/{petition.pk}/").content.decode()
    assert "Tờ trình sẽ đến:" in page
    assert f"{district_leader.full_name}, Chủ tịch Ủy ban nhân dân Huyện Ba Bể" in page
    assert "thay Thanh tra Huyện Ba Bể" in page


def test_a_commune_officer_sees_her_own_chair(receive, commune_officer_a, commune_head, client_for):
    petition = receive()
    petition = petition_classify(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        qualified=True,
        within_authority=True,
    )
    page = client_for(commune_officer_a).get(f"/petitions/{petition.pk}/").content.decode()
    assert f"Tờ trình sẽ đến: {commune_head.full_name}, Chủ tịch Ủy ban nhân dân Xã Đồng Phúc" in page
    assert "thay " not in page.split("Tờ trình sẽ đến:")[1].split("</p>")[0]


def test_the_fallback_approver_decides_through_the_api_and_in_batch(
    district_complaint, district_officer, district_leader, api_for
):
    first, second = (
        propose_accept(district_officer, district_complaint()),
        propose_accept(district_officer, district_complaint("Khiếu nại việc cấp giấy chứng nhận tại thôn Bó Lù")),
    )
    api = api_for(district_leader)
    listed = api.get("/api/v1/proposals/").json()
    assert {row["id"] for row in listed["results"]} == {first.pk, second.pk}
    assert api.post(f"/api/v1/proposals/{first.pk}/approve/", {}, format="json").status_code == 200
    approved, errors = proposals_approve_batch(actor=district_leader, proposal_ids=[second.pk])
    assert (approved, errors) == (1, [])


def test_the_proposer_is_told_each_decision_with_the_approvers_comments(
    district_complaint, district_officer, district_leader
):
    approved = propose_accept(district_officer, district_complaint())
    proposal_approve(actor=district_leader, proposal_id=approved.pk, comments="Đồng ý, gửi thông báo thụ lý")
    note = Notification.objects.get(recipient=district_officer, dedupe_key=f"proposal-decided:{approved.pk}")
    assert note.verb == "petition.proposal_approved"
    assert "đã duyệt" in note.message and "Đồng ý, gửi thông báo thụ lý" in note.message
    assert district_leader.full_name in note.message

    returned = propose_accept(district_officer, district_complaint("Khiếu nại thứ hai"))
    proposal_return(actor=district_leader, proposal_id=returned.pk, comments="Bổ sung biên bản")
    note = Notification.objects.get(recipient=district_officer, dedupe_key=f"proposal-decided:{returned.pk}")
    assert "trả lại" in note.message and "Bổ sung biên bản" in note.message

    rejected = propose_accept(district_officer, district_complaint("Khiếu nại thứ ba"))
    proposal_reject(actor=district_leader, proposal_id=rejected.pk, comments="Không thuộc thẩm quyền")
    note = Notification.objects.get(recipient=district_officer, dedupe_key=f"proposal-decided:{rejected.pk}")
    assert "không duyệt" in note.message and "Không thuộc thẩm quyền" in note.message


def test_the_queue_shows_what_is_proposed_with_the_forms_labels(
    district_complaint, district_officer, district_leader, client_for
):
    petition = district_complaint()
    propose_accept(district_officer, petition, note="Đủ điều kiện thụ lý")
    page = client_for(district_leader).get("/petitions/approvals/").content.decode()
    assert petition.register_number in page
    assert "Ngày thụ lý" in page and "05/11/2026" in page
    assert "accepted_on" not in page
    assert "Đủ điều kiện thụ lý" in page
    assert "Cơ quan giải quyết: Thanh tra Huyện Ba Bể" in page


def test_a_transfer_proposal_names_the_agency_not_its_id(
    district_complaint, district_officer, district_leader, client_for
):
    petition = district_complaint()
    target = Agency.objects.get(name="Sở Tài nguyên và Môi trường tỉnh Bắc Kạn")
    proposal_submit(
        actor=district_officer,
        petition=petition,
        step="process",
        cleaned={
            "version": petition.version,
            "outcome": "transferred",
            "processed_on": dt.date(2026, 11, 6),
            "transferred_to": target,
        },
    )
    page = client_for(district_leader).get("/petitions/approvals/").content.decode()
    assert "Chuyển đến cơ quan" in page and target.name in page
    assert "Kết quả xử lý" in page


def test_the_approver_decides_one_row_from_the_queue(district_complaint, district_officer, district_leader, client_for):
    keep, send_back = (
        propose_accept(district_officer, district_complaint()),
        propose_accept(district_officer, district_complaint("Khiếu nại thứ hai")),
    )
    client = client_for(district_leader)
    page = client.get("/petitions/approvals/").content.decode()
    assert f'form="decide-{send_back.pk}"' in page
    response = client.post(
        f"/petitions/proposals/{send_back.pk}/return/", {"comments": "Bổ sung", "next": "/petitions/approvals/"}
    )
    assert response["Location"] == "/petitions/approvals/"
    assert Proposal.objects.get(pk=send_back.pk).status == "returned"
    assert Proposal.objects.get(pk=keep.pk).status == "submitted"


def test_the_menu_leads_to_the_queue_while_proposals_wait(
    district_complaint, district_officer, district_leader, client_for
):
    client = client_for(district_leader)
    assert "Duyệt tờ trình" not in client.get("/petitions/").content.decode()
    propose_accept(district_officer, district_complaint())
    page = client.get("/petitions/").content.decode()
    assert 'href="/petitions/approvals/"' in page and "Duyệt tờ trình" in page


def test_the_fallback_queue_runs_a_constant_number_of_queries(
    district_complaint, district_officer, district_leader, client_for, django_assert_max_num_queries
):
    for i in range(6):
        propose_accept(district_officer, district_complaint(f"Khiếu nại số {i}"))
    client = client_for(district_leader)
    with django_assert_max_num_queries(16):
        page = client.get("/petitions/approvals/")
    assert page.content.decode().count('name="proposal"') == 6


def test_administrators_see_agencies_without_approver(client_for, admin, inspectorate, district_committee):
    url = "/admin/portal/agency/?approver=none&unit__level__exact=district"
    page = client_for(admin).get(url).content.decode()
    assert "Cơ quan chưa có người duyệt" in page
    assert "Thanh tra Huyện Ba Bể" in page
    assert "Ủy ban nhân dân Huyện Ba Bể" not in page
    deputy = User.objects.get(username="huyen.thanhtra")
    # A deputy for every approval step still leaves nobody to assign the agency's cases.
    designation = ApprovalDelegate.objects.create(agency=inspectorate, user=deputy, steps=[])
    assert "Thanh tra Huyện Ba Bể" in client_for(admin).get(url).content.decode()
    designation.steps = sorted(APPROVAL_STEPS | set(DELEGABLE_STEPS))
    designation.save()
    assert "Thanh tra Huyện Ba Bể" not in client_for(admin).get(url).content.decode()


def test_a_headless_agency_with_deputies_for_some_steps_is_listed_as_without_approver(client_for, admin, inspectorate):
    ApprovalDelegate.objects.create(
        agency=inspectorate, user=User.objects.get(username="huyen.thanhtra"), steps=["accept", "assign"]
    )
    client = client_for(admin)
    listed = client.get("/admin/portal/agency/?approver=none&unit__level__exact=district").content.decode()
    assert "Thanh tra Huyện Ba Bể" in listed
    headed = client.get("/admin/portal/agency/?approver=head&unit__level__exact=district").content.decode()
    assert "Thanh tra Huyện Ba Bể" not in headed and "Ủy ban nhân dân Huyện Ba Bể" in headed
