"""`make bench`'s reports benchmark, run small on the test database so that it cannot rot (issue 17): it rebuilds
every family, measures the floor and the naive way, opens the leader's dashboards, the report API and the list,
and writes its results and table."""

import json
import sys

import pytest

from tests.petitions.conftest import accepted, commune_head, frozen_today, receive  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_end_to_end_and_writes_its_results(accepted, tmp_path, monkeypatch):  # noqa: F811
    from bench import bench_reports

    accepted()
    monkeypatch.setattr(bench_reports, "setup_django", lambda: None)  # the test run's settings stay as they are
    monkeypatch.setattr(bench_reports, "RESULTS", tmp_path)
    monkeypatch.setattr(sys, "argv", ["bench_reports.py", "--years", "2026", "--repeat", "1", "--no-doc"])

    bench_reports.main()

    [written] = tmp_path.glob("*.json")
    results = json.loads(written.read_text())
    figures = results["figures"]
    assert results["units"] >= 3 and results["periods"] == 20
    measured = ("rebuild_year", "floor_petitions_year", "compute_year_petitions", "naive_petitions_year")
    for name in (*measured, "api_standard", "petition_list", "petition_list_plain"):
        assert figures[name]["median_s"] >= 0, name
    assert {"dashboard_province", "dashboard_commune"} <= set(figures)
    assert figures["dashboard_province"]["queries"] <= 15  # the target: constant, at most 15
    assert "| rebuild_year |" in bench_reports.markdown(results)
