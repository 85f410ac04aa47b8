"""Recording and reading reception sessions in the browser-facing pages."""

import datetime as dt

import pytest

from petitions.models import Petition
from portal.models import Agency, User
from reception.choices import ReceivedBy, SessionKind
from reception.models import ReceptionSchedule, ReceptionSession
from reception.services import reception_session_record
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db


def form_data(visits):
    data = {
        "date": "2026-11-19",
        "start_time": "08:00",
        "end_time": "11:00",
        "kind": "regular",
        "received_by": "staff",
        "receiver_name": "Hà Minh Lan, công chức",
        "place": "headquarters",
        "adhoc_reason": "",
        "participants": "",
        "notes": "",
        "visits-TOTAL_FORMS": str(len(visits)),
        "visits-INITIAL_FORMS": "0",
        "visits-MIN_NUM_FORMS": "0",
        "visits-MAX_NUM_FORMS": "50",
    }
    for i, v in enumerate(visits):
        row = {
            "full_name": "",
            "id_number": "",
            "address": "",
            "people_count": "1",
            "representatives": "0",
            "other_representatives": "",
            "first_visit": "on",
            "kind": "recommendation",
            "field": "other",
            "content": "",
            "action": "answered",
            "guided_to": "",
            "refusal_ground": "",
            "refusal_notice_no": "",
        }
        row.update(v)
        data.update({f"visits-{i}-{k}": val for k, val in row.items()})
    return data


def test_officer_records_a_session_with_three_visits_one_becoming_a_petition(client_for, reception_officer):
    response = client_for(reception_officer).post(
        "/reception/new/",
        form_data(
            [
                {"full_name": "Lường Văn Một", "content": "Hỏi về chế độ người có công", "field": "policy"},
                {
                    "full_name": "Ma Thị Hai",
                    "kind": "complaint",
                    "content": "Khiếu nại việc thu hồi đất",
                    "action": "petition",
                    "field": "land_housing",
                },
                {
                    "full_name": "Nông Văn Ba",
                    "people_count": "7",
                    "representatives": "2",
                    "other_representatives": "Nông Thị Tư",
                    "content": "Đoàn kiến nghị về ô nhiễm nước suối",
                },
            ]
        ),
        follow=True,
    )
    session = ReceptionSession.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/reception/{session.pk}/"
    assert session.visits.count() == 3
    petition = Petition.objects.get()
    assert petition.petitioners.get().full_name == "Ma Thị Hai" and petition.channel == "reception"
    assert petition.register_number in page and "Đoàn đông người: 7 người" in page
    assert session.visits.get(people_count=7).citizens.count() == 2


def test_errors_are_shown_and_nothing_is_saved(client_for, reception_officer):
    response = client_for(reception_officer).post(
        "/reception/new/", form_data([{"full_name": "Lường Văn Một", "content": "x", "action": "refused"}])
    )
    assert response.status_code == 200
    assert "Điều 9" in response.content.decode()
    assert not ReceptionSession.objects.exists()


def test_a_session_needs_a_visit(client_for, reception_officer):
    page = client_for(reception_officer).post("/reception/new/", form_data([{}])).content.decode()
    assert "ít nhất một lượt tiếp" in page


def test_citizen_lookup_shows_earlier_visits_and_open_petitions(client_for, reception_officer):
    reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 10, 5),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="Hà Minh Lan",
        visits=[
            visit(name="Đinh Văn Sáu", content="Kiến nghị cầu treo"),
            visit(name="Đinh Văn Sáu", action="petition", kind="complaint", content="Khiếu nại đền bù"),
        ],
    )
    page = client_for(reception_officer).get("/reception/citizens/?q=dinh van sau").content.decode()
    assert "Kiến nghị cầu treo" in page and "L01933-2026-" in page
    by_id = client_for(reception_officer).get("/reception/citizens/?visits-0-id_number=006070000111").content.decode()
    assert "Kiến nghị cầu treo" in by_id


def test_neighbour_commune_cannot_see_the_session(client_for, reception_officer):
    session = reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 2),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="x",
        visits=[visit()],
    )
    neighbour = client_for(User.objects.get(username="xa2.tiepdan"))
    assert neighbour.get(f"/reception/{session.pk}/").status_code == 404
    assert "02/11/2026" not in neighbour.get("/reception/").content.decode()
    assert neighbour.get("/reception/citizens/?q=dinh van sau").content.decode().strip() == ""


def test_province_leader_sees_the_register_of_the_whole_subtree(client_for, province_leader, reception_officer):
    reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 2),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="x",
        visits=[visit()],
    )
    page = client_for(province_leader).get("/reception/").content.decode()
    assert "02/11/2026" in page and "Ủy ban nhân dân Xã Đồng Phúc" in page


