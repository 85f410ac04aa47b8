"""Properties of the resolution metrics (DOMAIN §0) over generated petition histories in generated periods.

Each example files a few petitions at the desk of Xã Đồng Phúc and of its neighbour Xã Hoàng Trĩ (both in
Huyện Ba Bể, Tỉnh Bắc Kạn) through the real services, received, accepted and perhaps settled on drawn
days, then reads the petitions report of a drawn period for the commune, the district and the province.
Each example runs in a savepoint that is rolled back, so the examples do not see each other's rows.

The figures must agree with DOMAIN §0 counted here by hand from the drawn stories, keep their order
(settled ≤ must_settle, settled on time ≤ settled), give rates in [0, 100] that are none exactly when
nothing is counted, add up from the children to the parent, and not move when another unit's petitions
are added. Each test says which change to the engine would make it fail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petitions.choices import Kind
from petitions.models import Petition
from portal.choices import Generation, Level
from portal.models import AdministrativeUnit
from portal.numbers import rate
from reports.engine import petition_report, petition_reports
from tests.reports.test_engine import Desk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
COUNTS = ("received", "carried_over", "accepted", "must_settle", "settled", "settled_on_time", "overdue_open")
RATES = {"resolution_rate": ("settled", "must_settle"), "on_time_rate": ("settled_on_time", "settled")}
# Every example writes a dozen petitions through the services: few examples, all of them distinct.
METRICS = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Story:
    kind: str
    received_on: dt.date
    accept_after: int | None  # days from receipt to acceptance (thụ lý); None: never accepted
    settle_after: int | None  # days from acceptance to settlement; None: still open (or see below)
    settle_off_due: int | None  # else settled this many days from its deadline: just before, on, just after


SETTLEMENTS = st.one_of(
    st.just((None, None)),  # still open
    st.tuples(st.integers(min_value=0, max_value=70), st.none()),  # settled some days after acceptance
    st.tuples(st.none(), st.sampled_from([-1, 0, 1])),  # settled the day before its deadline, on it, or after
)
STORIES = st.builds(
    lambda kind, received_on, accept_after, settlement: Story(kind, received_on, accept_after, *settlement),
    kind=st.sampled_from([Kind.COMPLAINT, Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.REFLECTION]),
    received_on=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31)),
    accept_after=st.integers(min_value=0, max_value=9) | st.integers(min_value=0, max_value=9) | st.none(),
    settlement=SETTLEMENTS,
)
PERIODS_AN_EXAMPLE = 6  # reading a report costs far less than filing the petitions: several periods each


def edges(petitions: list[Petition], stories: list[Story]) -> list[dt.date]:
    """The days on which a period may start or end to sit exactly on an edge of the history."""
    days = [story.received_on for story in stories]
    for petition in petitions:
        days += [petition.case.accepted_on, petition.case.settlement_due, petition.case.settled_on]
    return [day + dt.timedelta(shift) for day in days if day is not None for shift in (-1, 0, 1)]


@st.composite
def periods(draw, days: list[dt.date]) -> tuple[dt.date, dt.date]:
    """A period of up to 200 days, mostly starting or ending next to a day a case was accepted, due or settled."""
    anywhere = st.dates(min_value=dt.date(2023, 12, 1), max_value=dt.date(2025, 3, 31))
    start = draw(st.sampled_from(days) | st.sampled_from(days) | anywhere if days else anywhere)
    later = [day for day in days if day >= start]
    if later and draw(st.booleans()):
        return start, draw(st.sampled_from(later))
    return start, start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=200)))


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def desks(commune_officer_a, commune_officer_b, district_officer) -> tuple[Desk, Desk, Desk]:
    """Xã Đồng Phúc, its neighbour Xã Hoàng Trĩ, and Huyện Ba Bể above both."""
    return Desk(commune_officer_a), Desk(commune_officer_b), Desk(district_officer)


def legacy(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=level, code=code)


def file_stories(desk: Desk, stories: list[Story]) -> list[Petition]:
    """Each story through the services; the accepted ones come back with their case (and its deadline)."""
    accepted = []
    for story in stories:
        if story.accept_after is None:
            desk.classify(desk.receive(story.kind, story.received_on), story.received_on)
            continue
        accepted_on = story.received_on + dt.timedelta(story.accept_after)
        petition = desk.accepted(story.kind, story.received_on, accepted_on)
        if story.settle_after is not None:
            petition = desk.settle(petition, accepted_on + dt.timedelta(story.settle_after))
        elif story.settle_off_due is not None:
            petition.case.refresh_from_db()
            petition = desk.settle(
                petition, max(petition.case.settlement_due + dt.timedelta(story.settle_off_due), accepted_on)
            )
        petition.case.refresh_from_db()
        accepted.append(petition)
    return accepted


def by_hand(stories: list[Story], accepted: list[Petition], start: dt.date, end: dt.date) -> dict:
    """DOMAIN §0 counted from the stories, with each case's deadline as the engine stored it."""
    counts = dict.fromkeys(COUNTS, 0)
    counts["received"] = sum(start <= s.received_on <= end for s in stories)
    for petition in accepted:
        case = petition.case
        settled = case.settled_on
        carried = case.accepted_on < start and (settled is None or settled >= start)
        new = start <= case.accepted_on <= end
        if not (carried or new):
            continue
        counts["carried_over"] += carried
        counts["accepted"] += new
        counts["must_settle"] += 1
        if settled is not None and start <= settled <= end:
            counts["settled"] += 1
            counts["settled_on_time"] += settled <= case.settlement_due
        elif case.settlement_due < min(end, TODAY):
            counts["overdue_open"] += 1
    return counts


