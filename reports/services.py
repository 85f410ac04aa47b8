"""Compute, store, refresh and lock report snapshots; every caller (API, pages, tasks, command) uses these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import AdministrativeUnit, User
from portal.services import DomainError, audit_record
from reports.engine import petition_report, reception_report
from reports.models import ReportKind, ReportSnapshot
from reports.periods import Period, standard_periods


def parse_params(params: str) -> dict:
    """Snapshot parameters as stored: "", a kind group, "+legacy" (with predecessor provinces), "agency=<id>"."""
    from portal.models import Agency

    if params.startswith("agency="):
        return {"only_agency": Agency.objects.get(pk=int(params.removeprefix("agency=")))}
    return {"kind": params.removesuffix("+legacy") or None, "with_predecessors": params.endswith("+legacy")}


def _reception_params(params: str) -> dict:
    parsed = parse_params(params)
    return {"only_agency": parsed["only_agency"]} if "only_agency" in parsed else {}


FAMILIES = {
    ReportKind.PETITIONS: lambda unit, period, params: petition_report(
        unit, period.start, period.end, **parse_params(params)
    ),
    ReportKind.RECEPTION: lambda unit, period, params: reception_report(
        unit, period.start, period.end, **_reception_params(params)
    ),
}


def report_compute(*, kind: str, unit: AdministrativeUnit, period: Period, params: str = "") -> dict:
    data = FAMILIES[kind](unit, period, params)
    return {
        "unit": unit.pk,
        "unit_name": unit.name,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        **data,
    }


def report_refresh(*, kind: str, unit: AdministrativeUnit, period: Period, params: str = "") -> ReportSnapshot:
    """Recompute and replace the snapshot in one statement; a locked snapshot is kept and the drift recorded."""
    data = report_compute(kind=kind, unit=unit, period=period, params=params)
    now = timezone.now()
    with transaction.atomic():
        snapshot = (
            ReportSnapshot.objects.select_for_update()
            .filter(kind=kind, unit=unit, start=period.start, end=period.end, params=params)
            .first()
        )
        if snapshot is not None and snapshot.locked_at:
            drift = {
                k: [snapshot.data.get(k), v]
                for k, v in data.items()
                if k not in ("children", "by_kind") and snapshot.data.get(k) != v and not isinstance(v, dict)
            }
            snapshot.changed_after_lock = {"checked_at": now.isoformat(), "fields": drift} if drift else {}
            snapshot.save(update_fields=["changed_after_lock"])
            return snapshot
        snapshot, _created = ReportSnapshot.objects.update_or_create(
            kind=kind,
            unit=unit,
            start=period.start,
            end=period.end,
            params=params,
            defaults={"period_key": period.key, "data": data, "computed_at": now},
        )
    return snapshot


def report_get(*, kind: str, unit: AdministrativeUnit, period: Period, params: str = "") -> ReportSnapshot:
    """The stored snapshot, or a fresh one when none exists yet (each family is a few indexed queries)."""
    snapshot = ReportSnapshot.objects.filter(
        kind=kind, unit=unit, start=period.start, end=period.end, params=params
    ).first()
    return snapshot or report_refresh(kind=kind, unit=unit, period=period, params=params)


@transaction.atomic
def report_lock(*, actor: User, kind: str, unit: AdministrativeUnit, period: Period) -> ReportSnapshot:
    """Sign off a closed period: its figures are frozen from now on."""
    if period.end >= timezone.localdate():
        raise DomainError(_("Chỉ khóa số liệu của kỳ đã kết thúc."))
    snapshot = report_refresh(kind=kind, unit=unit, period=period)
    if snapshot.locked_at:
        raise DomainError(_("Kỳ báo cáo này đã được khóa."))
    snapshot.locked_at, snapshot.locked_by = timezone.now(), actor
    snapshot.save(update_fields=["locked_at", "locked_by"])
    audit_record(
        actor=actor, verb="report.locked", target=snapshot, unit=unit, payload={"kind": kind, "period": period.key}
    )
    return snapshot


def periods_containing(day: dt.date) -> list[Period]:
    """The standard periods whose figures a change dated `day` can move."""
    return [p for p in standard_periods(day.year) if p.start <= day <= p.end]


def reports_refresh_for_change(*, unit: AdministrativeUnit, on: dt.date) -> int:
    """After a record of `unit` dated `on` changed: refresh that unit's and its ancestors' affected snapshots."""
    units = [*unit.ancestors(), unit]
    existing = ReportSnapshot.objects.filter(unit__in=units, start__lte=on, end__gte=on)
    count = 0
    for snapshot in existing.select_related("unit"):
        period = Period(snapshot.period_key, snapshot.start, snapshot.end)
        report_refresh(kind=snapshot.kind, unit=snapshot.unit, period=period, params=snapshot.params)
        count += 1
    for target in units:
        for period in periods_containing(on):
            for kind in FAMILIES:
                if not existing.filter(unit=target, kind=kind, start=period.start, end=period.end).exists():
                    report_refresh(kind=kind, unit=target, period=period)
                    count += 1
    return count


def reports_refresh_all(*, units: Iterable[AdministrativeUnit], years: Iterable[int]) -> int:
    """Every family for every unit and standard period of the given years (the nightly job)."""
    count = 0
    for unit in units:
        for year in years:
            for period in standard_periods(year):
                for kind in FAMILIES:
                    report_refresh(kind=kind, unit=unit, period=period)
                    count += 1
    return count
