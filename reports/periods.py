"""Reporting periods: 2024, 2024-Q3, 2024-H1, 2024-9M, 2024-03, or any from/to range (dates inclusive)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services import DomainError
from portal.workcalendar import MIN_YEAR  # the earliest year a user may ask for (period_asked)


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


PATTERNS = [
    (re.compile(r"^(\d{4})$"), lambda y: (dt.date(y, 1, 1), dt.date(y, 12, 31))),
    (re.compile(r"^(\d{4})-Q([1-4])$"), lambda y, q: (dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))),
    (re.compile(r"^(\d{4})-H([12])$"), lambda y, h: (dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h))),
    (re.compile(r"^(\d{4})-9M$"), lambda y: (dt.date(y, 1, 1), dt.date(y, 9, 30))),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), lambda y, m: (dt.date(y, m, 1), _month_end(y, m))),
]


ANY_YEAR = range(dt.MINYEAR, dt.MAXYEAR + 1)  # what a date can hold: records of any date still find their periods


def parse_period(
    *, period: str | None = None, date_from: str | None = None, date_to: str | None = None, years: range = ANY_YEAR
) -> Period:
    """Read a standard period key or a custom range; raise DomainError with a clear message otherwise."""
    if date_from or date_to:
        try:
            start, end = dt.date.fromisoformat(date_from or ""), dt.date.fromisoformat(date_to or "")
        except ValueError as exc:
            raise DomainError(_("Khoảng thời gian phải có from và to dạng YYYY-MM-DD.")) from exc
        if start.year not in years or end.year not in years:
            raise DomainError(
                _("Ngày phải trong khoảng từ %(min)s đến %(max)s.")
                % {"min": f"01/01/{years.start}", "max": f"31/12/{years.stop - 1}"}
            )
        if end < start:
            raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        if (end - start).days > 366 * 5:
            raise DomainError(_("Khoảng thời gian tối đa 5 năm."))
        return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)
    for pattern, build in PATTERNS:
        match = pattern.match((period or "").strip())
        if match:
            numbers = [int(g) for g in match.groups()]
            if numbers[0] not in years:
                raise DomainError(_("Năm phải từ %(min)s đến %(max)s.") % {"min": years.start, "max": years.stop - 1})
            start, end = build(*numbers)
            return Period(period.strip(), start, end)
    raise DomainError(_("Kỳ báo cáo không hợp lệ: dùng 2024, 2024-Q3, 2024-H1, 2024-9M, 2024-03 hoặc from/to."))


def period_asked(*, period: str | None = None, date_from: str | None = None, date_to: str | None = None) -> Period:
    """A period a user asks to see: years from 1900 to next year, and it has begun (the future has no figures)."""
    today = timezone.localdate()
    asked = parse_period(period=period, date_from=date_from, date_to=date_to, years=range(MIN_YEAR, today.year + 2))
    if asked.start > today:
        raise DomainError(
            _("Kỳ báo cáo bắt đầu sau hôm nay (%(today)s) nên chưa có số liệu.") % {"today": f"{today:%d/%m/%Y}"}
        )
    return asked


def standard_periods(year: int) -> list[Period]:
    """Every standard period of a year (what the nightly refresh computes)."""
    keys = [str(year), f"{year}-H1", f"{year}-H2", f"{year}-9M"]
    keys += [f"{year}-Q{q}" for q in range(1, 5)] + [f"{year}-{m:02d}" for m in range(1, 13)]
    return [parse_period(period=key) for key in keys]


def overall(periods: Sequence[tuple[dt.date, dt.date]]) -> tuple[dt.date, dt.date]:
    """The first and the last day any of the periods covers: what a pass over all of them reads."""
    return min(start for start, _end in periods), max(end for _start, end in periods)


def day_in(field: str, start: dt.date, end: dt.date, condition: Q | None = None) -> Q:
    """Records whose day (`field`) lies in [start, end], and meet `condition` if given: one period's filter of
    a pass's conditional counts."""
    span = Q(**{f"{field}__gte": start, f"{field}__lte": end})
    return span & condition if condition is not None else span
