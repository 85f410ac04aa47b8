"""Demo petitions for the demo province: Bắc Kạn's petition register 2022–2024, as an import.

Bắc Kạn reports 6,921 complaints, denunciations, recommendations and reflections received from
2022 to 2024, and a resolution rate above 80% every year; the volumes (`DEMO_VOLUMES`) follow that. The
rows are built in memory and fed through `petitions_import`, so the demo takes the same path as
a real register (validation, deadline engine, bulk writes). Deterministic for a seed, and
idempotent: a second run finds every register number and creates nothing.

- `words`: names, villages, projects, summaries and the weights of fields and reasons;
- `province`: the province's places and agencies, and the people and addresses drawn from them;
- `register`: the register rows, matter by matter, up to `AS_OF`.
"""

from __future__ import annotations

import csv
import io

from petitions.demo.register import AS_OF, DEMO_VOLUMES, _Generator
from petitions.importer import COLUMN_NAMES, petitions_import

__all__ = ["AS_OF", "DEMO_VOLUMES", "demo_rows", "rows_to_csv", "seed_petitions"]


def seed_petitions(*, seed: int, province_code: str = "06") -> int:
    """Import the demo register of a legacy province (agencies from portal.demo); returns petitions created."""
    rows = demo_rows(seed=seed, province_code=province_code)
    report = petitions_import(source=io.BytesIO(rows_to_csv(rows)), filename=f"demo-{province_code}-{seed}.csv")
    if not report.ok:
        raise RuntimeError("; ".join(report.error_lines()[:10]))
    return report.created


def rows_to_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMN_NAMES))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def demo_rows(*, seed: int, province_code: str = "06", volumes: dict[int, int] | None = None) -> list[dict]:
    """Register rows (import columns) for about `volumes[year]` petitions a year in the province."""
    return _Generator(seed, province_code).rows(volumes or DEMO_VOLUMES)
