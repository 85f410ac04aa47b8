"""What the People's Committee standing in for a headless agency may do, and what it costs.

It decides the approval steps, and reads the draft of a denunciation it decides on; it never assigns
handlers or verification (that opens the denouncer's identity), and a committee whose scope does not
reach the petition is passed over. The menu's count is the queue's, in one query.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions.apps import approvals_count
from petitions.authority import ASSIGN_STEP, VERIFICATION_STEP, may_decide
from petitions.choices import Kind
from petitions.models import ApprovalDelegate, Petition, Proposal
from petitions.services import PetitionerData, petition_accept, petition_assign, petition_classify, petition_receive
from petitions.services.approvals import approval_queue, proposal_approve, proposal_submit
from petitions.services.verification import verification_assign
from portal.models import AdministrativeUnit, Agency, Notification, User
from portal.services import DomainError, NotPermitted

pytestmark = pytest.mark.django_db

DENOUNCER = "Đàm Thị Kín Tiếng"


@pytest.fixture
def inspectorate():
    """Thanh tra Huyện Ba Bể: no head, no designated deputy; its proposals go to the district's chair."""
    return Agency.objects.select_related("unit").get(name="Thanh tra Huyện Ba Bể")


@pytest.fixture
def district_denunciation(district_officer, inspectorate):
    """A denunciation at the district inspectorate, classified and ready to be accepted."""
    petition = petition_receive(
        actor=district_officer,
        receiving_agency=inspectorate,
        kind=Kind.DENUNCIATION,
        channel="mail",
        received_on=dt.date(2026, 11, 2),
        summary="Tố cáo cán bộ thu tiền khi cấp giấy chứng nhận",
        petitioners=[PetitionerData(full_name=DENOUNCER, address="Thôn Cốc Tộc", id_number="006199900001")],
        assignees=[district_officer],
    )
    return petition_classify(
        actor=district_officer,
        petition_id=petition.pk,
        expected_version=petition.version,
        qualified=True,
        within_authority=True,
    )


def draft_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 thong bao thu ly", content_type="application/pdf")


def propose_accept(officer, petition, draft=None) -> Proposal:
    return proposal_submit(
        actor=officer,
        petition=petition,
        step="accept",
        cleaned={"version": petition.version, "accepted_on": dt.date(2026, 11, 5)},
        note="Đề nghị thụ lý",
        draft=draft,
    )


# --- 1. The fallback decides approval steps only, and reads what it decides on ---------------------------


