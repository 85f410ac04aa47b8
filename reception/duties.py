"""Heads' personal reception duty and compliance (DOMAIN section 0, R1.1–R1.4).

A duty is "N days per week" or "N days per month" for the head of a kind of agency at a level,
in force between two dates. Compliance over a period counts, for each week or month of the
duty, the distinct days on which the head received citizens in person (periodic or ad-hoc;
authorised sessions do not count), up to the number required in that week or month.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.choices import AgencyKind, Level
from portal.dated_rules import LAW_136_2025_FROM, TWO_LEVEL_GOVERNMENT_FROM
from portal.numbers import rate

AMENDMENT_DAY = LAW_136_2025_FROM
TWO_LEVEL_DAY = TWO_LEVEL_GOVERNMENT_FROM


@dataclass(frozen=True)
class Duty:
    key: str
    label: str
    agency_kind: str
    level: str
    per: str  # "week" or "month"
    days: int
    effective_from: dt.date | None
    effective_to: dt.date | None
    legal_basis: str


DUTIES = [
    Duty(
        "commune-weekly",
        _("Chủ tịch UBND xã: ít nhất 1 ngày mỗi tuần"),
        AgencyKind.PEOPLES_COMMITTEE,
        Level.COMMUNE,
        "week",
        1,
        None,
        AMENDMENT_DAY - dt.timedelta(days=1),
        "Luật Tiếp công dân 2013, Điều 15 khoản 2 điểm d",
    ),
    Duty(
        "commune-twice-monthly",
        _("Chủ tịch UBND xã: ít nhất 2 ngày mỗi tháng"),
        AgencyKind.PEOPLES_COMMITTEE,
        Level.COMMUNE,
        "month",
        2,
        AMENDMENT_DAY,
        None,
        "Luật số 136/2025/QH15 (hiệu lực 01/7/2026)",
    ),
    Duty(
        "district-twice-monthly",
        _("Chủ tịch UBND huyện: ít nhất 2 ngày mỗi tháng"),
        AgencyKind.PEOPLES_COMMITTEE,
        Level.DISTRICT,
        "month",
        2,
        None,
        TWO_LEVEL_DAY - dt.timedelta(days=1),
        "Luật Tiếp công dân 2013, Điều 13 khoản 5",
    ),
    Duty(
        "province-monthly",
        _("Chủ tịch UBND tỉnh: ít nhất 1 ngày mỗi tháng"),
        AgencyKind.PEOPLES_COMMITTEE,
        Level.PROVINCE,
        "month",
        1,
        None,
        None,
        "Luật Tiếp công dân 2013, Điều 12 khoản 5",
    ),
    Duty(
        "department-monthly",
        _("Thủ trưởng sở, ngành: ít nhất 1 ngày mỗi tháng"),
        AgencyKind.DEPARTMENT,
        Level.PROVINCE,
        "month",
        1,
        None,
        None,
        "Luật Tiếp công dân 2013, Điều 18; Thông tư 06/2014/TT-TTCP",
    ),
]

DUTY_AGENCY_KINDS = {d.agency_kind for d in DUTIES}


def duty_agencies_q() -> Q:
    """Active agencies whose head owes personal reception days: People's Committees at every level,
    departments at the province only (district offices are not "departments" under the duty)."""
    return Q(kind__in=DUTY_AGENCY_KINDS, is_active=True) & (
        Q(kind=AgencyKind.DEPARTMENT, unit__level=Level.PROVINCE) | ~Q(kind=AgencyKind.DEPARTMENT)
    )


@dataclass
class DutyPeriod:
    duty: Duty
    start: dt.date
    end: dt.date
    required: int
    held_days: list[dt.date] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return min(len(self.held_days), self.required)

    @property
    def met(self) -> bool:
        return self.counted >= self.required


@dataclass
class Compliance:
    periods: list[DutyPeriod]
    held_days: int

    @property
    def required(self) -> int:
        return sum(p.required for p in self.periods)

    @property
    def counted(self) -> int:
        return sum(p.counted for p in self.periods)

    @property
    def rate(self) -> float | None:
        """Percentage, 2 decimals; None when nothing was required."""
        return rate(self.counted, self.required)

    @property
    def shortfall_periods(self) -> list[DutyPeriod]:
        return [p for p in self.periods if not p.met]


def duties_for(agency_kind: str, level: str) -> list[Duty]:
    return [d for d in DUTIES if d.agency_kind == agency_kind and d.level == level]


def _periods(duty: Duty, start: dt.date, end: dt.date) -> Iterable[tuple[dt.date, dt.date]]:
    """Weeks (Mon–Sun) or calendar months of the duty that begin inside [start, end] and while it is in force."""
    first = max(start, duty.effective_from or start)
    last = min(end, duty.effective_to or end)
    if first > last:
        return
    if duty.per == "week":
        monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        while monday <= last:
            yield monday, monday + dt.timedelta(days=6)
            monday += dt.timedelta(days=7)
    else:
        month = first.replace(day=1) if first.day == 1 else _next_month(first.replace(day=1))
        while month <= last:
            following = _next_month(month)
            yield month, following - dt.timedelta(days=1)
            month = following


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def compliance(
    *, agency_kind: str, level: str, start: dt.date, end: dt.date, held_dates: Iterable[dt.date]
) -> Compliance:
    """The duty periods between start and end, each with the head's in-person days that fall in it."""
    held = sorted(set(held_dates))
    periods = [
        DutyPeriod(duty, p_start, p_end, duty.days, [d for d in held if p_start <= d <= p_end])
        for duty in duties_for(agency_kind, level)
        for p_start, p_end in _periods(duty, start, end)
    ]
    return Compliance(periods=periods, held_days=len([d for d in held if start <= d <= end]))


