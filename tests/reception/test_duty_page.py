"""The heads' duty page explains itself: grouped by level, the rule and its dates stated, "đã tiếp X / phải
tiếp Y" per head, and red only for heads who let a week or month end without enough reception days."""

import datetime as dt

import pytest

from portal.models import User
from reception.choices import ReceivedBy, SessionKind
from reception.models import ReceptionSession
from reception.services import reception_session_record
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db


def head_day(officer, day: dt.date):
    return reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=day,
        kind=SessionKind.PERIODIC,
        received_by=ReceivedBy.HEAD,
        receiver=User.objects.get(username="xa.lanhdao"),
        receiver_name="Chủ tịch UBND xã",
        visits=[visit()],
    )


def duty_page(client_for, user, query: str) -> str:
    response = client_for(user).get(f"/reception/duty/{query}")
    assert response.status_code == 200
    return response.content.decode()


def row_of(page: str, agency_name: str) -> str:
    start = page.index(agency_name)
    return page[start : page.index("</tr>", start)]


def test_heads_are_grouped_by_level_with_the_rule_and_its_dates(client_for, province_leader):
    page = duty_page(client_for, province_leader, "?year=2026")
    for section in ("Chủ tịch UBND tỉnh", "Thủ trưởng các sở, ngành", "Chủ tịch UBND xã, phường, thị trấn"):
        assert section in page
    assert "Chủ tịch UBND xã: ít nhất 1 ngày mỗi tuần (đến hết 30/06/2026)" in page
    assert "Chủ tịch UBND xã: ít nhất 2 ngày mỗi tháng (từ 01/07/2026)" in page
    assert "Luật số 136/2025/QH15" in page
    assert page.index("Chủ tịch UBND tỉnh") < page.index("Thủ trưởng các sở, ngành") < page.index("Chủ tịch UBND xã,")


def test_district_heads_appear_only_for_years_the_district_level_existed(client_for, province_leader):
    assert "Chủ tịch UBND huyện" in duty_page(client_for, province_leader, "?year=2024")
    assert "Chủ tịch UBND huyện" not in duty_page(client_for, province_leader, "?year=2026")


def test_each_head_reads_held_over_required_days(client_for, province_leader, reception_officer):
    ReceptionSession.objects.filter(agency=reception_officer.agency, date__year=2026, date__month=11).delete()
    head_day(reception_officer, dt.date(2026, 11, 3))
    row = row_of(duty_page(client_for, province_leader, "?year=2026&month=11"), "Ủy ban nhân dân Xã Đồng Phúc")
    assert "đã tiếp 1 / phải tiếp 2 ngày" in row


def test_the_running_month_is_not_red(client_for, province_leader, reception_officer):
    """On 20 Nov 2026 November is not over: one day of two is 'in progress', not a shortfall."""
    ReceptionSession.objects.filter(agency=reception_officer.agency, date__year=2026, date__month=11).delete()
    head_day(reception_officer, dt.date(2026, 11, 3))
    row = row_of(duty_page(client_for, province_leader, "?year=2026&month=11"), "Ủy ban nhân dân Xã Đồng Phúc")
    assert "state-overdue" not in row
    assert "Đang trong kỳ, chưa đủ" in row and "1 / 2, đến hết 30/11/2026" in row


def test_a_month_that_ended_short_is_red(client_for, province_leader, reception_officer):
    ReceptionSession.objects.filter(agency=reception_officer.agency, date__year=2026, date__month=10).delete()
    head_day(reception_officer, dt.date(2026, 10, 6))
    row = row_of(duty_page(client_for, province_leader, "?year=2026&month=10"), "Ủy ban nhân dân Xã Đồng Phúc")
    assert "state-overdue" in row and "Thiếu ở 1 kỳ đã kết thúc" in row


def test_a_period_that_has_not_started_flags_nobody(client_for, province_leader):
    page = duty_page(client_for, province_leader, "?year=2026&month=12")
    assert "Kỳ này chưa bắt đầu nên chưa ai phải tiếp." in page
    assert "state-overdue" not in page


def test_the_head_calendar_states_the_rule_and_does_not_call_a_running_month_late(client_for, reception_officer):
    ReceptionSession.objects.filter(agency=reception_officer.agency, date__year=2026, date__month=11).delete()
    head_day(reception_officer, dt.date(2026, 11, 3))
    page = duty_page(client_for, reception_officer, f"{reception_officer.agency_id}/?year=2026&month=11")
    assert "Quy định: Chủ tịch UBND xã: ít nhất 2 ngày mỗi tháng (từ 01/07/2026)" in page
    assert "Đã tiếp 1 / phải tiếp 2 ngày" in page
    assert "Chưa đủ — kỳ đang diễn ra, còn đến hết 30/11/2026" in page
    assert "state-overdue" not in page


def test_duty_page_keeps_a_bounded_number_of_queries(client_for, province_leader, django_assert_max_num_queries):
    client = client_for(province_leader)
    with django_assert_max_num_queries(10):
        assert client.get("/reception/duty/?year=2026").status_code == 200
