"""Every reception list, page and API, runs the same number of queries for 2 rows as for 12.

Each test reads a list with a small set of rows, adds more in the same scope and reads it again: a
query made once per row shows up as a difference between the two counts. Each also checks that the
rows are on the page, so an empty or refused page cannot pass.
"""

import datetime as dt

import pytest

from portal.models import User
from reception.choices import ReceivedBy, SessionKind
from reception.services import (
    CitizenData,
    reception_schedule_publish,
    reception_session_record,
    reception_visit_add,
)
from tests.query_counts import (
    LARGE,
    SMALL,
    assert_api_lists,
    assert_page_shows,
    assert_same_query_count,
    read_at_two_sizes,
)
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db

HIDDEN = "Người tố cáo — danh tính được giữ bí mật"


def three_visits(i):
    """A recommendation answered, a complaint that opens a petition, and a denunciation."""
    return [
        visit(name=f"Đinh Văn Sáu {i}", content=f"Kiến nghị sửa cầu treo số {i}"),
        visit(action="petition", kind="complaint", name=f"Lò Thị Hai {i}", content=f"Khiếu nại đền bù số {i}"),
        visit(kind="denunciation", name=f"Người Tố Cáo {i}", content=f"Tố cáo cán bộ số {i}"),
    ]


@pytest.fixture
def sessions(reception_officer):
    """Add n sessions of commune A, one a day back from 19 Nov 2026, each with three visits."""
    made = []

    def add(n):
        for _ in range(n):
            i = len(made)
            made.append(
                reception_session_record(
                    actor=reception_officer,
                    agency=reception_officer.agency,
                    date=dt.date(2026, 11, 19) - dt.timedelta(days=i),
                    kind=SessionKind.REGULAR,
                    received_by=ReceivedBy.STAFF,
                    receiver_name=f"Hà Minh Lan {i}",
                    visits=three_visits(i),
                )
            )
        return made

    add.made = made
    return add


# --- HTML pages -------------------------------------------------------------------------------


def test_session_list_page(client_for, reception_officer, sessions):
    at_small, at_large = read_at_two_sizes(client_for(reception_officer), "/reception/", sessions)

    assert_page_shows(at_small[0], [f"/reception/{s.pk}/" for s in sessions.made[:SMALL]])
    assert_page_shows(at_large[0], [f"/reception/{s.pk}/" for s in sessions.made])
    assert_page_shows(at_large[0], [f"Hà Minh Lan {i}" for i in range(LARGE)])
    assert_same_query_count(at_small, at_large, cap=13)


def test_session_list_page_of_the_province_across_communes(client_for, province_leader, reception_officer):
    """The leader's register holds sessions of two communes' agencies."""
    neighbour = User.objects.select_related("agency__unit").get(username="xa2.tiepdan")
    made = []

    def add(n):
        for _ in range(n):
            i = len(made)
            officer = neighbour if i % 2 else reception_officer
            made.append(
                reception_session_record(
                    actor=officer,
                    agency=officer.agency,
                    date=dt.date(2026, 11, 19) - dt.timedelta(days=i),
                    kind=SessionKind.REGULAR,
                    received_by=ReceivedBy.STAFF,
                    receiver_name=f"Cán bộ tiếp {i}",
                    visits=[visit(name=f"Công dân {i}")],
                )
            )

    at_small, at_large = read_at_two_sizes(client_for(province_leader), "/reception/", add)

    assert_page_shows(at_large[0], [f"/reception/{s.pk}/" for s in made])
    assert_page_shows(at_large[0], [reception_officer.agency.name, neighbour.agency.name])
    assert_same_query_count(at_small, at_large, cap=13)


