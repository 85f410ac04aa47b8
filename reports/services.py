"""Compute, store, refresh and lock report snapshots; every caller (API, pages, tasks, command) uses these.

Which families exist, how each computes and which records move its figures come from
`reports.registry`; nothing here names a family.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.models import AdministrativeUnit, User, WorkerHeartbeat
from portal.services import DomainError, audit_record
from reports import registry
from reports.models import RefreshRequest, ReportSnapshot, SnapshotCheck
from reports.periods import Period, overall, standard_periods
from reports.registry import Params


def report_compute(*, kind: str, unit: AdministrativeUnit, period: Period, params: Params | str = "") -> dict:
    """A family's figures for a unit's subtree over a period, as a snapshot stores them.

    Their labels ("Cơ quan cấp tỉnh", kinds, fields) are written in the site's language, whoever asked:
    a snapshot an English page or a task computed is read by everyone afterwards.
    """
    family = registry.family(kind)
    with translation.override(settings.LANGUAGE_CODE):
        data = family.compute(unit, period.start, period.end, family.parameters(params))
    return _framed(unit, period, data)


def report_compute_many(*, kind: str, units: Sequence[AdministrativeUnit], period: Period) -> dict[int, dict]:
    """Every unit's plain figures of one family and period, {unit id: data as a snapshot stores it}: set-wise when
    the family can (`compute_many`, a fixed handful of grouped queries), else unit by unit."""
    return next(report_compute_periods(kind=kind, units=units, periods=[period]))


def report_compute_periods(
    *, kind: str, units: Sequence[AdministrativeUnit], periods: Sequence[Period]
) -> Iterator[dict[int, dict]]:
    """`report_compute_many` for several periods, each period's in turn: one pass over the records for all of
    them where the family can (`ReportFamily.figures_by_period`)."""
    family = registry.family(kind)
    computed = family.figures_by_period(units, [(period.start, period.end) for period in periods])
    for period in periods:
        # The site's language while computing only: the caller's code runs between the periods.
        with translation.override(settings.LANGUAGE_CODE):
            figures = next(computed)
        yield {unit.pk: _framed(unit, period, figures[unit.pk]) for unit in units}


def _framed(unit: AdministrativeUnit, period: Period, data: dict) -> dict:
    return {
        "unit": unit.pk,
        "unit_name": unit.name,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        **data,
    }


def figures_fingerprint(data: dict) -> str:
    """A digest of a snapshot's figures as computed: a rebuild compares digests instead of reading every stored
    snapshot's figures back. The same figures built the same way give the same digest; anything else (another
    Python's encoding, a key moved) only rewrites a snapshot once. marshal encodes ~3× faster than json."""
    try:
        encoded = marshal.dumps(data, 2)  # version 2: no back-references, which follow object identity
    except ValueError:  # something marshal does not know (figures are JSON-able, so json does)
        encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def _drift_recorded(snapshot: ReportSnapshot, data: dict, now: dt.datetime) -> ReportSnapshot:
    """A locked snapshot keeps its figures; what would have changed is recorded beside them."""
    drift = {  # the figures at the top; lists and breakdowns follow from them
        k: [snapshot.data.get(k), v]
        for k, v in data.items()
        if snapshot.data.get(k) != v and not isinstance(v, dict | list)
    }
    snapshot.changed_after_lock = {"checked_at": now.isoformat(), "fields": drift} if drift else {}
    snapshot.save(update_fields=["changed_after_lock"])
    return snapshot


def report_refresh(*, kind: str, unit: AdministrativeUnit, period: Period, params: Params | str = "") -> ReportSnapshot:
    """Recompute and replace the snapshot in one statement; a locked snapshot is kept and the drift recorded."""
    key = registry.family(kind).parameters(params).to_key()
    # Plain figures set-wise even for one unit: the same figures (tests/reports/test_setwise.py), ~5× cheaper
    # for a province's custom range (docs/performance.md); an agency's or a kind group's, unit by unit.
    if key:
        data = report_compute(kind=kind, unit=unit, period=period, params=key)
    else:
        data = report_compute_many(kind=kind, units=[unit], period=period)[unit.pk]
    now = timezone.now()
    with transaction.atomic():
        snapshot = (
            ReportSnapshot.objects.select_for_update()
            .filter(kind=kind, unit=unit, start=period.start, end=period.end, params=key)
            .first()
        )
        if snapshot is not None and snapshot.locked_at:
            return _drift_recorded(snapshot, data, now)
        snapshot, _created = ReportSnapshot.objects.update_or_create(
            kind=kind,
            unit=unit,
            start=period.start,
            end=period.end,
            params=key,
            defaults={
                "period_key": period.key,
                "data": data,
                "fingerprint": figures_fingerprint(data),
                "computed_at": now,
            },
        )
    return snapshot


