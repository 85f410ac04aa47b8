"""A denouncer's identity is seen only by the assigned officials and the head of the handling agency,
on every path: pages, search, API, admin, notifications, audit log, documents, duplicate hints."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions.choices import Kind
from petitions.services import PetitionerData, petition_document_add, petitions_mark_overdue
from portal.models import AuditEvent, Notification, User

pytestmark = pytest.mark.django_db

DENOUNCER = "Lục Thị Bí Mật"


@pytest.fixture
def denunciation(receive, commune_officer_a):
    return receive(
        kind=Kind.DENUNCIATION,
        summary="Tố cáo cán bộ địa chính nhận tiền",
        petitioners=[
            PetitionerData(
                full_name=DENOUNCER, address="Thôn Khuổi Luông", id_number="006198765432", phone="0987000111"
            )
        ],
    )


@pytest.fixture
def head(commune_officer_a):
    """The chairperson heading the commune People's Committee that handles the case."""
    return User.objects.get(username="xa.lanhdao")


def identity_views(petition):
    return AuditEvent.objects.filter(verb="petition.identity_viewed", target_id=str(petition.pk))


def test_leader_who_is_not_assigned_sees_only_the_pseudonym(client_for, province_leader, denunciation):
    page = client_for(province_leader).get(f"/petitions/{denunciation.pk}/?show=identity").content.decode()
    assert denunciation.pseudonym in page
    assert DENOUNCER not in page and "006198765432" not in page and "Khuổi Luông" not in page
    assert not identity_views(denunciation).exists()


def test_assigned_officer_sees_the_identity_on_request_and_the_look_is_logged(
    client_for, commune_officer_a, denunciation
):
    client = client_for(commune_officer_a)
    first = client.get(f"/petitions/{denunciation.pk}/").content.decode()
    assert DENOUNCER not in first and "Xem danh tính" in first
    shown = client.get(f"/petitions/{denunciation.pk}/?show=identity").content.decode()
    assert DENOUNCER in shown
    event = identity_views(denunciation).get()
    assert event.actor == commune_officer_a


def test_head_of_the_handling_agency_may_see_the_identity(client_for, head, denunciation):
    page = client_for(head).get(f"/petitions/{denunciation.pk}/?show=identity").content.decode()
    assert DENOUNCER in page
    assert identity_views(denunciation).filter(actor=head).exists()


def test_a_colleague_of_the_same_commune_who_is_not_assigned_cannot(client_for, denunciation):
    colleague = User.objects.get(username="xa.thanhtra")
    page = client_for(colleague).get(f"/petitions/{denunciation.pk}/?show=identity").content.decode()
    assert DENOUNCER not in page


def test_searching_by_the_denouncers_name_finds_nothing_for_others(
    client_for, province_leader, commune_officer_a, denunciation
):
    hidden = client_for(province_leader).get("/petitions/?q=luc thi bi mat").content.decode()
    assert denunciation.register_number not in hidden
    allowed = client_for(commune_officer_a).get("/petitions/?q=luc thi bi mat").content.decode()
    assert denunciation.register_number in allowed and DENOUNCER not in allowed


def test_api_list_never_reveals_a_denouncer_even_to_the_assigned(api_for, commune_officer_a, denunciation):
    rows = api_for(commune_officer_a).get("/api/v1/petitions/").json()["results"]
    row = next(r for r in rows if r["id"] == denunciation.pk)
    assert row["petitioners"] == [{"pseudonym": denunciation.pseudonym}]


def test_api_detail_reveals_only_to_the_allowed_and_logs_it(api_for, commune_officer_a, province_leader, denunciation):
    leader_view = api_for(province_leader).get(f"/api/v1/petitions/{denunciation.pk}/?show_identity=1").json()
    assert leader_view["petitioners"] == [{"pseudonym": denunciation.pseudonym}]
    officer_view = api_for(commune_officer_a).get(f"/api/v1/petitions/{denunciation.pk}/?show_identity=1").json()
    assert officer_view["petitioners"][0]["full_name"] == DENOUNCER
    assert identity_views(denunciation).filter(actor=commune_officer_a).count() == 1


