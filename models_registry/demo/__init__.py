"""Demo models registry for the demo province, sized like its report (seeds/ 003): Bắc Kạn registered over
7,600 "Dân vận khéo" models in 2022–2024, recognised 3,738 of them and named 680 typical.

- 2022, 2023, 2024 on the legacy map: each year a round of the province, of each of its eight districts
  (the historical level) and of each of its 108 communes, with the exact totals above over them, spread
  over the four fields, the levels and the units, collective and individual (Chợ Đồn 2022: 69 and 54).
  The four models the report names are among the typical ones. Each round has its decision (number, date,
  signer) listing what it recognised; the province's and Ba Bể's rounds have a council whose score sheets
  are kept for a sample; a few typical models are published in the showcase, some were replicated and
  commended for the 2021–2025 phase. Written with bulk inserts, like an import of the old registry
  (no audit rows per model).
- 2025, up to the reform: Bắc Kạn's "Chính quyền thân thiện" round (20 registered, 12 recognised), outside
  the 2022–2024 figures so that they stay the report's whatever programme a count takes.
- The current year, on the 2025 map: Tỉnh Thái Nguyên's round (province level) and Xã Đồng Phúc's (commune
  level) open today, with drafts, registrations, models under evaluation and their councils' sheets in
  progress, made through the services by the demo's accounts (tn.danvan runs the province's round;
  tn.lanhdao, tn.thanhtra, tn.cchc and tn.danvan sit on its council), so their history is real.

Deterministic for a seed, and idempotent: each part is created once, and skipped when its rounds are there.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from models_registry.choices import DISTRICT_LEVEL_ENDS
from models_registry.defaults import seed_programmes
from models_registry.demo.current import seed_current
from models_registry.demo.history import History
from models_registry.demo.words import NAMED
from models_registry.models import Phase, Programme

__all__ = ["NAMED", "seed_models"]


def seed_models(*, seed: int, as_of: dt.date | None = None, current_map: bool = True) -> int:
    """Create the demo registry (the history of the legacy province, and on the 2025 map the current year's
    rounds when `as_of`, today unless told, lies on it); returns the number of models created now."""
    as_of = as_of or timezone.localdate()
    seed_programmes(Programme, Phase)  # a transactional test may have emptied the migration's rows
    created = History(seed).seed()
    if current_map and as_of >= DISTRICT_LEVEL_ENDS:
        created += seed_current(seed, as_of)
    return created