def report_get(*, kind: str, unit: AdministrativeUnit, period: Period, params: Params | str = "") -> ReportSnapshot:
    """The stored snapshot, or a fresh one when none exists yet (each family is a few indexed queries)."""
    key = registry.family(kind).parameters(params).to_key()
    snapshot = (
        ReportSnapshot.objects.with_checked_at()
        .filter(kind=kind, unit=unit, start=period.start, end=period.end, params=key)
        .first()
    )
    return snapshot or report_refresh(kind=kind, unit=unit, period=period, params=key)


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


@transaction.atomic
def report_lock_period(*, actor: User, unit: AdministrativeUnit, period: Period) -> list[ReportSnapshot]:
    """Sign off a period for every registered family at once; families already locked stay as they are,
    so a family added after an earlier sign-off is locked too."""
    locked = []
    for family in registry.families():
        existing = ReportSnapshot.objects.filter(
            kind=family.key, unit=unit, start=period.start, end=period.end, params="", locked_at__isnull=False
        )
        if not existing.exists():
            locked.append(report_lock(actor=actor, kind=family.key, unit=unit, period=period))
    if not locked:
        raise DomainError(_("Kỳ báo cáo này đã được khóa."))
    return locked


def periods_containing(day: dt.date) -> list[Period]:
    """The standard periods whose figures a change dated `day` can move."""
    return [p for p in standard_periods(day.year) if p.start <= day <= p.end]


def reports_refresh_for_change(*, unit: AdministrativeUnit, on: dt.date) -> int:
    """After a record of `unit` dated `on` changed: refresh that unit's and its ancestors' affected snapshots."""
    return reports_refresh_for_changes(changes=[(unit, on)])


PRECOMPUTE_AT_MOST = 200  # missing snapshots a change computes ahead; an import's are computed when first read


