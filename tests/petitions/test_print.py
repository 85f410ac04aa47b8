"""The papers an official prints from a petition: the petitioner's receipt and the acceptance notice."""

import pytest

from petitions.choices import Kind
from petitions.services import PetitionerData
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db

DENOUNCER = "Lục Thị Bí Mật"


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def denunciation(receive):
    return receive(
        kind=Kind.DENUNCIATION,
        summary="Tố cáo cán bộ địa chính nhận tiền",
        petitioners=[PetitionerData(full_name=DENOUNCER, address="Thôn Khuổi Luông", id_number="006198765432")],
    )


def test_receipt_shows_number_date_petitioner_summary_agency_and_answer_deadline(
    client_for, commune_officer_a, receive
):
    petition = receive()
    page = page_of(client_for(commune_officer_a).get(f"/petitions/{petition.pk}/print/receipt/"))
    assert "GIẤY BIÊN NHẬN ĐƠN" in page
    assert petition.register_number in page
    assert "02/11/2026" in page  # received
    assert "Nông Văn Dũng" in page and "Thôn Bản Vàng" in page
    assert "Khiếu nại việc bồi thường giải phóng mặt bằng đường tỉnh 258" in page
    assert str(commune_officer_a.agency) in page
    assert petition.notice_due.strftime("%d/%m/%Y") in page


def test_receipt_is_a_single_page_read_in_a_few_queries(
    client_for, commune_officer_a, receive, django_assert_max_num_queries
):
    petition = receive()
    client = client_for(commune_officer_a)
    with django_assert_max_num_queries(12):
        page_of(client.get(f"/petitions/{petition.pk}/print/receipt/"))


def test_receipt_of_a_denunciation_shows_only_the_pseudonym_to_an_official_not_assigned(
    client_for, province_leader, denunciation
):
    page = page_of(client_for(province_leader).get(f"/petitions/{denunciation.pk}/print/receipt/?show=identity"))
    assert denunciation.pseudonym in page and denunciation.register_number in page
    assert DENOUNCER not in page and "Khuổi Luông" not in page
    assert not AuditEvent.objects.filter(verb="petition.identity_viewed").exists()


def test_assigned_officer_prints_the_denouncer_name_on_request_and_the_look_is_logged(
    client_for, commune_officer_a, denunciation
):
    client = client_for(commune_officer_a)
    assert DENOUNCER not in page_of(client.get(f"/petitions/{denunciation.pk}/print/receipt/"))
    page = page_of(client.get(f"/petitions/{denunciation.pk}/print/receipt/?show=identity"))
    assert DENOUNCER in page
    assert AuditEvent.objects.filter(verb="petition.identity_viewed", target_id=str(denunciation.pk)).count() == 1


def test_acceptance_notice_shows_the_acceptance_day_and_the_settlement_deadline(
    client_for, commune_officer_a, accepted
):
    petition = accepted()
    page = page_of(client_for(commune_officer_a).get(f"/petitions/{petition.pk}/print/acceptance/"))
    assert "THÔNG BÁO THỤ LÝ" in page and petition.register_number in page
    assert "05/11/2026" in page  # accepted
    assert petition.settlement_due.strftime("%d/%m/%Y") in page
    assert "Nông Văn Dũng" in page
    assert "Thanh tra cùng cấp" in page  # the notice also goes to the inspectorate (Law on Complaints art. 27)


def test_no_acceptance_notice_for_a_petition_not_yet_accepted(client_for, commune_officer_a, receive):
    petition = receive()
    assert client_for(commune_officer_a).get(f"/petitions/{petition.pk}/print/acceptance/").status_code == 404


def test_the_papers_of_another_commune_do_not_exist_for_its_neighbour(client_for, commune_officer_b, accepted):
    petition = accepted()
    client = client_for(commune_officer_b)
    for paper in ("receipt", "acceptance"):
        assert client.get(f"/petitions/{petition.pk}/print/{paper}/").status_code == 404


def test_detail_page_links_the_receipt_and_once_accepted_the_acceptance_notice(
    client_for, commune_officer_a, receive, accepted
):
    client = client_for(commune_officer_a)
    fresh = page_of(client.get(f"/petitions/{receive().pk}/"))
    assert "In giấy biên nhận" in fresh and "In thông báo thụ lý" not in fresh
    petition = accepted()
    page = page_of(client.get(f"/petitions/{petition.pk}/"))
    assert f"/petitions/{petition.pk}/print/acceptance/" in page and "In thông báo thụ lý" in page