def assert_consistent(figures: dict) -> None:
    """One row of figures (a total, a kind or a child): ordered counts and rates that follow from them."""
    assert figures["must_settle"] == figures["carried_over"] + figures["accepted"]
    assert 0 <= figures["settled_on_time"] <= figures["settled"] <= figures["must_settle"]
    assert 0 <= figures["overdue_open"] <= figures["must_settle"] - figures["settled"]
    for name, (numerator, denominator) in RATES.items():
        value = figures[name]
        if figures[denominator] == 0:
            assert value is None, (name, figures)
        else:
            assert 0 <= value <= 100, (name, figures)
            assert value == rate(figures[numerator], figures[denominator])


def rows_of(report: dict):
    yield report
    yield from report["by_kind"].values()
    yield from report["children"]


def sum_of(rows: list[dict]) -> dict:
    return {key: sum(row[key] for row in rows) for key in COUNTS}


class rolled_back:
    """Each example's rows live in a savepoint of the test's transaction, undone when the example ends."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        return self.atomic.__exit__(*exc)


@METRICS
@given(stories=st.lists(STORIES, min_size=1, max_size=7), data=st.data())
def test_the_communes_figures_are_the_domain_definitions_counted_by_hand(desks, stories, data):
    """Fails if a metric's filter drifted from DOMAIN §0: say a case settled before the period still counted
    as carried over, a settlement on the deadline day counted as late, or an open case overdue before its
    deadline."""
    desk, _neighbour, _district = desks
    with rolled_back():
        accepted = file_stories(desk, stories)
        for _ in range(PERIODS_AN_EXAMPLE):
            start, end = data.draw(periods(edges(accepted, stories)), label="period")
            report = petition_report(desk.unit, start, end)
            assert {key: report[key] for key in COUNTS} == by_hand(stories, accepted, start, end), (start, end)
            for figures in rows_of(report):
                assert_consistent(figures)


@METRICS
@given(ours=st.lists(STORIES, max_size=6), theirs=st.lists(STORIES, min_size=1, max_size=6), data=st.data())
def test_the_neighbours_petitions_change_nothing_of_the_communes_figures(desks, ours, theirs, data):
    """Fails if a report's unit filter reached past the unit's subtree, so that a sibling's or the parent's
    rows counted (as when the cases were filtered by the parent's path)."""
    desk, neighbour, district_desk = desks
    with rolled_back():
        days = edges(file_stories(desk, ours), ours)
        chosen = [data.draw(periods(days), label="period") for _ in range(PERIODS_AN_EXAMPLE)]
        before = [petition_report(desk.unit, start, end) for start, end in chosen]
        file_stories(neighbour, theirs)
        file_stories(district_desk, theirs)  # the district above files its own: not the commune's either
        for (start, end), figures in zip(chosen, before, strict=True):
            assert petition_report(desk.unit, start, end) == figures
            assert petition_reports([desk.unit], start, end)[desk.unit.pk] == figures


@METRICS
@given(
    ours=st.lists(STORIES, max_size=5),
    theirs=st.lists(STORIES, max_size=4),
    own=st.lists(STORIES, max_size=4),
    data=st.data(),
)
def test_the_childrens_figures_add_up_to_the_district_and_the_province(desks, ours, theirs, own, data):
    """Fails if the row of the district's own level (its own petitions) were left out or counted its communes'
    too, if a case were counted in two rows, or if the set-wise computation of the nightly rebuild gave other
    figures than the per-unit one."""
    desk, neighbour, district_desk = desks
    district, province = legacy(Level.DISTRICT, "061"), legacy(Level.PROVINCE, "06")
    assert district_desk.unit == district
    with rolled_back():
        filed = file_stories(desk, ours) + file_stories(neighbour, theirs) + file_stories(district_desk, own)
        start, end = data.draw(periods(edges(filed, ours + theirs + own)), label="period")
        commune = petition_report(desk.unit, start, end)
        together = petition_reports([desk.unit, neighbour.unit, district, province], start, end)
        for unit in (district, province):
            report = petition_report(unit, start, end)
            assert together[unit.pk] == report
            assert sum_of(report["children"]) == {key: report[key] for key in COUNTS}
            assert sum_of(list(report["by_kind"].values())) == {key: report[key] for key in COUNTS}
            for figures in rows_of(report):
                assert_consistent(figures)
        district_rows = {row["unit"]: row for row in petition_report(district, start, end)["children"]}
        assert {key: district_rows[desk.unit.pk][key] for key in COUNTS} == {key: commune[key] for key in COUNTS}
        province_rows = {row["unit"]: row for row in petition_report(province, start, end)["children"]}
        district_total = petition_report(district, start, end)
        assert {key: province_rows[district.pk][key] for key in COUNTS} == {key: district_total[key] for key in COUNTS}