def reports_refresh_for_changes(*, changes: Iterable[tuple]) -> int:
    """After records changed (unit, day) or over a span (unit, since, until): refresh, once each, every
    snapshot the changes can have moved, and compute the missing standard ones.

    Each family says which units' snapshots a record moves (by default its unit and those above it)
    and which periods (by default those holding the day; with `spans_move`, also those overlapping
    a span). Every existing snapshot so moved is refreshed, whatever its parameters or period; the
    missing plain snapshots of the unit, its ancestors and the standard periods holding a day are
    computed ahead only for a small batch (a few edits); a bulk change such as an import leaves them
    to the first read or the nightly job, and spans only refresh what exists.
    """
    changes = list(dict.fromkeys(changes))
    stale: dict[tuple, ReportSnapshot] = {}
    missing = []
    for family in registry.families():
        days_of: dict[int, set[dt.date]] = defaultdict(set)  # unit whose snapshots may move -> the days
        spans_of: dict[int, set[tuple[dt.date, dt.date]]] = defaultdict(set)  # ... -> the spans
        chain_days: dict[int, set[dt.date]] = defaultdict(set)  # unit whose missing snapshots to compute
        units: dict[int, AdministrativeUnit] = {}
        moved: dict[int, list[AdministrativeUnit]] = {}
        for unit, *days in changes:
            if len(days) == 2 and not family.spans_move:
                continue
            if unit.pk not in moved:
                moved[unit.pk] = family.units_moved(unit)
            for target in moved[unit.pk]:
                units[target.pk] = target
                if len(days) == 2:
                    spans_of[target.pk].add(tuple(days))
                    continue
                days_of[target.pk].add(days[0])
                if target.contains(unit):
                    chain_days[target.pk].add(days[0])
        if not units:
            continue
        known = set()
        # Only the keys: the figures themselves (JSON) are not needed to decide what is stale.
        candidates = ReportSnapshot.objects.filter(kind=family.key, unit__in=list(units)).only(
            "pk", "kind", "unit_id", "period_key", "start", "end", "params"
        )
        for snapshot in candidates:
            known.add((snapshot.unit_id, snapshot.start, snapshot.end, snapshot.params))
            days, spans = days_of[snapshot.unit_id], spans_of[snapshot.unit_id]
            if (days and family.period_moved(snapshot.start, snapshot.end, days)) or any(
                since <= snapshot.end and snapshot.start <= until for since, until in spans
            ):
                snapshot.unit = units[snapshot.unit_id]
                stale[(family.key, snapshot.pk)] = snapshot
        for unit_id, days in chain_days.items():
            for period in sorted({p for day in days for p in periods_containing(day)}, key=lambda p: (p.start, p.end)):
                if (unit_id, period.start, period.end, "") not in known:
                    missing.append((family.key, units[unit_id], period, ""))
    todo = [
        (s.kind, s.unit, Period(s.period_key, s.start, s.end), s.params)
        for s in sorted(stale.values(), key=lambda s: (s.unit.path, s.start, s.kind, s.params))
    ]
    if len(missing) <= PRECOMPUTE_AT_MOST:
        todo += missing
    # The plain snapshots of one family and period are computed together (a commune, its district and its
    # province cost about what the province alone costs); the others one by one.
    together: dict[tuple[str, Period], list[AdministrativeUnit]] = defaultdict(list)
    for kind, unit, period, params in todo:
        if not params and registry.family(kind).compute_many is not None:
            together[(kind, period)].append(unit)
        else:
            report_refresh(kind=kind, unit=unit, period=period, params=params)
    # And the periods that ask for the same units in one pass (a change's year, half, quarter and month).
    passes: dict[tuple[str, tuple[int, ...]], tuple[list[AdministrativeUnit], list[Period]]] = {}
    for (kind, period), units in together.items():
        passes.setdefault((kind, tuple(sorted(unit.pk for unit in units))), (units, []))[1].append(period)
    for (kind, _unit_ids), (units, periods) in passes.items():
        read_at = timezone.now()
        computed = report_compute_periods(kind=kind, units=units, periods=periods)
        for period, data in zip(periods, computed, strict=True):
            reports_store(kind=kind, period=period, data=data, read_at=read_at)
    return len(todo)


def reports_refresh_soon(
    *, unit: AdministrativeUnit, wanted: list[tuple[str, str, Period]]
) -> list[ReportSnapshot | None]:
    """Snapshots a page needs but does not compute itself, (family key, params key, period): hand them
    to the report worker and answer None for each, to show as being computed.

    With no worker (Celery eager: development without Redis, and tests) the queue is this process,
    so they are computed now and returned. With a worker, the missing plain snapshots of standard
    periods (the months of a trend, a year, a quarter) are queued as a refresh of the unit on those
    periods' first days, which computes them with their ancestors'; any other (a custom range, an
    agency's figures, a province with its predecessors: the nightly job computes none of them) is
    queued on its own, once while it is pending however often the page is opened.
    """
    from reports.tasks import refresh_for_changes_task, schedule_refreshes, schedule_snapshots

    if refresh_for_changes_task.app.conf.task_always_eager:
        return [report_refresh(kind=kind, unit=unit, period=period, params=params) for kind, params, period in wanted]
    standard = {
        (p.start, p.end) for year in {period.start.year for _k, _p, period in wanted} for p in standard_periods(year)
    }
    refreshes, alone = set(), []
    for kind, params, period in wanted:
        if not params and (period.start, period.end) in standard:
            refreshes.add((unit.pk, period.start))
        else:
            alone.append((kind, unit.pk, period, params))
    schedule_refreshes(refreshes)
    schedule_snapshots(alone)
    return [None] * len(wanted)


def reports_refresh_all(*, years: Iterable[int], units: Iterable[AdministrativeUnit] | None = None) -> int:
    """Every family for every unit with records (or these units) and standard period of the given years (the
    nightly job)."""
    periods = [p for year in years for p in standard_periods(year)]
    if units is None:
        return reports_refresh(units=units_with_data(), periods=periods, every_unit=True)
    return reports_refresh(units=units, periods=periods)