def agency_compliance(agency, *, start: dt.date, end: dt.date, held_dates: Iterable[dt.date]) -> Compliance:
    """An agency's duty between start and end, by its kind and its unit's level.

    Not yet bounded by the unit's own dates: the legacy map's agencies keep receiving in the demo and the tests
    after 30 June 2025, so a merged-away province still owes days after it ended (an open question, issue 14)."""
    return compliance(agency_kind=agency.kind, level=agency.unit.level, start=start, end=end, held_dates=held_dates)


def compliance_many(
    agencies: Iterable, *, start: dt.date, end: dt.date, held: Mapping[int, Iterable[dt.date]]
) -> dict[int, Compliance]:
    """`agency_compliance` of many agencies over one period, {agency id: Compliance}: the same rule, but the duty's
    weeks or months are worked out once per kind of head, and each agency's days are found in them by bisection
    (the nightly rebuild judges thousands of heads per period; the list scans of `compliance` grow with both)."""
    frames: dict[tuple[str, str], list[tuple[Duty, dt.date, dt.date]]] = {}
    results: dict[int, Compliance] = {}
    for agency in agencies:
        key = (agency.kind, agency.unit.level)
        if key not in frames:
            frames[key] = [(duty, *period) for duty in duties_for(*key) for period in _periods(duty, start, end)]
        days = sorted(set(held.get(agency.pk, ())))
        periods = [
            DutyPeriod(duty, first, last, duty.days, days[bisect_left(days, first) : bisect_right(days, last)])
            for duty, first, last in frames[key]
        ]
        within = max(0, bisect_right(days, end) - bisect_left(days, start))  # as compliance: start <= day <= end
        results[agency.pk] = Compliance(periods=periods, held_days=within)
    return results


DUTY_FIGURES = ("required", "counted", "held", "required_ended", "counted_ended")


