"""Benchmark the reports on an existing database (issue 17): the nightly rebuild, pages, API and lists.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python bench/bench_reports.py
    DEBUG=1 DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/bench_reports.py --years 2024 --repeat 5

The database is one `make bench-data` generated (or the demo's, from `make demo`). It measures, each repeated
--repeat times (median and p95):

- the full rebuild of every family's plain snapshots, for every unit with records and every standard period of
  one year (and of two years with --two-years), as the nightly job does it: set-wise;
- beside it, for the petitions family, the FLOOR: the same grouped figures from one hand-written SQL query per
  period over the same tables, and the NAIVE way: the per-unit computation (a few queries per unit), measured on
  one period and multiplied by the number of periods;
- the province, district and commune dashboards (server time through Django's test client, query count);
- the report API for a standard and a custom period; the petitions list with filters and a text search.

It writes bench/results/<date>.json and rewrites the table between the markers in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.results import RESULTS, doc_write, markdown, results_path, summary  # noqa: E402


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG keeps every query, which production does not pay for
    settings.ALLOWED_HOSTS = ["*"]


def timed(run, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return summary(times)


def queries_of(run) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


FLOOR_CASE_SUMS = """
       SUM(CASE WHEN c.accepted_on < %(s)s AND (c.settled_on IS NULL OR c.settled_on >= %(s)s) THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.accepted_on BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.accepted_on <= %(e)s AND (c.settled_on IS NULL OR c.settled_on >= %(s)s) THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.settled_on BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.settled_on BETWEEN %(s)s AND %(e)s AND c.settled_on <= c.settlement_due THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.accepted_on <= %(e)s AND (c.settled_on IS NULL OR c.settled_on > %(e)s)
                 AND c.settlement_due < %(due)s THEN 1 ELSE 0 END)"""
FLOOR_SQL = """
SELECT u.path, c.kind, {sums}
FROM petitions_case c
JOIN petitions_petition p ON p.id = c.lead_petition_id
JOIN portal_administrativeunit u ON u.id = p.unit_id
WHERE c.within_authority AND c.accepted_on IS NOT NULL AND c.accepted_on <= %(latest)s
  AND (c.settled_on IS NULL OR c.settled_on >= %(earliest)s OR c.accepted_on >= %(earliest)s)