def reports_refresh(*, units: Iterable[AdministrativeUnit], periods: Iterable[Period], every_unit: bool = False) -> int:
    """Every family's plain snapshot of these units and periods (the nightly job, the refresh_reports command).

    Set-wise: for each family every unit's figures come at once, for all the periods in one pass where the
    family can (`report_compute_periods`), and are written a period at a time in batches, so the cost grows
    with the periods (or not even that), not with units × periods. `every_unit`: the units are every unit with
    records (`units_with_data`), so a snapshot the rebuild leaves as it was is right, and one check a family and
    period says so (`reports_store`)."""
    units, periods = list(units), list(periods)
    if every_unit and periods:
        # A unit without records may still have snapshots (a dashboard opened; a head who owes reception days):
        # the check vouches for every plain snapshot of the periods, so those are recomputed too.
        earliest, latest = overall([(period.start, period.end) for period in periods])
        stored = ReportSnapshot.objects.filter(params="", start__gte=earliest, end__lte=latest)
        listed = {unit.pk for unit in units}
        units += list(
            AdministrativeUnit.objects.filter(pk__in=stored.values("unit_id")).exclude(pk__in=listed).order_by("path")
        )
    count = 0
    for family in registry.families():
        read_at = timezone.now()  # the figures are as of when the pass began reading, not when it stores them
        figures = report_compute_periods(kind=family.key, units=units, periods=periods)
        for period, data in zip(periods, figures, strict=True):
            count += reports_store(kind=family.key, period=period, data=data, every_unit=every_unit, read_at=read_at)
    return count


STORE_BATCH = 2000  # snapshots a transaction writes; the fingerprints are read as many at a query


def reports_store(
    *, kind: str, period: Period, data: dict[int, dict], every_unit: bool = False, read_at: dt.datetime | None = None
) -> int:
    """Write plain snapshots of one family and period, {unit id: data} (insert or update); a locked one keeps its
    figures and records the drift, as `report_refresh` does; one whose figures are those stored (the same
    `fingerprint`) is not rewritten. Its check time moves: the family and period's one `SnapshotCheck` when
    `data` holds every unit with records (the nightly job), else its own `computed_at`.

    Most of a nightly rebuild finds the figures as they were: those are told by their digest, read for all the
    units first, and are neither rewritten nor locked (locking a row writes it). The others are written in
    batches, each of which first locks its existing rows (`select_for_update`), so that a sign-off
    (`report_lock`, which locks the row it freezes) either comes before and is seen here, or waits until the
    batch is written.

    `read_at`: when the computation began reading the records (default: now), the snapshots' time. A row
    computed later meanwhile (the refresh after a change, while a long rebuild was computing) is newer
    than these figures and is left as it is, and so is the check of a later rebuild."""
    now = read_at or timezone.now()
    same = {"kind": kind, "start": period.start, "end": period.end, "params": ""}
    prints = {unit_id: figures_fingerprint(figures) for unit_id, figures in data.items()}
    unit_ids = list(data)
    # Many units: the period's snapshots in one range of the unique index; a few: those units'.
    parts = [unit_ids[first : first + STORE_BATCH] for first in range(0, len(unit_ids), STORE_BATCH)]
    stored = (
        [ReportSnapshot.objects.filter(**same)]
        if len(parts) > 1
        else [ReportSnapshot.objects.filter(**same, unit_id__in=part) for part in parts]
    )
    unchanged = {
        unit_id
        for snapshots in stored
        for unit_id, locked_at, fingerprint, key in snapshots.values_list(
            "unit_id", "locked_at", "fingerprint", "period_key"
        )
        if not locked_at and key == period.key and fingerprint == prints.get(unit_id)
    }
    if not every_unit:  # their own check times move; the update skips a row signed off meanwhile
        kept = list(unchanged)
        for first in range(0, len(kept), STORE_BATCH):
            ReportSnapshot.objects.filter(
                **same, unit_id__in=kept[first : first + STORE_BATCH], locked_at__isnull=True, computed_at__lt=now
            ).update(computed_at=now)
    changed = [unit_id for unit_id in unit_ids if unit_id not in unchanged]
    for first in range(0, len(changed), STORE_BATCH):
        batch = changed[first : first + STORE_BATCH]
        with transaction.atomic():
            existing = ReportSnapshot.objects.select_for_update().filter(**same, unit_id__in=batch)
            locked = {unit_id for unit_id, locked_at in existing.values_list("unit_id", "locked_at") if locked_at}
            for snapshot in ReportSnapshot.objects.filter(**same, unit_id__in=locked):
                _drift_recorded(snapshot, data[snapshot.unit_id], now)
            _snapshots_written(
                kind,
                period,
                [(unit_id, data[unit_id], prints[unit_id]) for unit_id in batch if unit_id not in locked],
                now,
            )
    if every_unit:
        check, created = SnapshotCheck.objects.get_or_create(
            kind=kind, start=period.start, end=period.end, defaults={"checked_at": now}
        )
        if not created:
            SnapshotCheck.objects.filter(pk=check.pk, checked_at__lt=now).update(checked_at=now)
    return len(data)


