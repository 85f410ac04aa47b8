"""The app's own deadline engine (petitions.deadlines), memoised per event for millions of petitions.

A petition's deadlines are the notice (from its receipt), the acceptance or the transfer (from its receipt, by
kind and complexity) and the settlement (from its acceptance, by kind, round, complexity, area and extensions).
Each depends on those facts only, so each is computed once per distinct set of facts with
`petitions.deadlines.compute_deadline` and the rule `pick_rule` chooses, exactly as `compute_all` does, and kept
as its due day and its JSON: bytes prefixed with the event's key, so that a petition's `deadlines` value (jsonb, in
COPY's binary form) is one join.
"""

from __future__ import annotations

import json

from bench.national.days import Days
from petitions.choices import DeadlineEvent, Kind
from petitions.deadlines import compute_deadline, extension_days_allowed, load_rules, pick_rule
from portal.workcalendar import WorkCalendar

NOTICE, ACCEPTANCE, TRANSFER, SETTLEMENT = (
    DeadlineEvent.NOTICE.value,
    DeadlineEvent.ACCEPTANCE.value,
    DeadlineEvent.TRANSFER.value,
    DeadlineEvent.SETTLEMENT.value,
)


class DeadlineBook:
    """Due days (ordinals) and JSON fragments by event and facts, computed on first use."""

    def __init__(self, days: Days, calendar: WorkCalendar) -> None:
        self.days = days
        self.calendar = calendar
        self.rules = load_rules()
        self.today = days.date(days.as_of)
        self._cache: dict[tuple, tuple[int, bytes] | None] = {}
        self._intake: dict[tuple, tuple | None] = {}
        self._extension_days: dict[tuple, int] = {}

    def _compute(self, event: str, kind: str, round_: int, start: int, **facts) -> tuple[int, bytes] | None:
        key = (event, kind, round_, start, *facts.values())
        if key in self._cache:
            return self._cache[key]
        day = self.days.date(start)
        rule = pick_rule(self.rules, event=event, kind=kind, round=round_, on=day)
        value = None
        if rule is not None:
            deadline = compute_deadline(rule, day, calendar=self.calendar, today=self.today, **facts)
            text = json.dumps(deadline.as_json(), ensure_ascii=False, separators=(",", ":"))
            value = (deadline.due.toordinal(), f'"{event}":{text}'.encode())
        self._cache[key] = value
        return value

    def notice(self, kind: str, round_: int, received: int) -> tuple[int, bytes] | None:
        key = (NOTICE, kind, round_, received)
        found = self._cache.get(key, _MISSING)  # looked up here first: the hot path of five million petitions
        return self._compute(NOTICE, kind, round_, received) if found is _MISSING else found

    def intake(self, kind: str, round_: int, received: int, complexity: str, transfer: bool):
        """The acceptance deadline of a complaint or denunciation, or a denunciation's transfer deadline, after its
        event's name: (event, due, fragment). None for recommendations and reflections (no rule)."""
        key = (kind, round_, received, complexity, transfer)
        found = self._intake.get(key, _MISSING)
        if found is _MISSING:
            found = None
            if kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
                event = TRANSFER if transfer else ACCEPTANCE
                facts = {} if transfer else {"complexity": complexity}
                computed = self._compute(event, kind, round_, received, **facts)
                found = None if computed is None else (event, *computed)
            self._intake[key] = found
        return found

    def extension_days(self, kind: str, round_: int, accepted: int) -> int:
        key = (kind, round_, accepted)
        if key not in self._extension_days:
            on = self.days.date(accepted)
            self._extension_days[key] = extension_days_allowed(self.rules, kind=kind, round=round_, on=on) or 0
        return self._extension_days[key]

    def settlement(
        self, kind: str, round_: int, accepted: int, complexity: str, remote: bool, extensions: tuple = ()
    ) -> tuple[int, bytes] | None:
        key = (SETTLEMENT, kind, round_, accepted, complexity, remote, extensions)
        found = self._cache.get(key, _MISSING)
        if found is _MISSING:
            found = self._compute(
                SETTLEMENT, kind, round_, accepted, complexity=complexity, remote=remote, extensions=extensions
            )
        return found


_MISSING = object()


def deadlines_value(*fragments) -> bytes:
    """A petition's `deadlines` column (jsonb, binary COPY form) from its events' fragments."""
    return b"\x01{" + b",".join(fragments) + b"}"