GROUP BY u.path, c.kind
"""
FLOOR_RECEIVED_SQL = """
SELECT u.path, p.kind, {counts}
FROM petitions_petition p JOIN portal_administrativeunit u ON u.id = p.unit_id
WHERE p.received_on BETWEEN %(earliest)s AND %(latest)s GROUP BY u.path, p.kind
"""


def floor(periods) -> None:
    """The petitions family's grouped figures for all the periods in hand-written SQL, one query for the cases
    (each period's six metrics a sum) and one for the received petitions, as fast as the tables allow: what the
    one pass computes, without Django, the roll-up of the tree, or storing."""
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    values = {"earliest": min(p.start for p in periods), "latest": max(p.end for p in periods)}
    sums, counts = [], []
    for index, period in enumerate(periods):
        values.update({f"s{index}": period.start, f"e{index}": period.end, f"due{index}": min(period.end, today)})
        names = {"s": f"s{index}", "e": f"e{index}", "due": f"due{index}"}
        sums.append(FLOOR_CASE_SUMS % {key: f"%({name})s" for key, name in names.items()})
        counts.append(f"SUM(CASE WHEN p.received_on BETWEEN %(s{index})s AND %(e{index})s THEN 1 ELSE 0 END)")
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL.format(sums=",".join(sums)), values)
        cursor.fetchall()
        cursor.execute(FLOOR_RECEIVED_SQL.format(counts=",".join(counts)), values)
        cursor.fetchall()


def page(client, url: str, repeat: int) -> dict:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return {**timed(lambda: client.get(url), repeat), "queries": queries_of(lambda: client.get(url)), "url": url}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, nargs="+", help="Standard periods of these years (default: last year).")
    parser.add_argument("--two-years", action="store_true", help="Also rebuild two years at once.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each rebuild (pages: 10 × this).")
    parser.add_argument("--no-doc", action="store_true", help="Do not rewrite docs/performance.md.")
    parser.add_argument(
        "--naive-units",
        type=int,
        default=100,
        help="Measure the naive way on this many units spread over all (0: all) and scale up: at national scale "
        "the per-unit computation of every unit takes hours (default: 100).",
    )
    parser.add_argument(
        "--rewritten", action="store_true", help="Also time a rebuild that finds every snapshot changed."
    )
    parser.add_argument(
        "--leader",
        help="Whose dashboards, API and list are opened (default: the national dataset's first provincial leader, "
        "else the demo's).",
    )
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from portal.choices import Level
    from portal.models import User
    from reports import registry
    from reports.models import ReportSnapshot
    from reports.periods import standard_periods
    from reports.services import (
        report_compute,
        report_compute_periods,
        reports_refresh,
        reports_refresh_for_change,
        units_with_data,
    )

    years = args.years or [timezone.localdate().year - 1]
    units = list(units_with_data())
    periods = [p for year in years for p in standard_periods(year)]
    print(f"{connection.vendor}: {len(units)} units with records, {len(periods)} periods, years {years}", flush=True)
    results: dict = {
        "date": timezone.localdate().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "database": connection.vendor,
        "units": len(units),
        "periods": len(periods),
        "families": registry.keys(),
        "figures": {},
    }
    figures = results["figures"]

    # The full rebuild as reports_refresh runs it (family by family, every period), each family timed within it:
    # first, if asked, finding every stored snapshot changed (all rewritten), then as the nightly job finds them.
    if args.rewritten:
        stored = ReportSnapshot.objects.filter(params="", start__gte=periods[0].start, end__lte=periods[-1].end)
        stored.update(fingerprint="")
        started = time.perf_counter()
        for family in registry.families():
            reports_refresh_one(family.key, units, periods)
        figures["rebuild_year_rewritten"] = summary([time.perf_counter() - started])
        print(f"  rebuild, one year, every snapshot rewritten: {figures['rebuild_year_rewritten']['median_s']:.2f} s")
        if connection.vendor == "postgresql":  # what autovacuum does after such a rewrite, before pages are read
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {ReportSnapshot._meta.db_table}")
    per_family: dict[str, list[float]] = {family.key: [] for family in registry.families()}
    totals = []
    for _run in range(args.repeat):
        total = 0.0
        for family in registry.families():
            started = time.perf_counter()
            reports_refresh_one(family.key, units, periods)
            per_family[family.key].append(time.perf_counter() - started)
            total += per_family[family.key][-1]
            print(f"    {family.key:12} {per_family[family.key][-1]:.2f} s", flush=True)
        totals.append(total)
    figures["rebuild_year"] = summary(totals)
    print(f"  rebuild, one year: {figures['rebuild_year']['median_s']:.2f} s", flush=True)
    for key, times in per_family.items():
        figures[f"rebuild_year_{key}"] = summary(times)
    if args.two_years:
        both = [p for year in (years[0] - 1, years[0]) for p in standard_periods(year)]
        figures["rebuild_two_years"] = timed(
            lambda: reports_refresh(units=units, periods=both, every_unit=True), args.repeat
        )
    figures["floor_petitions_year"] = timed(lambda: floor(periods), args.repeat)
    # The same figures as the floor's, with the tree summed, but not stored: what the one pass itself costs.
    figures["compute_year_petitions"] = timed(lambda: consume(report_compute_periods, units, periods), args.repeat)
    one = periods[0]
    sample = units[:: max(1, len(units) // args.naive_units)] if args.naive_units else units
    naive = timed(lambda: [report_compute(kind="petitions", unit=u, period=one) for u in sample], 1)
    scale = len(periods) * len(units) / len(sample)
    figures["naive_petitions_year"] = {k: v * scale if k.endswith("_s") else v for k, v in naive.items()}
    figures["naive_petitions_year"]["note"] = (
        f"one period measured on {len(sample)} of {len(units)} units, scaled to all units and periods"
    )

    # A record of a commune changed: what the task that follows a change refreshes (its snapshots and its ancestors').
    commune = next((u for u in units if u.level == Level.COMMUNE), units[-1])
    day = periods[-1].end
    figures["incremental_refresh"] = timed(lambda: reports_refresh_for_change(unit=commune, on=day), args.repeat * 3)

    usernames = [args.leader] if args.leader else ["p01.lanhdao", "tinh.lanhdao"]
    leader = User.objects.filter(username__in=usernames).order_by("username").first()
    leader = leader or User.objects.filter(is_superuser=True).first()
    client = Client(HTTP_HOST="localhost")
    client.force_login(leader)
    # The leader's own province and, under it, the first district and commune with records (others 404 for him).
    home = leader.agency.unit if getattr(leader, "agency", None) else units[0]
    mine = [u for u in units if u.path.startswith(home.path)] or units
    by_level = {level: next((u for u in mine if u.level == level), None) for level in Level.values}
    year = years[-1]
    for level, unit in by_level.items():
        if unit is not None:
            figures[f"dashboard_{level}"] = page(client, f"/dashboard/{unit.pk}/?year={year}", args.repeat * 10)
    province = by_level.get(Level.PROVINCE) or units[0]
    figures["api_standard"] = page(client, f"/api/v1/reports/petitions/?unit={province.pk}&period={year}", 30)
    figures["api_custom"] = api_custom(client, province.pk, year, 5)
    figures["petition_list"] = page(client, "/petitions/?q=dat&status=accepted&kind=complaint", args.repeat * 10)
    figures["petition_list_plain"] = page(client, "/petitions/", args.repeat * 10)
    figures["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # A new day's file: the serving and import benchmarks that follow add their figures to it.
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = results_path(results["date"], connection.vendor, RESULTS)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"wrote {out}")
    table = markdown(results)
    print(table)
    if not args.no_doc:
        doc_write(table)


def api_custom(client, unit_id: int, year: int, repeat: int) -> dict:
    """A custom range of the province nobody asked for before: each run a range of its own, computed on request
    (the API computes a custom range when it is first asked, then serves it stored)."""
    import datetime as dt

    from reports.models import ReportSnapshot

    start, ends = dt.date(year, 2, 3), [dt.date(year, 10, 17) - dt.timedelta(days=n) for n in range(repeat + 1)]
    ReportSnapshot.objects.filter(unit_id=unit_id, start=start, end__in=ends).delete()  # an earlier run's
    urls = [f"/api/v1/reports/petitions/?unit={unit_id}&from={start}&to={end}" for end in ends]
    answered = iter(urls)
    figure = timed(lambda: _ok(client.get(next(answered))), repeat)
    return {**figure, "queries": queries_of(lambda: _ok(client.get(urls[-1]))), "url": urls[0]}


def _ok(response) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")


def consume(compute, units, periods) -> None:
    for _figures in compute(kind="petitions", units=units, periods=periods):
        pass  # each period's figures in turn, none kept


def reports_refresh_one(kind: str, units, periods) -> None:
    from reports.services import report_compute_periods, reports_store

    for period, data in zip(periods, report_compute_periods(kind=kind, units=units, periods=periods), strict=True):
        reports_store(kind=kind, period=period, data=data, every_unit=True)  # as the nightly job


if __name__ == "__main__":
    main()
