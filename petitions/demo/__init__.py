"""Demo petitions for the demo province: Bắc Kạn's petition register from 2022 to today, as an import.

Bắc Kạn reports 6,921 complaints, denunciations, recommendations and reflections received from
2022 to 2024, and a resolution rate above 80% every year; the volumes (`DEMO_VOLUMES`) follow that,
and the years after keep the pace up to the as-of day (today unless told). A legacy province's
register stops with its map (30 Jun 2025) unless `current_map` is asked for: then it goes on to the
as-of day on the 2025 map, each petition received from 1 Jul 2025 going to the commune that took over
its legacy commune (or to the new province), with the agencies of `portal.demo.seed_organisation_current`.
The rows are built in memory and fed through `petitions_import`, so the demo takes the same path as
a real register (validation, deadline engine, bulk writes). Deterministic for a
seed and an as-of day, and idempotent: a second run finds every register number and creates nothing.

- `words`: names, villages, projects, summaries and the weights of fields and reasons;
- `province`: the province's places and agencies, and the people and addresses drawn from them;
- `register`: the register rows, matter by matter, up to the as-of day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from petitions.demo.register import DEMO_VOLUMES, REPORTED_AS_OF, _Generator, demo_volumes
from petitions.importer import COLUMN_NAMES, petitions_import

__all__ = ["DEMO_VOLUMES", "REPORTED_AS_OF", "demo_rows", "demo_volumes", "rows_to_csv", "seed_petitions"]


def seed_petitions(
    *, seed: int, province_code: str = "06", as_of: dt.date | None = None, current_map: bool = False
) -> int:
    """Import the demo register of a legacy province (agencies from portal.demo) as it stands on `as_of`
    (today unless told), after its map ended on its successors' if `current_map`; returns petitions created."""
    rows = demo_rows(seed=seed, province_code=province_code, as_of=as_of, current_map=current_map)
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


def demo_rows(
    *,
    seed: int,
    province_code: str = "06",
    volumes: dict[int, int] | None = None,
    as_of: dt.date | None = None,
    current_map: bool = False,
) -> list[dict]:
    """Register rows (import columns) for about `volumes[year]` petitions a year in the province, as
    they stand on `as_of` (today unless told; by default the volumes run from 2022 to that day).

    The rows stop with the legacy map (30 Jun 2025) unless `current_map`: then they go on on the 2025 map.
    """
    generator = _Generator(seed, province_code, as_of or timezone.localdate(), current_map=current_map)
    return generator.rows(volumes or demo_volumes(generator.as_of))
