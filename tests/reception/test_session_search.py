"""One search box on the reception register: a citizen's name or ID, what was raised, its field, who received;
the name of a denouncer met at reception finds nothing for an official who may not see him."""

import datetime as dt

import pytest

from reception.choices import ReceivedBy, SessionKind
from reception.services import CitizenData, reception_session_record
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(reception_officer):
    def record(day: int, *visits):
        return reception_session_record(
            actor=reception_officer,
            agency=reception_officer.agency,
            date=dt.date(2026, 11, day),
            kind=SessionKind.REGULAR,
            received_by=ReceivedBy.STAFF,
            receiver_name="Hoàng Thị Nhung, công chức tư pháp",
            visits=list(visits),
        )

    land = record(
        3,
        visit(
            name="Nông Văn Pá",
            field="land_housing",
            content="Đề nghị cấp giấy chứng nhận quyền sử dụng đất thôn Bản Pục",
            citizens=[CitizenData(full_name="Nông Văn Pá", id_number="006080000222")],
        ),
    )
    denounced = record(
        4,
        visit(
            kind="denunciation",
            content="Tố cáo việc thu tiền trái phép ở thôn Khuổi Luông",
            citizens=[CitizenData(full_name="Lương Văn Mật", id_number="006090000333")],
        ),
    )
    return {"land": land, "denounced": denounced}


def found(client, text: str) -> str:
    response = client.get("/reception/", {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def shows(page: str, session) -> bool:
    return f'href="/reception/{session.pk}/"' in page


def test_a_field_name_finds_the_sessions_where_it_was_raised(client_for, province_leader, register):
    page = found(client_for(province_leader), "Đất đai")
    assert shows(page, register["land"]) and not shows(page, register["denounced"])


def test_a_citizens_name_without_accents_or_his_id_finds_his_session(client_for, province_leader, register):
    client = client_for(province_leader)
    assert shows(found(client, "nong van pa"), register["land"])
    assert shows(found(client, "006080000222"), register["land"])
    assert shows(found(client, "Bản Pục"), register["land"])  # what was raised


def test_a_denouncers_name_finds_nothing_for_an_official_who_may_not_see_him(
    client_for, province_leader, reception_officer, register
):
    assert not shows(found(client_for(province_leader), "Lương Văn Mật"), register["denounced"])
    assert not shows(found(client_for(province_leader), "006090000333"), register["denounced"])
    assert shows(found(client_for(province_leader), "thu tiền trái phép"), register["denounced"])  # the matter
    assert shows(found(client_for(reception_officer), "Lương Văn Mật"), register["denounced"])  # who recorded it