def test_api_search_by_the_denouncers_name_finds_nothing_for_others(api_for, province_leader, denunciation):
    assert api_for(province_leader).get("/api/v1/petitions/?q=Lục Thị Bí Mật").json()["count"] == 0


def test_admin_lists_never_show_or_search_identities(client_for, admin, denunciation):
    client = client_for(admin)
    page = client.get("/admin/petitions/petition/").content.decode()
    assert denunciation.register_number in page and DENOUNCER not in page
    searched = client.get("/admin/petitions/petition/?q=Bí Mật").content.decode()
    assert denunciation.register_number not in searched
    assert client.get("/admin/petitions/petitioner/").status_code == 404  # not registered at all


def test_notifications_and_audit_log_carry_no_identity(denunciation, client_for, inspector):
    petitions_mark_overdue(on=dt.date(2026, 12, 31))
    assert Notification.objects.filter(verb="petition.overdue").exists()
    assert not Notification.objects.filter(message__contains="Bí Mật").exists()
    assert all(DENOUNCER not in str(e.payload) for e in AuditEvent.objects.filter(target_id=str(denunciation.pk)))
    assert DENOUNCER not in client_for(inspector).get("/audit/").content.decode()


def test_confidential_documents_are_hidden_and_their_download_logged(
    client_for, commune_officer_a, province_leader, denunciation
):
    scan = SimpleUploadedFile("don-to-cao.pdf", b"%PDF-1.4 handwriting", content_type="application/pdf")
    document = petition_document_add(
        actor=commune_officer_a,
        petition_id=denunciation.pk,
        uploaded_file=scan,
        title="Bản chụp đơn tố cáo",
        doc_type="petition_scan",
    )
    assert document.confidential  # a denunciation's files are confidential like its identity
    leader = client_for(province_leader)
    assert "Bản chụp đơn tố cáo" not in leader.get(f"/petitions/{denunciation.pk}/").content.decode()
    assert leader.get(f"/petitions/{denunciation.pk}/documents/{document.pk}/").status_code == 404
    officer = client_for(commune_officer_a)
    response = officer.get(f"/petitions/{denunciation.pk}/documents/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert identity_views(denunciation).filter(actor=commune_officer_a).exists()


def test_duplicate_hints_do_not_reveal_that_someone_denounced(client_for, commune_officer_a, denunciation):
    url = f"/petitions/new/duplicates/?people-0-full_name={DENOUNCER}&summary=cán bộ địa chính"
    provincial_intake = User.objects.get(username="tinh.tiepdan")  # may take in petitions, not assigned here
    response = client_for(provincial_intake).get(url)
    assert response.status_code == 200
    assert denunciation.register_number not in response.content.decode()
    assert denunciation.register_number in client_for(commune_officer_a).get(url).content.decode()


def test_complaint_petitioners_are_not_secret(client_for, province_leader, receive):
    complaint = receive(name="Hà Văn Công Khai")
    assert "Hà Văn Công Khai" in client_for(province_leader).get(f"/petitions/{complaint.pk}/").content.decode()


def test_assigning_a_handler_lets_them_see_the_identity(client_for, commune_officer_a, district_officer, denunciation):
    assert (
        DENOUNCER
        not in client_for(district_officer).get(f"/petitions/{denunciation.pk}/?show=identity").content.decode()
    )
    officer = client_for(commune_officer_a)
    page = officer.get(f"/petitions/{denunciation.pk}/").content.decode()
    assert district_officer.full_name in page  # offered in the assignment list
    officer.post(
        f"/petitions/{denunciation.pk}/assign/", {"assign-assignees": [commune_officer_a.pk, district_officer.pk]}
    )
    assert set(denunciation.assignees.all()) == {commune_officer_a, district_officer}
    assert (
        DENOUNCER in client_for(district_officer).get(f"/petitions/{denunciation.pk}/?show=identity").content.decode()
    )


def test_officials_of_a_neighbouring_commune_cannot_be_assigned(
    api_for, commune_officer_a, commune_officer_b, denunciation
):
    response = api_for(commune_officer_a).post(
        f"/api/v1/petitions/{denunciation.pk}/assign/", {"assignees": [commune_officer_b.pk]}, format="json"
    )
    assert response.status_code == 400
    assert commune_officer_b not in denunciation.assignees.all()
