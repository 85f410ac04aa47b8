"""Each condition's rule: whether it holds for a unit, read from the stored report figures, and how it reads.

The figures are the report snapshots' (`reports.services.report_get`), never recomputed here: what a
leader is alerted about is what their dashboard shows. A rule gets the snapshot data of its family for
the followed unit, and `read` to fetch another unit's (a pre-2025 province reads its districts' rows of
communes). `observed` is plain JSON kept on the condition, so the follow list shows the last reading
without touching the snapshots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alerts.choices import ConditionKind
from portal.choices import Level
from portal.models import AdministrativeUnit
from portal.unit_rows import child_level
from reports.engine import rate
from reports.periods import Period

NAMES_SHOWN = 3  # communes named in a reception alert; the rest are counted
DEFAULT_TARGET_RATE = 85.0  # DOMAIN section 0: the national target, when a snapshot does not say it

Read = Callable[[str, AdministrativeUnit], dict | None]  # (family key, unit) -> the snapshot's data, or None


@dataclass(frozen=True)
class Reading:
    """Whether the condition holds, and the numbers behind it (JSON), with the page that shows its records."""

    holds: bool
    observed: dict[str, Any]


def dashboard_url(unit: AdministrativeUnit) -> str:
    return reverse("reports:unit-dashboard", args=[unit.pk])


def _resolution(unit: AdministrativeUnit, data: dict, period: Period, threshold: int | None, read: Read) -> Reading:
    rate = data.get("resolution_rate")
    target = data.get("target_rate") or DEFAULT_TARGET_RATE
    observed = {
        "rate": rate,
        "settled": data.get("settled", 0),
        "must_settle": data.get("must_settle", 0),
        "target": target,
        "url": dashboard_url(unit),
    }
    return Reading(holds=rate is not None and rate < target, observed=observed)


def _overdue(unit: AdministrativeUnit, data: dict, period: Period, threshold: int | None, read: Read) -> Reading:
    count = data.get("overdue_open") or 0
    query = {
        "unit": unit.pk,
        "metric": "overdue_open",
        "metric_from": period.start.isoformat(),
        "metric_to": period.end.isoformat(),
    }
    observed = {"count": count, "threshold": threshold, "url": f"{reverse('petitions:list')}?{urlencode(query)}"}
    return Reading(holds=threshold is not None and count > threshold, observed=observed)


def _reform(unit: AdministrativeUnit, data: dict, period: Period, threshold: int | None, read: Read) -> Reading:
    count = data.get("subtree", data).get("overdue") or 0
    # The task list's drill-down of the dashboard's figure (reform.filtersets.TaskFilterSet): the plans of the
    # unit's subtree for the period's years, their own tasks, in progress past their deadline on the day the
    # figure stands at (the snapshot's `as_of`: the period's end, or today while it runs), so the list opened
    # shows exactly the count.
    query = {
        "unit": unit.pk,
        "state": "overdue",
        "year_from": period.start.year,
        "year_to": period.end.year,
        "top": "true",
        "on": _reform_as_of(data, period).isoformat(),
    }
    observed = {"count": count, "url": f"{reverse('reform:tasks')}?{urlencode(query)}"}
    return Reading(holds=count > 0, observed=observed)


def _reform_as_of(data: dict, period: Period) -> dt.date:
    try:
        return dt.date.fromisoformat(data["as_of"])
    except (KeyError, TypeError, ValueError):  # a snapshot without its day: the rule of reform.family.as_of
        return min(period.end, timezone.localdate())


def _ended(row: dict) -> tuple[int, int] | None:
    """Required and counted head days over the duty weeks or months already over (reports.engine.reception_report);
    None for figures stored before they were kept."""
    required, counted = row.get("required_ended_head_days"), row.get("counted_ended_head_days")
    if required is None or counted is None:
        return None
    return required, counted


def _short(row: dict) -> bool:
    """Some ended week or month had fewer in-person days than required, as the duty page judges a head: the
    running one can still be met, so it never counts (else every commune would alert on Mondays)."""
    ended = _ended(row)
    return ended is not None and ended[0] > 0 and ended[1] < ended[0]


def _commune_rows(unit: AdministrativeUnit, data: dict, read: Read) -> list[dict]:
    """The rows of the communes under `unit` in its reception figures (its districts' for a pre-2025 province)."""
    rows = [row for row in data.get("children", []) if not row.get("own_level")]
    level = child_level(unit)
    if level == Level.COMMUNE:
        return rows
    if level != Level.DISTRICT:
        return []
    communes = []
    districts = AdministrativeUnit.objects.filter(pk__in=[row["unit"] for row in rows]).order_by("path")
    for district in districts:
        district_data = read("reception", district) or {}
        communes += [row for row in district_data.get("children", []) if not row.get("own_level")]
    return communes


def _reception(unit: AdministrativeUnit, data: dict, period: Period, threshold: int | None, read: Read) -> Reading:
    url = dashboard_url(unit)
    if unit.level == Level.COMMUNE:  # the commune's own heads
        required, counted = _ended(data) or (None, None)
        observed = {
            "required": required,
            "counted": counted,
            "rate": rate(counted, required) if required is not None else None,
            "url": url,
        }
        return Reading(holds=_short(data), observed=observed)
    rows = _commune_rows(unit, data, read)
    short = [row for row in rows if _short(row)]
    observed = {
        "communes": len(short),
        "of": len([row for row in rows if (_ended(row) or (0, 0))[0] > 0]),
        "names": [row.get("name", "") for row in short[:NAMES_SHOWN]],
        "url": url,
    }
    return Reading(holds=bool(short), observed=observed)


RULES: dict[str, Callable[[AdministrativeUnit, dict, Period, int | None, Read], Reading]] = {
    ConditionKind.RESOLUTION_BELOW_TARGET: _resolution,
    ConditionKind.OVERDUE_ABOVE: _overdue,
    ConditionKind.REFORM_OVERDUE: _reform,
    ConditionKind.RECEPTION_BELOW_MINIMUM: _reception,
}


def evaluate(
    kind: str, *, unit: AdministrativeUnit, data: dict, period: Period, threshold: int | None, read: Read
) -> Reading:
    """The condition of this kind on the unit's figures of the period."""
    return RULES[kind](unit, data, period, threshold, read)


# --- how a reading reads (pages, notifications, the digest) ------------------------------------------


def _rate(value) -> str:
    """A rate as the report pages show it (`|floatformat:2`), in the active language: "72,50" in Vietnamese."""
    return "—" if value is None else floatformat(value, 2)


def _target(value) -> str:
    """A target rate: "85", or "87,50" when it has decimals."""
    return "—" if value is None else floatformat(value, -2)


def describe(kind: str, observed: dict) -> str:
    """The figures behind a condition, as a phrase: "tỷ lệ giải quyết 72,50% (29/40 vụ việc), chỉ tiêu 85%"."""
    if not observed:
        return _("chưa kiểm tra")
    if kind == ConditionKind.RESOLUTION_BELOW_TARGET:
        if observed.get("rate") is None:
            return _("chưa có vụ việc phải giải quyết (chỉ tiêu %(target)s%%)") % {
                "target": _target(observed.get("target"))
            }
        return _("tỷ lệ giải quyết %(rate)s%% (%(settled)s/%(must_settle)s vụ việc), chỉ tiêu %(target)s%%") % {
            "rate": _rate(observed["rate"]),
            "settled": observed.get("settled", 0),
            "must_settle": observed.get("must_settle", 0),
            "target": _target(observed.get("target")),
        }
    if kind == ConditionKind.OVERDUE_ABOVE:
        return _("%(count)s vụ việc quá hạn chưa giải quyết (ngưỡng %(threshold)s)") % {
            "count": observed.get("count", 0),
            "threshold": observed.get("threshold"),
        }
    if kind == ConditionKind.REFORM_OVERDUE:
        return _("%(count)s nhiệm vụ cải cách hành chính đang thực hiện quá hạn") % {"count": observed.get("count", 0)}
    if "communes" not in observed:  # a commune's own heads
        if observed.get("required") is None:  # figures stored before the ended weeks and months were kept
            return _("chưa có số liệu tiếp công dân của các tuần, tháng đã kết thúc")
        return _(
            "Chủ tịch xã tiếp công dân %(counted)s/%(required)s ngày theo quy định trong các tuần, tháng đã kết thúc"
        ) % {"counted": observed.get("counted") or 0, "required": observed["required"]}
    count = observed["communes"]
    text = ngettext(
        "%(count)s/%(of)s xã có Chủ tịch tiếp công dân chưa đủ số ngày tối thiểu trong các tuần, tháng đã kết thúc",
        "%(count)s/%(of)s xã có Chủ tịch tiếp công dân chưa đủ số ngày tối thiểu trong các tuần, tháng đã kết thúc",
        count,
    ) % {"count": count, "of": observed.get("of", 0)}
    names = observed.get("names") or []
    if names:
        more = count - len(names)
        text += ": " + ", ".join(names) + (_(" và %(more)s xã khác") % {"more": more} if more > 0 else "")
    return text


def notification_message(kind: str, *, unit_name: str, year: int, observed: dict) -> str:
    """The inbox line of a condition that has just become true (Notification.message holds 500 characters)."""
    message = _("Cảnh báo %(unit)s năm %(year)s: %(figures)s.") % {
        "unit": unit_name,
        "year": year,
        "figures": describe(kind, observed),
    }
    return message[:500]