def duty_figures_by_period(
    agencies: Sequence,
    periods: Sequence[tuple[dt.date, dt.date]],
    *,
    held: Mapping[int, Sequence[dt.date]],
    today: dt.date,
) -> Iterator[dict[int, tuple[int, int, int, int, int]]]:
    """For each period (start, end) in order, each agency's duty as the reports count it, {agency id: (required,
    counted, held, required_ended, counted_ended)}: what `compliance_many` gives over [start, min(end, max(start,
    today))] with the agency's days within [start, end] (a week straddling the period's end counts only its days
    in the period; `held` is 0 when nothing was required; "ended" are the weeks or months over before today).

    The weeks and months of the duty are laid out once over all the periods, each agency's counted days per week or
    month once, and summed up cumulatively: a period's figures are differences of those sums (a country's heads
    over a year's twenty periods, docs/performance.md), no objects per week, agency and period."""
    periods = list(periods)
    if not periods:
        return
    earliest, latest = min(s for s, _e in periods), max(e for _s, e in periods)
    frames: dict[tuple[str, str], list[tuple[Duty, list[dt.date], list[dt.date]]]] = {}
    sums: dict[int, list[list[int]]] = {}  # per agency and duty: counted days up to each week or month
    for agency in agencies:
        key = (agency.kind, agency.unit.level)
        if key not in frames:
            frames[key] = []
            for duty in duties_for(*key):
                laid = list(_periods(duty, earliest, latest))
                frames[key].append((duty, [first for first, _last in laid], [last for _first, last in laid]))
        days = held.get(agency.pk, ())
        per_duty = []
        for duty, firsts, lasts in frames[key]:
            running, total = [0], 0
            for first, last in zip(firsts, lasts, strict=True):
                total += min(bisect_right(days, last) - bisect_left(days, first), duty.days)
                running.append(total)
            per_duty.append(running)
        sums[agency.pk] = per_duty
    for start, end in periods:
        owed_until = min(end, max(start, today))
        figures: dict[int, tuple[int, int, int, int, int]] = {}
        for agency in agencies:
            days = held.get(agency.pk, ())
            required = counted = required_ended = counted_ended = 0
            laid_out = frames[(agency.kind, agency.unit.level)]
            for (duty, firsts, lasts), running in zip(laid_out, sums[agency.pk], strict=True):
                a, b = bisect_left(firsts, start), bisect_right(firsts, owed_until)  # weeks beginning in the span
                if b <= a:
                    continue
                e = max(a, min(b, bisect_left(lasts, today)))  # of them, those over before today
                required += duty.days * (b - a)
                required_ended += duty.days * (e - a)
                in_period = running[b] - running[a]
                ended = running[e] - running[a]
                if lasts[b - 1] > end:  # the last one straddles the period's end: only its days up to the end
                    whole = running[b] - running[b - 1]
                    part = min(bisect_right(days, end) - bisect_left(days, firsts[b - 1]), duty.days)
                    in_period += part - whole
                    if e == b:
                        ended += part - whole
                counted += in_period
                counted_ended += ended
            within = bisect_right(days, owed_until) - bisect_left(days, start) if required else 0
            figures[agency.pk] = (required, counted, within, required_ended, counted_ended)
        yield figures


def head_days_by_agency(sessions_queryset) -> dict[int, list[dt.date]]:
    """Distinct in-person days per agency, in one query over the (already scoped) sessions."""
    from reception.choices import ReceivedBy

    days: dict[int, list[dt.date]] = defaultdict(list)
    rows = sessions_queryset.filter(received_by=ReceivedBy.HEAD).values_list("agency_id", "date").distinct().order_by()
    for agency_id, date in rows:
        days[agency_id].append(date)
    return days


# --- presentation helpers (pages and the home panel read these; the rules above stay as they are) ---


def current_periods(result: Compliance, on: dt.date) -> list[DutyPeriod]:
    """The duty's week or month that contains `on` (the one a head can still act on)."""
    return [p for p in result.periods if p.start <= on <= p.end]


