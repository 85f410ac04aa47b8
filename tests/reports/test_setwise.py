"""The nightly rebuild computes each family set-wise: every unit's figures of a period from a fixed handful of
grouped queries. A leader must see exactly what the unit-by-unit computation gives (issue 17): the same figures,
children and breakdowns for every unit with records, and for units without any; locked periods stay locked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from portal.models import AdministrativeUnit, User
from reports import registry
from reports.families import BUILT_IN
from reports.models import ReportSnapshot
from reports.periods import parse_period, standard_periods
from reports.services import (
    report_compute,
    report_compute_many,
    report_compute_periods,
    report_lock,
    reports_refresh,
    units_with_data,
)
from tests.reports.test_reconciliation import demo_register  # noqa: F401 (the demo register, loaded once)

PERIODS = ("2024", "2024-Q3", "2024-03", "2023-H1", "2022-9M")


@pytest.fixture
def units(demo_register, db) -> list[AdministrativeUnit]:  # noqa: F811
    with_data = list(units_with_data())
    without = AdministrativeUnit.objects.filter(generation="legacy", level="commune").exclude(
        pk__in=[u.pk for u in with_data]
    )[:3]
    return [*with_data, *without]


# The reports app's own families (the other apps' have their tests beside them, with their data).
SETWISE = [family.key for family in BUILT_IN if family.compute_many is not None]


@pytest.mark.parametrize("kind", SETWISE)
@pytest.mark.parametrize("key", PERIODS)
def test_every_unit_gets_what_it_would_get_alone(units, kind, key):
    period = parse_period(period=key)

    together = report_compute_many(kind=kind, units=units, period=period)

    assert len(units) > 30
    for unit in units:
        assert together[unit.pk] == report_compute(kind=kind, unit=unit, period=period), (unit.name, key)


@pytest.mark.parametrize("kind", SETWISE)
def test_the_queries_do_not_grow_with_the_units(units, kind, django_assert_max_num_queries):
    period = parse_period(period="2024")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        report_compute_many(kind=kind, units=units[:3], period=period)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # children come 500 units a query
        report_compute_many(kind=kind, units=units, period=period)


def test_the_rebuild_stores_the_figures_and_keeps_a_locked_period(units):
    period = parse_period(period="2024-Q3")
    leader = User.objects.get(username="tinh.lanhdao")
    province = next(u for u in units if u.level == "province")
    locked = report_lock(actor=leader, kind="petitions", unit=province, period=period)
    frozen = dict(locked.data)
    ReportSnapshot.objects.filter(pk=locked.pk).update(data={**frozen, "received": frozen["received"] + 7})

    count = reports_refresh(units=units, periods=[period])

    assert count == len(units) * len(registry.families())
    for unit in units[:10]:
        stored = ReportSnapshot.objects.get(kind="petitions", unit=unit, start=period.start, end=period.end, params="")
        if unit.pk != province.pk:
            assert stored.data == report_compute(kind="petitions", unit=unit, period=period)
    kept = ReportSnapshot.objects.get(pk=locked.pk)
    assert kept.data["received"] == frozen["received"] + 7  # a locked period is not rewritten
    assert kept.changed_after_lock["fields"]["received"] == [frozen["received"] + 7, frozen["received"]]


@pytest.mark.parametrize("kind", SETWISE)
def test_a_change_s_few_units_get_what_they_would_get_alone(units, kind):
    """After a change only a commune and the units above it are refreshed together: each gets its own figures."""
    period = parse_period(period="2024")
    communes = [unit for unit in units if unit.level == "commune"][:5]
    for commune in communes:
        chain = [*commune.ancestors(), commune]
        for asked in (chain, chain[::-1], [commune], chain[:1]):
            together = report_compute_many(kind=kind, units=asked, period=period)
            for unit in asked:
                assert together[unit.pk] == report_compute(kind=kind, unit=unit, period=period), (unit.name, kind)


ONE_PASS = [family.key for family in BUILT_IN if family.compute_periods is not None]


@pytest.mark.parametrize("kind", ONE_PASS)
def test_a_year_s_periods_in_one_pass_give_what_each_period_gives_alone(units, kind):
    """The rebuild asks for a year's 20 standard periods (and periods of other years beside them) in one pass."""
    periods = [*standard_periods(2024), parse_period(period="2022-9M"), parse_period(period="2025-01")]

    one_pass = list(report_compute_periods(kind=kind, units=units, periods=periods))

    assert len(one_pass) == len(periods)
    for period, together in zip(periods, one_pass, strict=True):
        assert together == report_compute_many(kind=kind, units=units, period=period), period.key
    province = next(u for u in units if u.level == "province")
    assert one_pass[0][province.pk] == report_compute(kind=kind, unit=province, period=periods[0])
    figures = one_pass[0][province.pk]
    counted = {key: value for key, value in figures.items() if isinstance(value, int) and key != "unit"}
    assert any(counted.values()), counted  # the demo's 2024 has records to count


