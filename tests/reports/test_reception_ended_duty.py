"""The heads' reception duty over the weeks and months already over, beside the figures that count the running one.

A commune chair owes one day a week until 30 Jun 2026, then two days a month. On a Monday the week that has just
begun is owed in `required_head_days` (the dashboard's figure) but cannot be behind yet: the duty page
(reception.duties.Standing) judges a head on ended periods only, and so do the `*_ended_*` figures alerts read.
Sessions are recorded on Friday 20 Nov 2026; each report is computed on the day its test names.
"""

import datetime as dt

import pytest
import time_machine

from portal.models import Agency, User
from reception.choices import ReceivedBy, SessionKind
from reception.services import reception_session_record
from reports.engine import reception_report

pytestmark = pytest.mark.django_db

JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))  # weeks beginning 1, 8, 15, 22, 29 Jun
Q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))  # months, twice each
MONDAY_15_JUNE = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)  # 9:00 in Hà Nội
ENDED_KEYS = ("required_ended_head_days", "counted_ended_head_days")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def dong_phuc_committee(commune_officer_a) -> Agency:
    return commune_officer_a.agency  # Ủy ban nhân dân Xã Đồng Phúc, headed by xa.lanhdao


@pytest.fixture
def chair_receives(dong_phuc_committee):
    """The chair of Xã Đồng Phúc receives citizens in person on each day given (recorded by xa.tiepdan)."""
    officer = User.objects.get(username="xa.tiepdan")
    chair = User.objects.get(username="xa.lanhdao")

    def record(*days: dt.date) -> None:
        for day in days:
            reception_session_record(
                actor=officer,
                agency=dong_phuc_committee,
                date=day,
                kind=SessionKind.PERIODIC,
                received_by=ReceivedBy.HEAD,
                receiver=chair,
                receiver_name=f"Chủ tịch UBND xã {chair.full_name}",
                visits=[],
            )

    return record


def report_on(day: dt.datetime, unit, start: dt.date, end: dt.date) -> dict:
    with time_machine.travel(day, tick=False):
        return reception_report(unit, start, end)


def ended(row: dict) -> tuple[int, int]:
    return tuple(row[key] for key in ENDED_KEYS)


def test_on_a_monday_the_week_just_begun_is_owed_but_not_behind(chair_receives, dong_phuc_committee):
    chair_receives(dt.date(2026, 6, 2), dt.date(2026, 6, 9))  # the weeks of 1 and 8 Jun each have their day

    report = report_on(MONDAY_15_JUNE, dong_phuc_committee.unit, *JUNE)

    # The dashboard's figures, unchanged: the weeks of 1, 8 and 15 Jun have begun.
    assert (report["required_head_days"], report["counted_head_days"], report["compliance_rate"]) == (3, 2, 66.67)
    # The weeks over by Monday 15 Jun are those of 1 and 8 Jun: both met.
    assert ended(report) == (2, 2)


def test_a_missed_ended_week_puts_the_chair_behind(chair_receives, dong_phuc_committee):
    chair_receives(dt.date(2026, 6, 2))  # nothing in the week of 8 Jun

    report = report_on(MONDAY_15_JUNE, dong_phuc_committee.unit, *JUNE)

    assert ended(report) == (2, 1)


def test_from_july_2026_the_running_month_is_not_behind(chair_receives, dong_phuc_committee):
    chair_receives(dt.date(2026, 10, 6), dt.date(2026, 10, 20))  # October's two days; none yet in November

    report = report_on(dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC), dong_phuc_committee.unit, *Q4)

    assert (report["required_head_days"], report["counted_head_days"]) == (4, 2)  # October and November
    assert ended(report) == (2, 2)  # October only


def test_a_period_not_begun_owes_nothing_ended(dong_phuc_committee):
    report = report_on(MONDAY_15_JUNE, dong_phuc_committee.unit, dt.date(2026, 7, 1), dt.date(2026, 7, 31))

    assert ended(report) == (0, 0)


def test_in_a_period_over_every_week_and_month_is_ended(chair_receives, dong_phuc_committee):
    chair_receives(dt.date(2026, 6, 2), dt.date(2026, 7, 7))

    for start, end in (JUNE, (dt.date(2026, 6, 1), dt.date(2026, 9, 30)), (dt.date(2025, 1, 1), dt.date(2025, 12, 31))):
        report = reception_report(dong_phuc_committee.unit, start, end)  # on 20 Nov 2026
        assert report["required_ended_head_days"] == report["required_head_days"] > 0, (start, end)
        assert report["counted_ended_head_days"] == report["counted_head_days"], (start, end)


def test_each_child_row_carries_the_ended_figures_and_they_add_up(chair_receives, dong_phuc_committee):
    chair_receives(dt.date(2026, 6, 2))
    commune = dong_phuc_committee.unit
    district = commune.parent

    report = report_on(MONDAY_15_JUNE, district, *JUNE)

    rows = {row["unit"]: row for row in report["children"]}
    assert ended(rows[commune.pk]) == (2, 1)
    own = next(row for row in report["children"] if row.get("own_level"))
    assert set(ENDED_KEYS) <= set(own)
    for key in ENDED_KEYS:
        assert report[key] == sum(row[key] for row in report["children"]), key


def test_a_commune_has_the_ended_figures_on_its_own_row(chair_receives, dong_phuc_committee):
    chair_receives(dt.date(2026, 6, 2), dt.date(2026, 6, 9))

    report = report_on(MONDAY_15_JUNE, dong_phuc_committee.unit, *JUNE)

    [own] = report["children"]
    assert own["own_level"] and ended(own) == ended(report) == (2, 2)
