"""A unit's dated status (region, kinds of area, remote): recording a decision, and the row in force on a day.

Statuses of a unit follow each other: a new row starts on its `valid_from` and the row it interrupts
ends the day before; a row put between two others ends where the next begins. The row in force today
sets the unit's `remote_area`, and a change of that flag is passed on (portal.registry) to the apps whose
rules read it: the petitions app moves the deadlines of the unit's open petitions.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import registry
from portal.changes import record_changed
from portal.choices import Region
from portal.models import AdministrativeUnit, UnitStatus, User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotPermitted, audit_record

STATUS_PERMISSION = "portal.add_unitstatus"
FLAGS = ("ethnic_minority_area", "border", "island", "religious", "remote_area")


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    """Status rows in force on `on` (through `prefix`, e.g. "statuses__")."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def status_on(unit: AdministrativeUnit, on: dt.date) -> UnitStatus | None:
    return UnitStatus.objects.filter(in_force_q(on), unit=unit).first()


def units_in_region(region: str, on: dt.date) -> QuerySet[AdministrativeUnit]:
    """Units whose status in force on `on` puts them in `region` (e.g. the region III communes of a day)."""
    rows = UnitStatus.objects.filter(in_force_q(on), unit=OuterRef("pk"), region=region)
    return AdministrativeUnit.objects.filter(Exists(rows))


def _ensure_may_record(actor: User | None, unit: AdministrativeUnit) -> None:
    ensure_in_scope(actor, unit, missing=_("Không tìm thấy đơn vị."))
    if actor is not None and not (actor.is_superuser or actor.has_perm(STATUS_PERMISSION)):
        raise NotPermitted(_("Bạn không có quyền cập nhật phân loại đơn vị."))


def unit_status_problem(
    *, unit: AdministrativeUnit, valid_from: dt.date, region: str, decision_date: dt.date | None
) -> str:
    """Why such a status cannot be recorded ("" when it can): the forms show it beside the fields."""
    if region not in Region.values:
        return _("Khu vực không hợp lệ.")
    if decision_date is not None and decision_date > timezone.localdate():
        return _("Ngày quyết định không được sau ngày hôm nay.")
    if UnitStatus.objects.filter(unit=unit, valid_from=valid_from).exists():
        return _("Đơn vị đã có phân loại áp dụng từ ngày %(day)s; mỗi ngày chỉ có một phân loại.") % {
            "day": f"{valid_from:%d/%m/%Y}"
        }
    return ""


@transaction.atomic
def unit_status_record(
    *,
    actor: User | None,
    unit: AdministrativeUnit,
    valid_from: dt.date,
    region: str = Region.NONE,
    ethnic_minority_area: bool = False,
    border: bool = False,
    island: bool = False,
    religious: bool = False,
    remote_area: bool = False,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
) -> UnitStatus:
    """Record what a decision says the unit is from `valid_from`; earlier rows are kept as its history."""
    _ensure_may_record(actor, unit)
    AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).first()  # one writer per unit's history
    problem = unit_status_problem(unit=unit, valid_from=valid_from, region=region, decision_date=decision_date)
    if problem:
        raise DomainError(problem)
    rows = UnitStatus.objects.filter(unit=unit)
    following = rows.filter(valid_from__gt=valid_from).order_by("valid_from").first()
    rows.filter(in_force_q(valid_from)).update(valid_to=valid_from - dt.timedelta(days=1))
    status = UnitStatus.objects.create(
        unit=unit,
        valid_from=valid_from,
        valid_to=following.valid_from - dt.timedelta(days=1) if following else None,
        region=region,
        ethnic_minority_area=ethnic_minority_area,
        border=border,
        island=island,
        religious=religious,
        remote_area=remote_area,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        note=note.strip(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        verb="unit.status_recorded",
        target=unit,
        unit=unit,
        after=str(status),
        payload={
            "valid_from": valid_from.isoformat(),
            "region": region,
            **{flag: getattr(status, flag) for flag in FLAGS},
            "decision_number": status.decision_number,
        },
    )
    record_changed(unit_id=unit.pk, on=valid_from)  # figures that read the region (support coverage) move
    unit_remote_area_sync(unit, actor=actor)
    return status


def unit_remote_area_sync(unit: AdministrativeUnit, *, actor: User | None = None, on: dt.date | None = None) -> bool:
    """Set the unit's remote-area flag from its status in force on `on` (today); True when it changed.

    A unit with no status in force keeps its flag: it was set before statuses were recorded."""
    on = on or timezone.localdate()
    status = status_on(unit, on)
    if status is None or status.remote_area == unit.remote_area:
        return False
    before = unit.remote_area
    AdministrativeUnit.objects.filter(pk=unit.pk).update(remote_area=status.remote_area)
    unit.remote_area = status.remote_area
    audit_record(
        actor=actor,
        verb="unit.remote_area_changed",
        target=unit,
        unit=unit,
        before=str(before),
        after=str(status.remote_area),
        payload={"on": on.isoformat()},
    )
    registry.remote_area_changed(unit, actor=actor)
    return True


def unit_statuses_apply(*, on: dt.date | None = None) -> int:
    """The daily job: units whose status in force today disagrees with their flag (a row began or ended)."""
    on = on or timezone.localdate()
    disagreeing = UnitStatus.objects.filter(in_force_q(on)).exclude(remote_area=F("unit__remote_area"))
    changed = 0
    for unit in AdministrativeUnit.objects.filter(pk__in=disagreeing.values("unit_id")):
        with transaction.atomic():
            changed += unit_remote_area_sync(unit, on=on)
    return changed