STAGING = "report_snapshot_staging"


def _snapshots_written(kind: str, period: Period, rows: list[tuple[int, dict, str]], now: dt.datetime) -> None:
    """Insert or replace plain snapshots, (unit id, figures, fingerprint) each, in one statement that leaves a row
    signed off meanwhile, or computed later than `now`, as it is. On PostgreSQL the rows go by COPY into a
    temporary table first: `bulk_create`'s parameters cost ~4× the writing itself for a country's 14,000
    snapshots of a period (docs/performance.md); SQLite takes them as the statement's many parameter rows."""
    if not rows:
        return
    connection = transaction.get_connection()
    table = ReportSnapshot._meta.db_table
    upsert = f"""ON CONFLICT (kind, unit_id, start, "end", params) DO UPDATE SET period_key = EXCLUDED.period_key,
        data = EXCLUDED.data, fingerprint = EXCLUDED.fingerprint, computed_at = EXCLUDED.computed_at
        WHERE {table}.locked_at IS NULL AND {table}.computed_at <= EXCLUDED.computed_at"""
    columns = '(kind, unit_id, start, "end", params, period_key, data, fingerprint, computed_at, changed_after_lock)'
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            ops = connection.ops  # the values as Django itself writes them (a timestamp compares as text)
            start, end = ops.adapt_datefield_value(period.start), ops.adapt_datefield_value(period.end)
            at = ops.adapt_datetimefield_value(now)
            cursor.executemany(
                f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, '', %s, %s, %s, %s, '{{}}') {upsert}",
                [
                    (kind, unit_id, start, end, period.key, json.dumps(figures, ensure_ascii=False), fingerprint, at)
                    for unit_id, figures, fingerprint in rows
                ],
            )
            return
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} (unit_id bigint, data jsonb, fingerprint varchar(32))"
        )
        with cursor.cursor.copy(f"COPY {STAGING} (unit_id, data, fingerprint) FROM STDIN") as copy:
            for unit_id, figures, fingerprint in rows:
                copy.write_row((unit_id, json.dumps(figures, ensure_ascii=False), fingerprint))
        cursor.execute(
            f"""INSERT INTO {table} {columns}
            SELECT %s, unit_id, %s, %s, '', %s, data, fingerprint, %s, '{{}}'::jsonb FROM {STAGING} {upsert}""",
            [kind, period.start, period.end, period.key, now],
        )
        cursor.execute(f"TRUNCATE {STAGING}")  # a transaction around the whole rebuild would otherwise keep them


def reports_refresh_running(*, on: dt.date, besides_standard: bool = True) -> int:
    """Every stored snapshot of a period still running on `on` (or ended the day before), whatever its
    parameters: their overdue figures are measured at today's date, so they move as the days pass even
    when no record changes (the nightly job). `besides_standard`: leave out the plain snapshots of
    standard periods, which reports_refresh_all has just computed."""
    running = ReportSnapshot.objects.filter(start__lte=on, end__gte=on - dt.timedelta(days=1)).select_related("unit")
    if besides_standard:
        running = running.exclude(Q(params="") & ~Q(period_key__contains=".."))
    count = 0
    for snapshot in running.order_by("unit__path", "start", "kind", "params"):
        if snapshot.kind not in registry.keys():
            continue  # a family no longer installed
        period = Period(snapshot.period_key, snapshot.start, snapshot.end)
        report_refresh(kind=snapshot.kind, unit=snapshot.unit, period=period, params=snapshot.params)
        count += 1
    return count


def units_with_data():
    """Provinces, districts and communes under which some family has records (the nightly job's units)."""
    paths = {path for family in registry.families() for path in family.recorded_paths()}
    prefixes = {"/".join(p.strip("/").split("/")[: i + 1]) + "/" for p in paths for i in range(1, p.count("/"))}
    return AdministrativeUnit.objects.filter(path__in=prefixes).order_by("path")