def test_the_one_pass_queries_do_not_grow_with_the_periods(units, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        list(report_compute_periods(kind="petitions", units=units, periods=[parse_period(period="2024")]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        list(report_compute_periods(kind="petitions", units=units, periods=standard_periods(2024)))


def test_many_periods_are_read_in_passes_of_a_bounded_width(units, monkeypatch):
    """Six columns a period: ten years of periods at once would pass PostgreSQL's limit of a select list."""
    from reports import engine

    periods = standard_periods(2024)[:7]
    whole = list(report_compute_periods(kind="petitions", units=units, periods=periods))
    monkeypatch.setattr(engine, "PERIODS_A_PASS", 3)

    assert list(report_compute_periods(kind="petitions", units=units, periods=periods)) == whole


def test_a_rebuild_that_finds_the_figures_unchanged_rewrites_none_but_says_when_it_checked(units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = parse_period(period="2024-Q2")
    reports_refresh(units=units, periods=[period])
    stored = ReportSnapshot.objects.filter(kind="petitions", start=period.start, end=period.end, params="")
    long_ago = timezone.now() - dt.timedelta(days=7)
    stored.update(computed_at=long_ago)
    before = {s.unit_id: s.data for s in stored.all()}
    moved = next(u for u in units if u.level == "province")
    # As if a record had changed since: the stored figures are not those computed, nor is their digest.
    stored.filter(unit=moved).update(data={"stale": True}, fingerprint="stale")

    with CaptureQueriesContext(connection) as queries:
        reports_refresh(units=units, periods=[period])

    after = {s.unit_id: (s.data, s.computed_at) for s in stored.all()}
    assert after.keys() == before.keys()
    for unit_id, (data, computed_at) in after.items():
        assert data == before[unit_id]  # the stale one is written again, the others were already right
        assert computed_at > long_ago  # "tính lúc": when the figures were last checked
    # Only the petitions family had a figure changed: one statement writes it, the other families write nothing.
    table = ReportSnapshot._meta.db_table
    writes = [q["sql"] for q in queries.captured_queries if f"INSERT INTO {table}" in q["sql"]]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0]


def test_the_nightly_rebuild_of_every_unit_rewrites_only_what_changed_and_one_check_says_when(units, client):
    """The nightly job (every unit with records) does not even touch an unchanged snapshot: its family and period's
    check moves instead, and the dashboard's and the API's "tính lúc" is that check's time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import SnapshotCheck

    period = parse_period(period="2024-Q2")
    every = list(units_with_data())
    reports_refresh(units=every, periods=[period], every_unit=True)
    stored = ReportSnapshot.objects.filter(kind="petitions", start=period.start, end=period.end, params="")
    long_ago = timezone.now() - dt.timedelta(days=7)
    stored.update(computed_at=long_ago)
    SnapshotCheck.objects.update(checked_at=long_ago)
    province = next(u for u in every if u.level == "province")
    stored.filter(unit=province).update(data={"stale": True}, fingerprint="stale")

    with CaptureQueriesContext(connection) as queries:
        reports_refresh(units=every, periods=[period], every_unit=True)

    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "reports_reportsnapshot"')]
    assert updates == []  # no row's check time rewritten one by one
    rewritten = stored.filter(computed_at__gt=long_ago)
    assert list(rewritten.values_list("unit_id", flat=True)) == [province.pk]
    alone = report_compute(kind="petitions", unit=province, period=period)
    assert rewritten.get().data["received"] == alone["received"]
    check = SnapshotCheck.objects.get(kind="petitions", start=period.start, end=period.end)
    assert check.checked_at > long_ago
    commune = next(u for u in every if u.level == "commune")
    shown = ReportSnapshot.objects.with_checked_at().get(pk=stored.get(unit=commune).pk)
    assert shown.computed_at == long_ago and shown.checked_at == check.checked_at

    client.force_login(User.objects.get(username="tinh.lanhdao"))
    answer = client.get(
        "/api/v1/reports/petitions/", {"unit": commune.pk, "period": "2024-Q2"}, HTTP_HOST="localhost"
    ).json()
    assert dt.datetime.fromisoformat(answer["computed_at"]) == check.checked_at


def test_a_locked_snapshot_says_when_it_was_computed_not_when_the_rebuild_checked(units):
    from reports.models import SnapshotCheck

    period = parse_period(period="2024-Q3")
    leader = User.objects.get(username="tinh.lanhdao")
    province = next(u for u in units if u.level == "province")
    locked = report_lock(actor=leader, kind="petitions", unit=province, period=period)

    reports_refresh(units=list(units_with_data()), periods=[period], every_unit=True)

    check = SnapshotCheck.objects.get(kind="petitions", start=period.start, end=period.end)
    shown = ReportSnapshot.objects.with_checked_at().get(pk=locked.pk)
    assert shown.checked_at == shown.computed_at < check.checked_at


def test_the_nightly_rebuild_also_recomputes_snapshots_of_units_without_records(units):
    """Its check vouches for every plain snapshot of the period: one a dashboard left for a unit with no records
    (figures that can still move, as the duty a head owes) is recomputed, not merely declared checked."""
    from reports.services import report_refresh

    period = parse_period(period="2024-Q2")
    every = list(units_with_data())
    quiet = AdministrativeUnit.objects.filter(generation="legacy", level="commune").exclude(
        pk__in=[u.pk for u in every]
    )[0]
    report_refresh(kind="petitions", unit=quiet, period=period)
    stored = ReportSnapshot.objects.filter(kind="petitions", unit=quiet, start=period.start, end=period.end, params="")
    stored.update(data={"stale": True}, fingerprint="stale")

    reports_refresh(units=every, periods=[period], every_unit=True)

    assert stored.get().data == report_compute(kind="petitions", unit=quiet, period=period)


def test_figures_read_before_a_later_refresh_do_not_overwrite_it(units):
    """A long rebuild reads the records, a petition changes and its refresh stores newer figures, then the
    rebuild stores what it read: the leader keeps seeing the newer figures, and the check does not go back."""
    from reports.models import SnapshotCheck
    from reports.services import reports_store

    period = parse_period(period="2024-Q2")
    province = next(u for u in units if u.level == "province")
    rebuild_began = timezone.now() - dt.timedelta(minutes=5)
    reports_refresh(units=units, periods=[period], every_unit=True)  # the refresh after the change, just now
    stored = ReportSnapshot.objects.get(kind="petitions", unit=province, start=period.start, params="")
    checked = SnapshotCheck.objects.get(kind="petitions", start=period.start, end=period.end).checked_at

    reports_store(
        kind="petitions",
        period=period,
        data={province.pk: {**stored.data, "received": -1}},
        every_unit=True,
        read_at=rebuild_began,
    )

    again = ReportSnapshot.objects.get(pk=stored.pk)
    assert again.data == stored.data and again.computed_at == stored.computed_at
    assert SnapshotCheck.objects.get(kind="petitions", start=period.start, end=period.end).checked_at == checked
