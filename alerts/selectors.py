"""Reads of the alerts app: who may follow, an official's follows, the units they may pick, the figures read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.choices import FAMILY_OF, ConditionKind
from alerts.conditions import describe
from alerts.models import Condition, Follow
from portal.choices import Level
from portal.models import AdministrativeUnit, User
from portal.scoping import unit_scope_q
from portal.services import NotFound
from reports import registry
from reports.periods import Period, parse_period
from reports.services import report_get

FOLLOW_PERMISSION = "alerts.add_follow"


def may_follow(user) -> bool:
    """Leaders follow units (the permission comes with the role, portal.roles); rows come from scoping."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(FOLLOW_PERMISSION))


def current_period(today: dt.date | None = None) -> Period:
    """The figures alerts read: the current year's standard period, as the dashboard opens on."""
    return parse_period(period=str((today or timezone.localdate()).year))


def follows_of(user: User) -> QuerySet[Follow]:
    """The official's follows of units in their scope, with their unit and conditions (three queries a page)."""
    return (
        Follow.objects.of(user)
        .select_related("unit", "unit__parent")
        .prefetch_related(Prefetch("conditions", queryset=Condition.objects.order_by("kind")))
    )


def follow_for(user: User, unit_id: int) -> Follow:
    """The official's follow of this unit; NotFound for one they do not have, or a unit out of their scope."""
    follow = follows_of(user).filter(unit_id=unit_id).first()
    if follow is None:
        raise NotFound(_("Đồng chí chưa theo dõi đơn vị này."))
    return follow


def units_to_follow(user: User) -> QuerySet[AdministrativeUnit]:
    """The units an official may pick: their subtree (for a superuser, the provinces and districts: the
    country's communes would not fit in a list, and their dashboards lead to them)."""
    units = AdministrativeUnit.objects.filter(unit_scope_q(user, "")).order_by("path")
    if user.is_superuser and user.scope_unit is None:
        units = units.filter(level__in=[Level.PROVINCE, Level.DISTRICT])
    return units


def families_present() -> set[str]:
    return set(registry.keys())


def kinds_available() -> list[ConditionKind]:
    """The conditions whose report family is installed (an absent family's conditions are not offered)."""
    present = families_present()
    return [kind for kind in ConditionKind if FAMILY_OF[kind] in present]


class SnapshotReader:
    """The stored report figures of the current period, each (family, unit) read once per run."""

    def __init__(self, period: Period):
        self.period = period
        self.present = families_present()
        self._data: dict[tuple[str, int], dict | None] = {}

    def __call__(self, family: str, unit: AdministrativeUnit) -> dict | None:
        if family not in self.present:
            return None
        key = (family, unit.pk)
        if key not in self._data:
            self._data[key] = report_get(kind=family, unit=unit, period=self.period).data
        return self._data[key]


@dataclass
class ConditionRow:
    """A condition as the follow list and the digest show it."""

    condition: Condition
    label: str
    figures: str
    url: str


@dataclass
class FollowRow:
    follow: Follow
    conditions: list[ConditionRow] = field(default_factory=list)


def condition_row(condition: Condition) -> ConditionRow:
    return ConditionRow(
        condition=condition,
        label=condition.get_kind_display(),
        figures=describe(condition.kind, condition.observed),
        url=(condition.observed or {}).get("url", ""),
    )


def follow_rows(follows) -> list[FollowRow]:
    """The page's follows with each condition's last reading (no query beyond the prefetched ones)."""
    return [FollowRow(follow, [condition_row(c) for c in follow.conditions.all()]) for follow in follows]


def digest_figures(unit: AdministrativeUnit, read: SnapshotReader) -> list[str]:
    """The lines of a unit's figures in the weekly digest, each family that is installed."""
    lines = []
    petitions = read("petitions", unit)
    if petitions is not None:
        lines.append(
            _("Đơn thư: %(resolution)s; %(overdue)s vụ việc quá hạn chưa giải quyết.")
            % {
                "resolution": describe(
                    ConditionKind.RESOLUTION_BELOW_TARGET,
                    {
                        "rate": petitions.get("resolution_rate"),
                        "settled": petitions.get("settled", 0),
                        "must_settle": petitions.get("must_settle", 0),
                        "target": petitions.get("target_rate") or 85.0,
                    },
                ),
                "overdue": petitions.get("overdue_open") or 0,
            }
        )
    reception = read("reception", unit)
    if reception is not None:
        lines.append(
            _("Tiếp công dân: thủ trưởng tiếp %(counted)s/%(required)s ngày theo quy định.")
            % {
                "counted": reception.get("counted_head_days") or 0,
                "required": reception.get("required_head_days") or 0,
            }
        )
    reform = read("reform", unit)
    if reform is not None:
        part = reform.get("subtree", reform)
        lines.append(
            _("Cải cách hành chính: hoàn thành %(completed)s/%(planned)s nhiệm vụ; %(overdue)s nhiệm vụ quá hạn.")
            % {
                "completed": part.get("completed") or 0,
                "planned": part.get("planned") or 0,
                "overdue": part.get("overdue") or 0,
            }
        )
    return lines