def test_list_filters_head_sessions_and_delegations(client_for, reception_officer):
    from reception.services import CitizenData

    head = User.objects.get(username="xa.lanhdao")
    reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 3),
        kind=SessionKind.PERIODIC,
        received_by=ReceivedBy.HEAD,
        receiver=head,
        receiver_name="Chủ tịch UBND xã",
        visits=[visit(citizens=[CitizenData(f"Người {i}") for i in range(5)], representatives=1)],
    )
    reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 4),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="x",
        visits=[visit()],
    )
    client = client_for(reception_officer)
    head_page = client.get("/reception/?received_by=head").content.decode()
    assert "03/11/2026" in head_page and "04/11/2026" not in head_page
    delegation_page = client.get("/reception/?delegation=on").content.decode()
    assert "03/11/2026" in delegation_page and "04/11/2026" not in delegation_page


def test_duty_page_flags_heads_below_the_minimum(client_for, province_leader, reception_officer):
    head = User.objects.get(username="xa.lanhdao")
    reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 3),
        kind=SessionKind.PERIODIC,
        received_by=ReceivedBy.HEAD,
        receiver=head,
        receiver_name="Chủ tịch UBND xã",
        visits=[visit()],
    )
    page = client_for(province_leader).get("/reception/duty/?year=2026&month=11").content.decode()
    assert "Ủy ban nhân dân Xã Đồng Phúc" in page
    assert "1 / 2" in page  # twice a month from 1 Jul 2026, once held
    calendar_page = (
        client_for(province_leader)
        .get(f"/reception/duty/{reception_officer.agency_id}/?year=2026&month=11")
        .content.decode()
    )
    assert "Thủ trưởng tiếp" in calendar_page and "Chưa đủ" in calendar_page


def test_duty_page_runs_a_bounded_number_of_queries(client_for, province_leader, django_assert_max_num_queries):
    client = client_for(province_leader)
    with django_assert_max_num_queries(10):
        assert client.get("/reception/duty/?year=2024").status_code == 200


def test_public_schedule_needs_no_login_and_shows_published_days(client, reception_officer):
    from reception.services import reception_schedule_publish

    reception_schedule_publish(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 25),
        start_time=dt.time(7, 30),
        end_time=dt.time(11, 0),
        place="Trụ sở UBND xã",
        receiver_name="Chủ tịch UBND xã Đàm Minh Long",
    )
    ReceptionSchedule.objects.create(
        agency=Agency.objects.get(name="Ủy ban nhân dân tỉnh Bắc Kạn"),
        date=dt.date(2026, 11, 26),
        start_time=dt.time(8),
        end_time=dt.time(11),
        place="Trụ sở TCD tỉnh",
        receiver_name="Chủ tịch tỉnh",
        is_public=False,
    )
    page = client.get("/public/reception/").content.decode()
    assert "Chủ tịch UBND xã Đàm Minh Long" in page and "Chủ tịch tỉnh" not in page
    assert "Đàm Minh Long" in client.get("/public/reception/?q=dong phuc").content.decode()


def test_leader_cannot_record_sessions(client_for, province_leader):
    assert client_for(province_leader).get("/reception/new/").status_code == 403


def test_session_list_runs_a_constant_number_of_queries(client_for, reception_officer, django_assert_max_num_queries):
    for day in range(1, 11):
        reception_session_record(
            actor=reception_officer,
            agency=reception_officer.agency,
            date=dt.date(2026, 11, day),
            kind=SessionKind.REGULAR,
            received_by=ReceivedBy.STAFF,
            receiver_name="x",
            visits=[visit(), visit()],
        )
    client = client_for(reception_officer)
    with django_assert_max_num_queries(11):  # the list, the shell, and the menu's count of proposals waiting
        assert client.get("/reception/").status_code == 200


def test_officer_adds_a_visit_and_edits_the_session_afterwards(client_for, reception_officer):
    from portal.models import AuditEvent

    session = reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 2),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="x",
        visits=[visit()],
    )
    client = client_for(reception_officer)
    client.post(
        f"/reception/{session.pk}/visits/",
        {
            "visit-full_name": "Lý Văn Bổ Sung",
            "visit-people_count": "1",
            "visit-representatives": "0",
            "visit-kind": "reflection",
            "visit-field": "other",
            "visit-content": "Phản ánh đèn đường hỏng",
            "visit-action": "answered",
            "visit-first_visit": "on",
        },
    )
    assert session.visits.count() == 2
    client.post(
        f"/reception/{session.pk}/edit/",
        {"version": session.version + 1, "receiver_name": "Hà Minh Lan", "notes": "Bổ sung sau", "participants": ""},
    )
    session.refresh_from_db()
    assert session.notes == "Bổ sung sau"
    assert AuditEvent.objects.filter(verb="reception_session.changed_after_day", target_id=str(session.pk)).count() == 2


def test_public_agency_page_shows_rules_and_schedule(client, reception_officer):
    from reception.models import ReceptionInfo

    ReceptionInfo.objects.create(
        agency=reception_officer.agency,
        place="Phòng tiếp dân UBND xã",
        hours="Sáng thứ Năm hằng tuần",
        rules="Công dân mang theo CCCD.",
    )
    page = client.get(f"/public/reception/{reception_officer.agency_id}/").content.decode()
    assert "Sáng thứ Năm hằng tuần" in page and "Công dân mang theo CCCD." in page
