"""`make bench` leaves one table: the serving and import benchmarks add their figures to the day's file that the
reports benchmark started, and the table in docs/performance.md shows them all."""

import json

from bench import results


def test_later_benchmarks_add_to_the_days_file_and_its_table(tmp_path, monkeypatch):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nbefore\n{results.BEGIN}\nold table\n{results.END}\nafter\n")
    monkeypatch.setattr(results, "DOC", doc)
    started = {
        "date": "2026-12-07",
        "database": "postgresql",
        "machine": {"cpus": 2, "python": "3.12.1"},
        "units": 14165,
        "periods": 20,
        "figures": {
            "floor_petitions_year": {"median_s": 4.0, "p95_s": 4.2, "runs": 2},
            "compute_year_petitions": {"median_s": 20.0, "p95_s": 21.0, "runs": 2},
        },
    }
    results.results_path("2026-12-07", "postgresql", tmp_path).write_text(json.dumps(started))

    results.results_add(
        "2026-12-07",
        "postgresql",
        {
            "serve_freshness": {"median_s": 1.5, "p95_s": 2.0, "runs": 5, "changes": 5, "missed": 0, "timeout_s": 60},
            "serve_load_dashboard_province": {
                "median_s": 0.02,
                "p95_s": 0.03,
                "runs": 900,
                "requests": 900,
                "errors": 0,
                "requests_per_s": 45.0,
            },
            "serve_load_ratio": 0.61,
            "serve_load_setting": {"workers": 4},
        },
        folder=tmp_path,
    )
    results.results_add(
        "2026-12-07",
        "postgresql",
        {"import_csv": {"median_s": 80.0, "p95_s": 80.0, "runs": 1, "rows": 100000, "rows_per_s": 1250.0}},
        folder=tmp_path,
    )

    saved = json.loads(results.results_path("2026-12-07", "postgresql", tmp_path).read_text())
    assert {"floor_petitions_year", "serve_freshness", "import_csv"} <= set(saved["figures"])
    text = doc.read_text()
    assert "old table" not in text and text.startswith("# Performance\n\nbefore\n") and text.endswith("after\n")
    assert "| compute_year_petitions | 20.00 s | 21.00 s |  | 5.0× |" in text
    assert "0 of 5 changes not shown within 60 s" in text
    assert "45 requests/s, 0 errors of 900" in text
    assert "| serve_load_ratio | 0.61 |" in text
    assert "100,000 rows, 1,250 rows/s" in text
    assert "serve_load_setting" not in text


def test_a_figure_never_measured_shows_a_dash():
    assert results.summary([]) == {"median_s": None, "p95_s": None, "runs": 0}
    table = results.markdown(
        {"date": "2026-12-07", "database": "sqlite", "figures": {"serve_freshness": results.summary([])}}
    )
    assert "| serve_freshness | — | — |" in table
