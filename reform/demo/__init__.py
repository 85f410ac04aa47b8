"""Demo administrative reform for the demo province, sized like Sơn La's 2024 report (DOMAIN R5.2, R5.5).

- Bắc Kạn 2024, on the legacy map: the province's plan, issued by its People's Committee and managed by
  tinh.cchc (Sở Nội vụ), 81 listed tasks over the six areas (three broken into sub-tasks), 70 completed with
  evidence (most on time, some late): 70/81 = 86.42%. The other 11 are still open and overdue, three of them
  after an approved extension into 2025; some are Sở Nội vụ's, tinh.cchc's own work. Its four departments and
  eight districts set 1,279 tasks in their own plans: mostly completed, some overdue, a few cancelled.
- The current year, on the 2025 map: Tỉnh Thái Nguyên's plan (completions need the owner's confirmation), about
  40 tasks in every one of the six states as of the demo's today, with a completion awaiting confirmation and an
  extension request awaiting a decision; Xã Đồng Phúc's plan of 10 tasks (tnxa.cchc).
- PAR Index, PAPI and SIPAS of Bắc Kạn 2020–2024 and of Tỉnh Thái Nguyên 2025 (illustrative values); the
  one-stop points of both maps (every commune, every department, the provincial centre).

Deterministic for a seed, and idempotent: each plan, each year's indicators and each one-stop point is created
once, and skipped when it is there.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from portal.choices import Generation, Level
from portal.dated_rules import TWO_LEVEL_GOVERNMENT_FROM
from portal.demo import CURRENT_PROVINCE_CODE
from portal.models import AdministrativeUnit
from reform.demo.current import seed_current
from reform.demo.history import province, seed_history
from reform.demo.indicators import CURRENT_OPENED, LEGACY_OPENED, seed_indicators, seed_onestop

__all__ = ["seed_reform"]

LEGACY_YEARS = [2020, 2021, 2022, 2023, 2024]


@transaction.atomic
def seed_reform(*, seed: int, as_of: dt.date | None = None, current_map: bool = True) -> int:
    """Create the demo reform data (on the 2025 map too when `current_map` and `as_of`, today unless told, lies on
    it); returns the number of tasks created now."""
    # The services date every completion by the real clock: the demo's today cannot lie after it.
    as_of = min(as_of or timezone.localdate(), timezone.localdate())
    legacy = province()
    created = seed_history(seed)
    seed_indicators(seed, legacy, LEGACY_YEARS)
    seed_onestop(seed, legacy, opened=LEGACY_OPENED, closed_on=TWO_LEVEL_GOVERNMENT_FROM)
    if current_map and as_of >= TWO_LEVEL_GOVERNMENT_FROM:
        current = AdministrativeUnit.objects.get(
            generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
        )
        created += seed_current(seed, as_of)
        seed_indicators(seed, current, [TWO_LEVEL_GOVERNMENT_FROM.year])
        seed_onestop(seed, current, opened=CURRENT_OPENED, closed_on=None)
    return created