@pytest.mark.parametrize("viewer", ["xa.tiepdan", "tinh.lanhdao"])
def test_session_page_lists_its_visits(client_for, reception_officer, viewer):
    """The receiver sees every citizen; the provincial leader sees denouncers hidden, visit by visit."""
    session = reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 19),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver=reception_officer,
        receiver_name="Hà Minh Lan",
        visits=[visit(name="Người mở đầu")],
    )
    added = []

    def add(n):
        for _ in range(n):
            k = len(added)
            added.append(
                reception_visit_add(actor=reception_officer, session_id=session.pk, data=three_visits(k)[k % 3])
            )

    client = client_for(User.objects.get(username=viewer))
    at_small, at_large = read_at_two_sizes(client, f"/reception/{session.pk}/", add, small=3, large=12)

    page = at_large[0].content.decode()
    assert at_large[0].status_code == 200
    assert page.count('<article class="card">') == 1 + 12
    assert_page_shows(at_large[0], [v.content for v in added])
    assert_page_shows(at_large[0], [v.petition.register_number for v in added if v.petition_id])
    denunciations = [v for v in added if v.kind == "denunciation"]
    if viewer == "xa.tiepdan":
        assert HIDDEN not in page
        assert all(f"Người Tố Cáo {k}" in page for k, v in enumerate(added) if v.kind == "denunciation")
    else:
        assert page.count(HIDDEN) == len(denunciations) == 4
        assert "Người Tố Cáo" not in page
    assert_same_query_count(at_small, at_large, cap=15)


def test_citizen_lookup_lists_earlier_visits_and_open_petitions(client_for, reception_officer):
    """Up to ten earlier visits and ten open petitions of the same person."""

    def add(n):
        for _ in range(n):
            day = dt.date(2026, 11, 19) - dt.timedelta(days=len(add.dates))
            add.dates.append(day)
            reception_session_record(
                actor=reception_officer,
                agency=reception_officer.agency,
                date=day,
                kind=SessionKind.REGULAR,
                received_by=ReceivedBy.STAFF,
                receiver_name="Hà Minh Lan",
                visits=[
                    visit(action="petition", kind="complaint", name="Đinh Văn Sáu", content=f"Khiếu nại {day:%d/%m}")
                ],
            )

    add.dates = []
    client = client_for(reception_officer)
    at_small, at_large = read_at_two_sizes(client, "/reception/citizens/?q=dinh van sau", add, large=10)

    page = at_large[0].content.decode()
    assert at_large[0].status_code == 200
    assert page.count("<li>") == 10 + 10  # ten visits and the ten petitions they opened
    assert_page_shows(at_large[0], [day.strftime("%d/%m/%Y") for day in add.dates])
    assert_same_query_count(at_small, at_large, cap=12)


def test_head_calendar_with_many_head_sessions(client_for, province_leader, reception_officer):
    """A month with head sessions on many days, and published reception days to come."""
    head = User.objects.get(username="xa.lanhdao")
    days = []

    def add(n):
        for _ in range(n):
            day = dt.date(2026, 11, 1) + dt.timedelta(days=len(days))
            days.append(day)
            reception_session_record(
                actor=reception_officer,
                agency=reception_officer.agency,
                date=day,
                kind=SessionKind.PERIODIC,
                received_by=ReceivedBy.HEAD,
                receiver=head,
                receiver_name="Chủ tịch UBND xã",
                visits=[visit()],
            )
            reception_schedule_publish(
                actor=reception_officer,
                agency=reception_officer.agency,
                date=dt.date(2026, 11, 21) + dt.timedelta(days=len(days)),
                start_time=dt.time(7, 30),
                end_time=dt.time(11, 0),
                place="Trụ sở UBND xã",
                receiver_name="Chủ tịch UBND xã",
            )

    url = f"/reception/duty/{reception_officer.agency_id}/?year=2026&month=11"
    at_small, at_large = read_at_two_sizes(client_for(province_leader), url, add, large=9)

    assert at_large[0].status_code == 200
    assert at_large[0].content.decode().count("Trụ sở UBND xã") >= 9
    assert_same_query_count(at_small, at_large, cap=14)


def test_duty_overview_with_many_head_sessions(client_for, province_leader, reception_officer):
    head = User.objects.get(username="xa.lanhdao")
    days = []

    def add(n):
        for _ in range(n):
            day = dt.date(2026, 11, 1) + dt.timedelta(days=len(days))
            days.append(day)
            reception_session_record(
                actor=reception_officer,
                agency=reception_officer.agency,
                date=day,
                kind=SessionKind.PERIODIC,
                received_by=ReceivedBy.HEAD,
                receiver=head,
                receiver_name="Chủ tịch UBND xã",
                visits=[visit()],
            )

    at_small, at_large = read_at_two_sizes(client_for(province_leader), "/reception/duty/?year=2026", add)

    assert_page_shows(at_large[0], [reception_officer.agency.name])
    assert_same_query_count(at_small, at_large, cap=12)


