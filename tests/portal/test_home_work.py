"""The home page shows each official their work: today's reception, a head's own reception duty, recent
notifications; the counts of units, agencies and officials only to administrators."""

import datetime as dt

import pytest
import time_machine

from portal.models import Notification, User
from reception.choices import ReceivedBy, SessionKind
from reception.models import ReceptionSession
from reception.services import reception_schedule_publish, reception_session_record
from tests.petitions.conftest import accepted, receive  # noqa: F401 (fixtures)
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)  # a Friday


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def reception_officer(db):
    return User.objects.select_related("agency__unit").get(username="xa.tiepdan")


@pytest.fixture
def commune_head(db):
    return User.objects.select_related("agency__unit").get(username="xa.lanhdao")


def home(client_for, user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_reception_officer_sees_todays_schedule_and_recorded_sessions(client_for, reception_officer):
    reception_schedule_publish(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=TODAY,
        start_time=dt.time(7, 30),
        end_time=dt.time(11, 0),
        place="Hội trường UBND xã",
        receiver_name="Chủ tịch UBND xã Hoàng Văn Bình",
    )
    reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=TODAY,
        start_time=dt.time(8, 0),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="Nông Thị Hoa, công chức tư pháp",
        visits=[visit()],
    )

    page = home(client_for, reception_officer)

    assert "Tiếp công dân hôm nay (20/11/2026)" in page
    assert "Chủ tịch UBND xã Hoàng Văn Bình" in page and "Hội trường UBND xã" in page
    assert "Buổi tiếp đã ghi sổ" in page and "Tiếp thường xuyên" in page
    assert 'href="/reception/new/"' in page


def test_a_day_without_reception_says_so(client_for, reception_officer):
    ReceptionSession.objects.filter(date=TODAY).delete()
    assert "Hôm nay chưa có lịch tiếp hay buổi tiếp nào" in home(client_for, reception_officer)


def test_commune_head_is_reminded_of_the_months_reception_days(client_for, commune_head, reception_officer):
    agency = reception_officer.agency
    ReceptionSession.objects.filter(agency=agency, date__year=2026, date__month=11).delete()
    reception_session_record(
        actor=reception_officer,
        agency=agency,
        date=dt.date(2026, 11, 3),
        kind=SessionKind.PERIODIC,
        received_by=ReceivedBy.HEAD,
        receiver=commune_head,
        receiver_name="Chủ tịch UBND xã",
        visits=[visit()],
    )

    page = home(client_for, commune_head)

    assert "Lịch tiếp công dân của đồng chí" in page
    assert "Chủ tịch UBND xã: ít nhất 2 ngày mỗi tháng" in page
    assert "đã tiếp 1 / phải tiếp 2 ngày trong kỳ 01/11–30/11/2026" in page
    assert f'href="/reception/duty/{agency.pk}/"' in page


def test_an_official_who_heads_nothing_gets_no_duty_reminder(client_for, reception_officer):
    assert "Lịch tiếp công dân của đồng chí" not in home(client_for, reception_officer)


def test_recent_notifications_are_on_the_home_page(client_for, commune_officer_a):
    Notification.objects.create(
        recipient=commune_officer_a,
        verb="petition.overdue",
        message="Đơn 12/2026 đã quá hạn giải quyết",
        url="/petitions/",
    )
    page = home(client_for, commune_officer_a)
    assert "Thông báo gần đây" in page and "Đơn 12/2026 đã quá hạn giải quyết" in page
    assert '<span class="badge">mới</span>' in page
    assert 'href="/notifications/"' in page


def test_counts_of_units_agencies_and_officials_are_for_administrators_only(client_for, commune_officer_a):
    officer_page = home(client_for, commune_officer_a)
    assert "<dt>Cán bộ</dt>" not in officer_page and "<dt>Cơ quan</dt>" not in officer_page
    assert "Phạm vi dữ liệu: Xã Đồng Phúc" in officer_page  # the scope is still said, in one line

    admin_page = home(client_for, User.objects.get(username="tinh.quantri"))
    assert "<dt>Cán bộ</dt>" in admin_page and "<dt>Cơ quan</dt>" in admin_page


def test_home_page_has_no_api_documentation_link(client_for, commune_officer_a):
    content = home(client_for, commune_officer_a).split("<footer")[0]  # the footer of every page may link it
    assert "/api/v1/docs/" not in content


@pytest.mark.parametrize("username", ["tinh.lanhdao", "xa.lanhdao", "xa.tiepdan", "tinh.quantri"])
def test_home_page_runs_a_bounded_number_of_queries(client_for, username, django_assert_max_num_queries):
    client = client_for(User.objects.get(username=username))
    # Whatever the number of sessions, notifications or units: the shell, the menu's count of proposals
    # waiting, and one or two queries per card (work, approvals, reception today, the head's duty, notices).
    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200


def test_a_handler_sees_his_overdue_and_due_soon_petitions_on_the_home_page(client_for, commune_officer_a, accepted):  # noqa: F811
    from petitions.models import Petition
    from petitions.selectors import my_work_counts

    late = accepted()
    Petition.objects.filter(pk=late.pk).update(deadline=late.received_on)  # past its deadline
    counts = {row["deadline_state"]: row["n"] for row in my_work_counts(commune_officer_a)}
    assert counts, "the demo gives the Đồng Phúc handler open petitions"
    page = client_for(commune_officer_a).get("/").content.decode()
    assert "Đơn bạn đang xử lý" in page
    overdue = counts.get("overdue", 0)
    assert f'href="/petitions/mine/?deadline_state=overdue">{overdue}</a>' in page
    listed = client_for(commune_officer_a).get("/petitions/mine/?deadline_state=overdue").content.decode()
    assert late.register_number in listed  # the number opens exactly its petitions
