"""What every generator of the national dataset shares: the loader, the days, both maps, the deadline engine, the
people, the scale and the next free id of each table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bench.national.copying import Loader
from bench.national.days import Days
from bench.national.deadlines import DeadlineBook
from bench.national.people import People
from bench.national.places import Country


@dataclass
class Context:
    loader: Loader
    days: Days
    country: Country
    book: DeadlineBook
    people: People
    scale: float
    seed: int
    ids: dict[str, int]
    progress: Callable[[str], None] = print
    heads: dict[int, str] = field(default_factory=dict)  # agency id → its head's name
    agency_names: dict[int, str] = field(default_factory=dict)  # agency id → its name
    counters: dict[tuple[int, int], int] = field(default_factory=dict)  # (unit, year) → last register number
    refs: dict[str, object] = field(default_factory=dict)  # programmes, phases, reform areas: read before loading

    def scaled(self, full: int, minimum: int = 1) -> int:
        """A full-scale volume at this scale (never below `minimum`)."""
        return max(minimum, round(full * self.scale))

    def morning(self, ordinal: int) -> str:
        """A record's creation time on a day (timestamps are local office hours, UTC+7)."""
        return f"{self.days.iso(ordinal)} 08:30:00+07"

    def afternoon(self, ordinal: int) -> str:
        return f"{self.days.iso(ordinal)} 15:00:00+07"