def test_public_schedule_page(client, reception_officer):
    """Anyone may read the published schedule: filtered to the commune's agency, all rows show."""

    def add(n):
        for _ in range(n):
            add.made += 1
            reception_schedule_publish(
                actor=reception_officer,
                agency=reception_officer.agency,
                date=dt.date(2026, 11, 20) + dt.timedelta(days=add.made),
                start_time=dt.time(7, 30),
                end_time=dt.time(11, 0),
                place=f"Hội trường số {add.made}",
                receiver_name="Chủ tịch UBND xã",
            )

    add.made = 0
    url = f"/public/reception/?q={reception_officer.agency.name}"
    at_small, at_large = read_at_two_sizes(client, url, add)

    assert_page_shows(at_large[0], [f"Hội trường số {i}" for i in range(1, LARGE + 1)])
    assert_same_query_count(at_small, at_large, cap=5)


# --- API lists --------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["xa.tiepdan", "tinh.lanhdao"])
def test_session_api_list(api_for, sessions, viewer):
    at_small, at_large = read_at_two_sizes(
        api_for(User.objects.get(username=viewer)), "/api/v1/reception-sessions/", sessions
    )

    assert_api_lists(at_small[0], SMALL)
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["id"] for row in rows} == {s.pk for s in sessions.made}
    assert all(len(row["visits"]) == 3 for row in rows)
    denouncers = [v["citizens"] for row in rows for v in row["visits"] if v["kind"] == "denunciation"]
    if viewer == "xa.tiepdan":  # the officer recorded the sessions: he sees who came
        assert len(denouncers) == LARGE and all(c[0]["full_name"].startswith("Người Tố Cáo") for c in denouncers)
    else:
        assert denouncers == [[{"hidden": True}]] * LARGE
    assert all(v["petition"] for row in rows for v in row["visits"] if v["action"] == "petition")
    assert_same_query_count(at_small, at_large, cap=7)


@pytest.mark.parametrize("viewer", ["xa.tiepdan", "tinh.lanhdao"])
def test_visit_api_list(api_for, sessions, viewer):
    def add(n):  # three visits a session: n visits need a third as many sessions
        sessions(n // 3)

    at_small, at_large = read_at_two_sizes(
        api_for(User.objects.get(username=viewer)), "/api/v1/reception-visits/", add, small=6, large=12
    )

    assert_api_lists(at_small[0], 6)
    rows = assert_api_lists(at_large[0], LARGE)
    hidden = [row for row in rows if row["citizens"] == [{"hidden": True}]]
    assert len(hidden) == (0 if viewer == "xa.tiepdan" else 4)
    assert all(row["petition"] for row in rows if row["action"] == "petition")
    assert_same_query_count(at_small, at_large, cap=6)


def test_visit_api_list_with_group_visits(api_for, reception_officer):
    """A delegation of five with a representative: every citizen comes from the same prefetch."""

    def add(n):
        for _ in range(n):
            add.made += 1
            reception_session_record(
                actor=reception_officer,
                agency=reception_officer.agency,
                date=dt.date(2026, 11, 19) - dt.timedelta(days=add.made),
                kind=SessionKind.REGULAR,
                received_by=ReceivedBy.STAFF,
                receiver_name="Hà Minh Lan",
                visits=[
                    visit(
                        citizens=[CitizenData(f"Người {add.made}-{j}", is_representative=j == 0) for j in range(5)],
                        representatives=1,
                    )
                ],
            )

    add.made = 0
    at_small, at_large = read_at_two_sizes(api_for(reception_officer), "/api/v1/reception-visits/", add)

    rows = assert_api_lists(at_large[0], LARGE)
    assert all(len(row["citizens"]) == 5 and row["is_delegation"] for row in rows)
    assert_same_query_count(at_small, at_large, cap=6)