# --- Refresh requests: what changes asked for and no refresh has run yet (reports.models.RefreshRequest) ----------
# A refresh still pending this long after it was first asked for lost its task (the broker was down, a worker died
# with it): the periodic pick-up runs it. Well above the queue's usual wait (REFRESH_DELAY_SECONDS, a few seconds).
REFRESH_PICKUP_AFTER = dt.timedelta(minutes=2)
REFRESH_PICKUP_AT_MOST = 1000  # requests a pick-up runs at once; the rest wait for the next one


def _request_key(change: Sequence) -> tuple[int, dt.date, dt.date, bool]:
    unit_id, *days = change
    return unit_id, days[0], days[-1], len(days) == 2


def refresh_requests_record(*, changes: Iterable[Sequence]) -> None:
    """Note the refreshes these changes ask for, (unit id, day) or (unit id, since, until), as pending; a repeat
    merges into the pending row (its `changed_at` moves, its `requested_at` stays)."""
    now = timezone.now()
    keys = sorted({_request_key(change) for change in changes})  # one order: concurrent writers never deadlock
    RefreshRequest.objects.bulk_create(
        [
            RefreshRequest(unit_id=unit_id, since=since, until=until, span=span, requested_at=now, changed_at=now)
            for unit_id, since, until, span in keys
        ],
        update_conflicts=True,
        unique_fields=["unit", "since", "until", "span"],
        update_fields=["changed_at"],
    )


def refresh_requests_done(*, changes: Iterable[Sequence], started: dt.datetime) -> int:
    """A refresh of these changes that started at `started` has run: remove their requests, but not one a change
    renewed after it started (the refresh may have read the records before that change)."""
    keys = sorted({_request_key(change) for change in changes})
    done = 0
    for first in range(0, len(keys), 500):
        match = Q()
        for unit_id, since, until, span in keys[first : first + 500]:
            match |= Q(unit_id=unit_id, since=since, until=until, span=span)
        done += RefreshRequest.objects.filter(match, changed_at__lte=started).delete()[0]
    return done


def refresh_requests_due(*, before: dt.datetime, at_most: int | None = REFRESH_PICKUP_AT_MOST) -> list[list]:
    """The refreshes first asked for before `before` and still pending, oldest first, as a refresh task takes them:
    [unit id, day] or [unit id, since, until] with ISO dates."""
    pending = RefreshRequest.objects.filter(requested_at__lte=before).order_by("requested_at", "pk")
    return [
        [unit_id, since.isoformat(), until.isoformat()] if span else [unit_id, since.isoformat()]
        for unit_id, since, until, span in pending.values_list("unit_id", "since", "until", "span")[:at_most]
    ]


def refresh_requests_backlog() -> dict:
    """How many refreshes are pending, and how long the oldest has waited (/readyz)."""
    backlog = RefreshRequest.objects.aggregate(count=Count("pk"), oldest=Min("requested_at"))
    oldest = backlog["oldest"]
    return {
        "refreshes_pending": backlog["count"],
        "oldest_refresh_pending_s": round((timezone.now() - oldest).total_seconds()) if oldest else None,
    }


NIGHTLY_JOB = "reports-refresh-all"  # the heartbeat refresh_all_task records when it has finished
NIGHTLY_LATE_AFTER = dt.timedelta(hours=26)  # the nightly rebuild (01:30) missed once, with its own running time


def reports_readiness() -> dict:
    """/readyz's part: when the nightly job last checked every family's figures, when it last finished, and the
    refreshes still pending (a backlog that grows: the broker or the worker is down)."""
    checked_at = SnapshotCheck.objects.aggregate(last=Max("checked_at"))["last"]
    nightly = WorkerHeartbeat.objects.filter(name=NIGHTLY_JOB).values_list("seen_at", flat=True).first()
    now = timezone.now()
    return {
        "ok": nightly is not None and now - nightly <= NIGHTLY_LATE_AFTER,
        "snapshots_checked_at": checked_at.isoformat() if checked_at else None,
        "snapshots_age_s": round((now - checked_at).total_seconds()) if checked_at else None,
        "nightly_finished_at": nightly.isoformat() if nightly else None,
        **refresh_requests_backlog(),
    }
