"""The deadline engine: every legal time limit of a petition, from the rule table (data).

Each computed deadline keeps the rule that produced it and the steps of the computation, so the
detail page can show *how* a date came about. Day counting follows the Civil Code: the first day
is not counted; a period ending on a non-working day ends on the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petitions.choices import (
    DUE_SOON_WORKING_DAYS,
    INTAKE_STATUSES,
    SETTLING_STATUSES,
    Complexity,
    DayType,
    DeadlineEvent,
    DeadlineState,
    Kind,
    Outcome,
    StartEvent,
)
from portal.dated_rules import LAW_136_2025_FROM
from portal.workcalendar import WorkCalendar

# From this day a temporary suspension stops the settlement clock (DOMAIN R2.12).
PAUSE_STOPS_CLOCK_FROM = LAW_136_2025_FROM


@dataclass
class Deadline:
    event: str
    due: dt.date
    rule_code: str
    rule_name: str
    legal_basis: str
    steps: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "event": self.event,
            "due": self.due.isoformat(),
            "rule": self.rule_code,
            "rule_name": self.rule_name,
            "legal_basis": self.legal_basis,
            "steps": self.steps,
        }


@dataclass(frozen=True)
class RuleRow:
    """A rule as plain data (loaded once per batch; also what tests build by hand)."""

    code: str
    name: str
    kind: str
    round: int | None
    event: str
    start_event: str
    day_type: str
    days: int
    complex_days: int | None
    remote_days: int | None
    remote_complex_days: int | None
    extension_days: int | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    legal_basis: str


def load_rules() -> list[RuleRow]:
    from petitions.models import DeadlineRule

    return [
        RuleRow(
            code=r.code,
            name=r.name,
            kind=r.kind,
            round=r.round,
            event=r.event,
            start_event=r.start_event,
            day_type=r.day_type,
            days=r.days,
            complex_days=r.complex_days,
            remote_days=r.remote_days,
            remote_complex_days=r.remote_complex_days,
            extension_days=r.extension_days,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
            legal_basis=r.legal_basis,
        )
        for r in DeadlineRule.objects.all()
    ]


def pick_rule(rules: Iterable[RuleRow], *, event: str, kind: str, round: int, on: dt.date) -> RuleRow | None:
    """The rule in force on `on` for this event; a rule for the exact kind and round wins over a general one."""
    candidates = [
        r
        for r in rules
        if r.event == event
        and r.kind in ("", kind)
        and r.round in (None, round)
        and (r.effective_from is None or r.effective_from <= on)
        and (r.effective_to is None or on <= r.effective_to)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.kind != "", r.round is not None, r.effective_from or dt.date.min))


def extensions_allowed(kind: str, complexity: str) -> int:
    """How many times a settlement may be extended by decision (Law on Denunciations 2018, art. 30):
    a complex denunciation once, a very complex one twice; other kinds extend by being declared complex."""
    if kind != Kind.DENUNCIATION:
        return 0
    return {Complexity.COMPLEX: 1, Complexity.VERY_COMPLEX: 2}.get(complexity, 0)


def extension_days_allowed(rules: Iterable[RuleRow], *, kind: str, round: int, on: dt.date) -> int | None:
    """Days one extension of the settlement time may add, from the rule in force on `on` (None: none)."""
    rule = pick_rule(rules, event=DeadlineEvent.SETTLEMENT, kind=kind, round=round, on=on)
    return rule.extension_days if rule is not None and rule.extension_days else None


def _limit_days(rule: RuleRow, *, complexity: str, remote: bool) -> tuple[int, str]:
    is_complex = complexity in (Complexity.COMPLEX, Complexity.VERY_COMPLEX)
    if remote and is_complex and rule.remote_complex_days:
        return rule.remote_complex_days, "remote_complex"
    if remote and rule.remote_days:
        return rule.remote_days, "remote"
    if is_complex and rule.complex_days:
        return rule.complex_days, "complex"
    return rule.days, "normal"


def compute_deadline(
    rule: RuleRow,
    start: dt.date,
    *,
    calendar: WorkCalendar,
    complexity: str = Complexity.NORMAL,
    remote: bool = False,
    extensions: Iterable[tuple[int, str]] = (),
    pauses: Iterable[tuple[dt.date, dt.date | None]] = (),
    today: dt.date | None = None,
) -> Deadline:
    """Apply one rule from `start`: limit by complexity and area, extensions, counted pauses, roll-forward."""
    days, variant = _limit_days(rule, complexity=complexity, remote=remote)
    steps: list[dict] = [{"op": "start", "event": rule.start_event, "date": start.isoformat()}]
    if rule.day_type == DayType.WORKING:
        due = calendar.add_working_days(start, days)
        skipped = [
            [d.isoformat(), calendar.day_off_reason(d)]
            for d in _days_between(start, due)
            if d.weekday() < 5 and not calendar.is_working_day(d)
        ]
        steps.append(
            {
                "op": "add_working",
                "days": days,
                "variant": variant,
                "date": due.isoformat(),
                "skipped": skipped[:15],
            }
        )
    else:
        due = start + dt.timedelta(days=days)
        steps.append({"op": "add_calendar", "days": days, "variant": variant, "date": due.isoformat()})

    for ext_days, decision_no in extensions:
        due += dt.timedelta(days=ext_days)
        steps.append({"op": "extension", "days": ext_days, "decision_no": decision_no, "date": due.isoformat()})

    for started_on, ended_on in pauses:
        if started_on < PAUSE_STOPS_CLOCK_FROM:
            steps.append(
                {
                    "op": "pause_not_counted",
                    "from": started_on.isoformat(),
                    "to": (ended_on or today or started_on).isoformat(),
                }
            )
            continue
        end = ended_on or today or started_on
        paused = max((end - started_on).days, 0)
        due += dt.timedelta(days=paused)
        steps.append(
            {
                "op": "pause",
                "days": paused,
                "from": started_on.isoformat(),
                "to": end.isoformat(),
                "ongoing": ended_on is None,
                "date": due.isoformat(),
            }
        )

    if not calendar.is_working_day(due):
        rolled = calendar.next_working_day_on_or_after(due)
        reason = calendar.day_off_reason(due)
        steps.append({"op": "roll_forward", "from": due.isoformat(), "reason": reason, "date": rolled.isoformat()})
        due = rolled
    return Deadline(rule.event, due, rule.code, rule.name, rule.legal_basis, steps)


def _days_between(start: dt.date, end: dt.date):
    day = start + dt.timedelta(days=1)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@dataclass
class PetitionFacts:
    """What the engine needs to know about a petition (kept apart from the ORM for testing)."""

    kind: str
    round: int
    status: str
    received_on: dt.date
    accepted_on: dt.date | None = None
    within_authority: bool | None = None
    outcome: str = ""
    notice_sent_on: dt.date | None = None
    complexity: str = Complexity.NORMAL
    remote_area: bool = False
    extensions: list[tuple[int, str]] = field(default_factory=list)
    pauses: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)


@dataclass
class DeadlineSet:
    items: dict[str, Deadline]
    current: dt.date | None

    def due(self, event: str) -> dt.date | None:
        item = self.items.get(event)
        return item.due if item else None

    def as_json(self) -> dict:
        return {event: item.as_json() for event, item in self.items.items()}


def compute_all(
    facts: PetitionFacts, *, rules: list[RuleRow], calendar: WorkCalendar, today: dt.date | None = None
) -> DeadlineSet:
    """Every deadline that applies to the petition now, and the one that matters in its current status."""
    items: dict[str, Deadline] = {}

    def add(event: str, start: dt.date, **kwargs) -> None:
        rule = pick_rule(rules, event=event, kind=facts.kind, round=facts.round, on=start)
        if rule is not None:
            items[event] = compute_deadline(rule, start, calendar=calendar, today=today, **kwargs)

    add(DeadlineEvent.NOTICE, facts.received_on)
    if facts.kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
        if facts.kind == Kind.DENUNCIATION and (
            facts.within_authority is False or facts.outcome == Outcome.TRANSFERRED
        ):
            add(DeadlineEvent.TRANSFER, facts.received_on)
        else:
            add(DeadlineEvent.ACCEPTANCE, facts.received_on, complexity=facts.complexity)
    if facts.accepted_on:
        add(
            DeadlineEvent.SETTLEMENT,
            facts.accepted_on,
            complexity=facts.complexity,
            remote=facts.remote_area,
            extensions=facts.extensions,
            pauses=facts.pauses,
        )

    current = None
    if facts.status in INTAKE_STATUSES:
        pending = [items[e].due for e in (DeadlineEvent.ACCEPTANCE, DeadlineEvent.TRANSFER) if e in items]
        if not facts.notice_sent_on and DeadlineEvent.NOTICE in items:
            pending.append(items[DeadlineEvent.NOTICE].due)
        current = min(pending) if pending else None
    elif facts.status in SETTLING_STATUSES and DeadlineEvent.SETTLEMENT in items:
        current = items[DeadlineEvent.SETTLEMENT].due
    return DeadlineSet(items, current)


Band = tuple[str, dt.date | None, dt.date | None]  # state, first day, last day (None: open-ended)


def deadline_bands(on: dt.date, calendar: WorkCalendar | None = None) -> list[Band]:
    """The one definition of a deadline's state on day `on`: (state, first day, last day) per band.

    Overdue once the deadline has passed; due soon while it falls within DUE_SOON_WORKING_DAYS
    working days; on track after that. Lists, filters, counts and the detail page all read it.
    """
    due_soon_until = (calendar or WorkCalendar()).add_working_days(on, DUE_SOON_WORKING_DAYS)
    one_day = dt.timedelta(days=1)
    return [
        (DeadlineState.OVERDUE, None, on - one_day),
        (DeadlineState.DUE_SOON, on, due_soon_until),
        (DeadlineState.ON_TRACK, due_soon_until + one_day, None),
    ]


def band_q(band: Band, *, field: str = "deadline") -> Q:
    """Rows whose `field` falls in `band` (the SQL side of `deadline_bands`)."""
    _state, first, last = band
    q = Q()
    if first is not None:
        q &= Q(**{f"{field}__gte": first})
    if last is not None:
        q &= Q(**{f"{field}__lte": last})
    return q


def deadline_state_q(state: str, on: dt.date, calendar: WorkCalendar | None = None) -> Q:
    """Rows whose deadline is in state `state` on day `on`."""
    return next(band_q(band) for band in deadline_bands(on, calendar) if band[0] == state)


def state_of(deadline: dt.date | None, *, today: dt.date, calendar: WorkCalendar) -> str | None:
    """The state of one deadline (Python side of `deadline_bands`)."""
    if deadline is None:
        return None
    for state, first, last in deadline_bands(today, calendar):
        if (first is None or deadline >= first) and (last is None or deadline <= last):
            return state
    return None


def _d(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "d/m/Y")


VARIANT_LABELS = {
    "normal": "",
    "complex": gettext_lazy("vụ việc phức tạp"),
    "remote": gettext_lazy("vùng sâu, vùng xa"),
    "remote_complex": gettext_lazy("vùng sâu, vùng xa, phức tạp"),
}


def explain_step(step: dict) -> str:
    """One step of a computation as a sentence for the detail page."""
    op = step["op"]
    if op == "start":
        label = _("Ngày nhận đơn") if step["event"] == StartEvent.RECEIVED else _("Ngày thụ lý")
        return _("%(label)s: %(date)s (ngày đầu không tính).") % {"label": label, "date": _d(step["date"])}
    if op in ("add_working", "add_calendar"):
        variant = VARIANT_LABELS.get(step.get("variant", "normal"), "")
        unit = _("ngày làm việc") if op == "add_working" else _("ngày")
        text = _("Cộng %(days)s %(unit)s%(variant)s → %(date)s.") % {
            "days": step["days"],
            "unit": unit,
            "variant": f" ({variant})" if variant else "",
            "date": _d(step["date"]),
        }
        if step.get("skipped"):
            names = ", ".join(f"{_d(day)}{f' {reason}' if reason else ''}" for day, reason in step["skipped"])
            text += " " + _("Bỏ qua ngày nghỉ: %(days)s.") % {"days": names}
        return text
    if op == "extension":
        return _("Gia hạn %(days)s ngày theo quyết định %(no)s → %(date)s.") % {
            "days": step["days"],
            "no": step["decision_no"],
            "date": _d(step["date"]),
        }
    if op == "pause":
        key = _("Tạm đình chỉ từ %(start)s đến %(end)s%(ongoing)s: cộng %(days)s ngày → %(date)s.")
        return key % {
            "start": _d(step["from"]),
            "end": _d(step["to"]),
            "days": step["days"],
            "ongoing": _(" (đang tạm đình chỉ)") if step.get("ongoing") else "",
            "date": _d(step["date"]),
        }
    if op == "pause_not_counted":
        return _("Tạm đình chỉ từ %(start)s: trước 01/7/2026 thời gian tạm đình chỉ vẫn tính vào thời hạn.") % {
            "start": _d(step["from"])
        }
    if op == "roll_forward":
        return _("%(date)s là ngày nghỉ%(reason)s nên hạn chuyển sang ngày làm việc tiếp theo: %(next)s.") % {
            "date": _d(step["from"]),
            "reason": f" ({step['reason']})" if step.get("reason") else "",
            "next": _d(step["date"]),
        }
    return ""