def test_the_fallback_chair_opens_the_draft_of_the_denunciation_he_decides(
    district_denunciation, district_officer, district_leader, client_for
):
    proposal = propose_accept(district_officer, district_denunciation, draft=draft_file())
    client = client_for(district_leader)
    draft_url = f"/petitions/proposals/{proposal.pk}/draft/"
    assert draft_url in client.get("/petitions/approvals/").content.decode()
    page = client.get(f"/petitions/{district_denunciation.pk}/?show=identity").content.decode()
    assert draft_url in page
    response = client.get(draft_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # The draft, not the file of the case: the petitioners stay behind the pseudonym for him.
    assert DENOUNCER not in page and district_denunciation.pseudonym in page


def test_the_draft_closes_to_the_fallback_chair_once_he_has_decided(
    district_denunciation, district_officer, district_leader, client_for
):
    proposal = propose_accept(district_officer, district_denunciation, draft=draft_file())
    proposal_approve(actor=district_leader, proposal_id=proposal.pk)
    client = client_for(district_leader)
    assert client.get(f"/petitions/proposals/{proposal.pk}/draft/").status_code == 404
    page = client.get(f"/petitions/{district_denunciation.pk}/").content.decode()
    assert f"/petitions/proposals/{proposal.pk}/draft/" not in page
    assert "Có dự thảo văn bản" in page
    # The handler who proposed it keeps it.
    assert client_for(district_officer).get(f"/petitions/proposals/{proposal.pk}/draft/").status_code == 200


def test_an_official_who_neither_keeps_nor_decides_gets_no_link_to_the_draft(
    district_denunciation, district_officer, province_leader, client_for
):
    proposal = propose_accept(district_officer, district_denunciation, draft=draft_file())
    client = client_for(province_leader)  # sees the district's petitions, decides nothing here
    page = client.get(f"/petitions/{district_denunciation.pk}/").content.decode()
    assert f"/petitions/proposals/{proposal.pk}/draft/" not in page and "Có dự thảo văn bản" in page
    assert client.get(f"/petitions/proposals/{proposal.pk}/draft/").status_code == 404


def test_a_deputy_designated_for_the_step_opens_the_draft_he_decides(
    receive, commune_officer_a, client_for, commune_head
):
    deputy = User.objects.get(username="xa.thanhtra")
    ApprovalDelegate.objects.create(agency=commune_officer_a.agency, user=deputy, steps=["accept"])
    petition = receive(kind=Kind.DENUNCIATION, petitioners=[PetitionerData(full_name=DENOUNCER)])
    petition = petition_classify(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        qualified=True,
        within_authority=True,
    )
    proposal = propose_accept(commune_officer_a, petition, draft=draft_file())
    assert client_for(deputy).get(f"/petitions/proposals/{proposal.pk}/draft/").status_code == 200
    colleague = User.objects.get(username="xa.tiepdan")  # reads the commune's petitions, decides nothing
    assert client_for(colleague).get(f"/petitions/proposals/{proposal.pk}/draft/").status_code == 404


def test_the_fallback_chair_cannot_assign_handlers_or_verification(
    district_denunciation, district_officer, district_leader, inspectorate, client_for
):
    petition = petition_accept(
        actor=district_officer,
        petition_id=district_denunciation.pk,
        expected_version=district_denunciation.version,
        accepted_on=dt.date(2026, 11, 5),
    )
    assert may_decide(district_leader, petition, "settle")  # the approval steps still reach him
    assert not may_decide(district_leader, petition, ASSIGN_STEP)
    assert not may_decide(district_leader, petition, VERIFICATION_STEP)
    page = client_for(district_leader).get(f"/petitions/{petition.pk}/").content.decode()
    assert f'action="/petitions/{petition.pk}/assign/"' not in page
    assert f'action="/petitions/{petition.pk}/verification/"' not in page
    helper = User.objects.get(username="huyen.tiepdan")
    with pytest.raises(NotPermitted, match="Chỉ thủ trưởng cơ quan giải quyết"):
        petition_assign(actor=district_leader, petition_id=petition.pk, expected_version=petition.version, add=[helper])
    with pytest.raises(NotPermitted, match="giao xác minh"):
        verification_assign(
            actor=district_leader,
            petition=petition,
            agency=inspectorate,
            lead=district_officer,
            members=[],
            due_on=dt.date(2026, 12, 1),
        )
    assert not Petition.objects.get(pk=petition.pk).assignees.filter(pk=helper.pk).exists()


def test_a_deputy_named_for_assigning_at_the_headless_agency_assigns(
    district_denunciation, district_officer, inspectorate
):
    deputy = User.objects.get(username="huyen.thanhtra")
    ApprovalDelegate.objects.create(agency=inspectorate, user=deputy, steps=[ASSIGN_STEP])
    petition = Petition.objects.get(pk=district_denunciation.pk)
    petition_assign(actor=deputy, petition_id=petition.pk, expected_version=petition.version, add=[deputy])
    assert petition.assignees.filter(pk=deputy.pk).exists()


# --- 2. A committee that cannot see the petition is passed over -------------------------------------------


@pytest.fixture
def na_ri_chair():
    """A chair for Ủy ban nhân dân Huyện Na Rì: his scope is Na Rì, not Ba Bể."""
    committee = Agency.objects.get(name="Ủy ban nhân dân Huyện Na Rì")
    chair = User.objects.create_user(
        username="nari.lanhdao", full_name="Lường Văn Na", position="Chủ tịch", agency=committee
    )
    Agency.objects.filter(pk=committee.pk).update(head=chair)
    return chair


@pytest.fixture
def handled_in_na_ri(district_denunciation):
    """The Ba Bể denunciation handed to Na Rì's inspectorate (headless), its unit still in Ba Bể."""
    Petition.objects.filter(pk=district_denunciation.pk).update(
        handling_agency=Agency.objects.get(name="Thanh tra Huyện Na Rì")
    )
    return Petition.objects.select_related("unit", "handling_agency__unit").get(pk=district_denunciation.pk)


def test_a_committee_that_cannot_see_the_petitions_unit_is_skipped(
    handled_in_na_ri, na_ri_chair, district_officer, province_leader, client_for
):
    page = client_for(district_officer).get(f"/petitions/{handled_in_na_ri.pk}/").content.decode()
    assert f"Tờ trình sẽ đến: {province_leader.full_name}, Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn" in page
    proposal = propose_accept(district_officer, handled_in_na_ri)
    assert approval_queue(na_ri_chair) == []
    assert approval_queue(province_leader) == [proposal]
    assert Notification.objects.filter(recipient=province_leader, dedupe_key=f"proposal:{proposal.pk}").exists()
    assert not Notification.objects.filter(recipient=na_ri_chair).exists()
    assert not may_decide(na_ri_chair, handled_in_na_ri, "accept")


def test_submitting_is_refused_when_nobody_who_may_see_the_petition_can_decide(
    handled_in_na_ri, na_ri_chair, district_officer
):
    Agency.objects.filter(name="Ủy ban nhân dân tỉnh Bắc Kạn").update(head=None)
    with pytest.raises(DomainError, match="Chưa có ai có thẩm quyền duyệt “Thụ lý”") as refused:
        propose_accept(district_officer, handled_in_na_ri)
    assert handled_in_na_ri.unit.name in str(refused.value)
    assert not Proposal.objects.filter(petition=handled_in_na_ri).exists()


# --- 4. The menu's count -----------------------------------------------------------------------------------


def test_the_menu_count_is_the_queues_in_one_query(
    district_denunciation, district_officer, district_leader, commune_head, receive, commune_officer_a, admin
):
    propose_accept(district_officer, district_denunciation)
    for summary in ["Khiếu nại thứ nhất", "Khiếu nại thứ hai"]:
        petition = receive(summary=summary)
        petition = petition_classify(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            qualified=True,
            within_authority=True,
        )
        propose_accept(commune_officer_a, petition)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for user, expected in [(district_leader, 1), (commune_head, 2), (commune_officer_a, 0)]:
        user = User.objects.select_related("agency__unit").get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            count = approvals_count(user)
        assert count == expected == len(approval_queue(user)), user
        assert len(queries) == 1, [q["sql"] for q in queries]
    superuser = User.objects.get(pk=admin.pk)
    with CaptureQueriesContext(connection) as queries:
        count = approvals_count(superuser)
    assert count == len(approval_queue(superuser)) >= 3
    assert len(queries) == 1  # a COUNT, not the rows


def test_the_menu_count_costs_the_same_however_many_proposals_wait(
    district_officer, inspectorate, district_leader, django_assert_max_num_queries
):
    for i in range(8):
        petition = petition_receive(
            actor=district_officer,
            receiving_agency=inspectorate,
            kind=Kind.COMPLAINT,
            channel="mail",
            received_on=dt.date(2026, 11, 2),
            summary=f"Khiếu nại số {i}",
            petitioners=[PetitionerData(full_name="Hoàng Văn Pác")],
            assignees=[district_officer],
        )
        petition = petition_classify(
            actor=district_officer,
            petition_id=petition.pk,
            expected_version=petition.version,
            qualified=True,
            within_authority=True,
        )
        propose_accept(district_officer, petition)
    leader = User.objects.select_related("agency__unit").get(pk=district_leader.pk)
    with django_assert_max_num_queries(1):
        assert approvals_count(leader) == 8


def test_na_ri_fixture_is_in_another_district(handled_in_na_ri):
    """The scenario above rests on this: Na Rì's scope does not reach the petition's unit."""
    na_ri = AdministrativeUnit.objects.get(agencies__name="Ủy ban nhân dân Huyện Na Rì")
    assert not handled_in_na_ri.unit.path.startswith(na_ri.path)