@dataclass(frozen=True)
class Standing:
    """Where a head stands on a given day: weeks or months already over decide whether they are behind;
    the running week or month can still be met, so it is shown apart and never counted against them."""

    result: Compliance
    on: dt.date

    @property
    def ended(self) -> list[DutyPeriod]:
        return [p for p in self.result.periods if p.end < self.on]

    @property
    def current(self) -> DutyPeriod | None:
        return next(iter(current_periods(self.result, self.on)), None)

    @property
    def behind(self) -> list[DutyPeriod]:
        """Ended weeks or months with fewer in-person days than required."""
        return [p for p in self.ended if not p.met]

    @property
    def state(self) -> str:
        """`behind` (red), `running` (the current period not met yet), `upcoming` (nothing due yet) or `met`."""
        if self.behind:
            return "behind"
        current = self.current
        if current is not None and not current.met:
            return "running"
        if current is None and not self.ended:
            return "upcoming"
        return "met"


def standing(result: Compliance, on: dt.date) -> Standing:
    return Standing(result, on)


def duty_in_force_text(duty: Duty) -> str:
    """When a duty applies, in words: "từ 01/07/2026", "đến hết 30/06/2026", or "" when always."""
    if duty.effective_from and duty.effective_to:
        return _("từ %(start)s đến hết %(end)s") % {
            "start": duty.effective_from.strftime("%d/%m/%Y"),
            "end": duty.effective_to.strftime("%d/%m/%Y"),
        }
    if duty.effective_from:
        return _("từ %(start)s") % {"start": duty.effective_from.strftime("%d/%m/%Y")}
    if duty.effective_to:
        return _("đến hết %(end)s") % {"end": duty.effective_to.strftime("%d/%m/%Y")}
    return ""


# The duty page's sections, in the order a provincial leader reads them.
DUTY_GROUPS = [
    ("province", _("Chủ tịch UBND tỉnh"), AgencyKind.PEOPLES_COMMITTEE, Level.PROVINCE),
    ("department", _("Thủ trưởng các sở, ngành"), AgencyKind.DEPARTMENT, Level.PROVINCE),
    (
        "district",
        _("Chủ tịch UBND huyện (cấp huyện kết thúc ngày 30/06/2025)"),
        AgencyKind.PEOPLES_COMMITTEE,
        Level.DISTRICT,
    ),
    ("commune", _("Chủ tịch UBND xã, phường, thị trấn"), AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE),
]


def duty_group_key(agency_kind: str, level: str) -> str | None:
    return next((key for key, _label, kind, lvl in DUTY_GROUPS if kind == agency_kind and lvl == level), None)


def duty_groups(rows, on: dt.date) -> list[dict]:
    """The duty page's sections (province, departments, district, commune), each with the rules that applied
    in the period and its heads' standing on `on`; empty sections are left out."""
    sections = {key: {"key": key, "label": label, "duties": [], "rows": []} for key, label, _k, _l in DUTY_GROUPS}
    for row in rows:
        key = duty_group_key(row.agency.kind, row.agency.unit.level)
        if key is None:
            continue
        section = sections[key]
        for period in row.result.periods:
            if period.duty not in section["duties"]:
                section["duties"].append(period.duty)
        section["rows"].append({"agency": row.agency, "result": row.result, "standing": standing(row.result, on)})
    for section in sections.values():
        section["duties"] = [{"duty": d, "in_force": duty_in_force_text(d)} for d in section["duties"]]
        section["behind"] = sum(1 for r in section["rows"] if r["standing"].state == "behind")
    return [section for section in sections.values() if section["rows"]]


def month_duties(agency_kind: str, level: str, first: dt.date, last: dt.date) -> list[dict]:
    """The duties of this kind of head in force at some day of [first, last], each with its dates in words."""
    return [
        {"duty": d, "in_force": duty_in_force_text(d)}
        for d in duties_for(agency_kind, level)
        if (d.effective_from or first) <= last and first <= (d.effective_to or last)
    ]
