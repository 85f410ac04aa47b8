"""The reception session's minutes (biên bản) printed for the register, with denouncers kept secret."""

import datetime as dt

import pytest

from portal.models import User
from reception.choices import ReceivedBy, SessionKind
from reception.services import reception_session_record, reception_visit_add
from tests.query_counts import assert_same_query_count, read_at_two_sizes
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db

HIDDEN = "Người tố cáo — danh tính được giữ bí mật"


@pytest.fixture
def session(reception_officer):
    return reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 19),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver=reception_officer,
        receiver_name="Hà Minh Lan, công chức tư pháp - hộ tịch",
        visits=[
            visit(name="Đinh Văn Sáu", content="Kiến nghị sửa cầu treo Nà Làng"),
            visit(action="petition", kind="complaint", name="Lò Thị Hai", content="Khiếu nại đền bù đất"),
            visit(kind="denunciation", name="Người Tố Cáo", content="Tố cáo cán bộ địa chính"),
        ],
    )


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_minutes_show_date_agency_receiver_and_every_visit(client_for, reception_officer, session):
    page = page_of(client_for(reception_officer).get(f"/reception/{session.pk}/print/"))
    assert "BIÊN BẢN BUỔI TIẾP CÔNG DÂN" in page
    assert "19/11/2026" in page and str(reception_officer.agency) in page
    assert "Hà Minh Lan, công chức tư pháp - hộ tịch" in page
    for text in ("Kiến nghị sửa cầu treo Nà Làng", "Khiếu nại đền bù đất", "Tố cáo cán bộ địa chính"):
        assert text in page
    assert "Đinh Văn Sáu" in page and "Lò Thị Hai" in page
    petition = session.visits.get(kind="complaint").petition
    assert petition.register_number in page  # the visit's result: the petition it opened
    assert "Người Tố Cáo" in page and HIDDEN not in page  # the receiver knows who came


def test_minutes_hide_the_denouncer_from_an_official_who_did_not_receive_them(client_for, province_leader, session):
    page = page_of(client_for(province_leader).get(f"/reception/{session.pk}/print/"))
    assert "Tố cáo cán bộ địa chính" in page and page.count(HIDDEN) == 1
    assert "Người Tố Cáo" not in page
    assert "Đinh Văn Sáu" in page  # only the denouncer is hidden


def test_minutes_of_a_commune_do_not_exist_for_its_neighbour(client_for, session):
    neighbour = User.objects.get(username="xa2.tiepdan")
    assert client_for(neighbour).get(f"/reception/{session.pk}/print/").status_code == 404


def test_minutes_run_the_same_queries_for_few_visits_as_for_many(
    client_for, reception_officer, province_leader, session
):
    added = []

    def add(n):
        for _ in range(n):
            added.append(reception_visit_add(actor=reception_officer, session_id=session.pk, data=visit()))

    at_small, at_large = read_at_two_sizes(
        client_for(province_leader), f"/reception/{session.pk}/print/", add, small=1, large=10
    )
    assert page_of(at_large[0]).count("<tr>") == 1 + 3 + 10
    assert_same_query_count(at_small, at_large, cap=15)


def test_session_page_links_the_minutes(client_for, reception_officer, session):
    page = page_of(client_for(reception_officer).get(f"/reception/{session.pk}/"))
    assert "In biên bản" in page and f"/reception/{session.pk}/print/" in page
