"""The day's benchmark results: one JSON file per database kind, and the table in docs/performance.md.

bench_reports.py starts the day's file; bench_serve.py and bench_import.py add their figures to it, and each
rewrites the table, so `make bench` leaves one table of everything it measured.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
RATIO_TO_FLOOR = ("rebuild_year_petitions", "compute_year_petitions", "naive_petitions_year")


def summary(times: list[float]) -> dict:
    if not times:
        return {"median_s": None, "p95_s": None, "runs": 0}
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_s": statistics.median(ordered), "p95_s": p95, "runs": len(ordered)}


def results_path(date: str, vendor: str, folder: Path = RESULTS) -> Path:
    return folder / f"{date}-{vendor}.json"


def results_add(date: str, vendor: str, figures: dict, *, folder: Path = RESULTS, doc: bool = True) -> Path:
    """Add figures to the day's file (started by bench_reports.py, or new) and rewrite the table from it."""
    folder.mkdir(parents=True, exist_ok=True)
    out = results_path(date, vendor, folder)
    results = json.loads(out.read_text()) if out.exists() else {"date": date, "database": vendor, "figures": {}}
    results.setdefault("figures", {}).update(figures)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    if doc and "floor_petitions_year" in results["figures"]:  # a table only over the reports' own run
        doc_write(markdown(results))
    return out


def markdown(results: dict) -> str:
    figures = results["figures"]
    floor_s = (figures.get("floor_petitions_year") or {}).get("median_s")
    machine = results.get("machine", {})
    lines = [
        f"Measured {results['date']} on {results['database']}, {machine.get('cpus', '?')} CPUs, Python "
        f"{machine.get('python', '?')}: {results.get('units', '?')} units with records, "
        f"{results.get('periods', '?')} periods.",
        "",
        "| figure | median | p95 | queries | ours ÷ floor | note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, value in figures.items():
        if name.endswith("_setting"):
            continue
        if name.endswith("peak_memory_mb"):
            lines.append(f"| {name} | {value:.0f} MB | | | | |")
            continue
        if not isinstance(value, dict):
            lines.append(f"| {name} | {_number(value)} | | | | |")
            continue
        ratio = ""
        if name in RATIO_TO_FLOOR and floor_s and value.get("median_s"):
            ratio = f"{value['median_s'] / floor_s:.1f}×"
        lines.append(
            f"| {name} | {_seconds(value.get('median_s'))} | {_seconds(value.get('p95_s'))} "
            f"| {value.get('queries', '')} | {ratio} | {_note(value)} |"
        )
    return "\n".join(lines)


def _note(value: dict) -> str:
    if "requests_per_s" in value:
        return f"{value['requests_per_s']:.0f} requests/s, {value['errors']} errors of {value['requests']:,}"
    if "missed" in value:
        return f"{value['missed']} of {value['changes']} changes not shown within {value['timeout_s']:.0f} s"
    if "rows_per_s" in value:
        return f"{value['rows']:,} rows, {value['rows_per_s']:,.0f} rows/s"
    return ""


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def doc_write(table: str) -> None:
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}")
