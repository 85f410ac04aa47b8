"""Report tasks: thin, idempotent wrappers (a snapshot is replaced, never appended)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import kombu.exceptions
import redis
from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from portal.models import AdministrativeUnit
from portal.registry import Change
from portal.services import worker_heartbeat_record
from reports import registry
from reports.periods import Period
from reports.services import (
    NIGHTLY_JOB,
    REFRESH_PICKUP_AFTER,
    REFRESH_PICKUP_AT_MOST,
    refresh_requests_done,
    refresh_requests_due,
    refresh_requests_record,
    report_get,
    reports_refresh_all,
    reports_refresh_for_changes,
    reports_refresh_running,
)

# A change's refresh waits this long in the queue, so that the saves of a few seconds go out as one task (it reads
# the records when it runs, and opens the window first: a change committed after that schedules its own).
REFRESH_DELAY_SECONDS = 1
# How long a queued refresh holds back the next one for its unit and day: until it starts, or at most this long
# if it never does (a lost task), after which a change schedules a new one. The nightly rebuild checks all.
REFRESH_PENDING_SECONDS = 120
SNAPSHOT_PENDING_SECONDS = 600  # a missing snapshot queued is not queued again for this long


logger = logging.getLogger(__name__)

# What a send raises when the broker does not answer (kombu wraps the transport's errors after its retries).
BROKER_DOWN = (kombu.exceptions.OperationalError, OSError)
CACHE_DOWN = (redis.RedisError, OSError)  # the cache is the same Redis as the broker in production

# The refreshes may run again whole (a snapshot is replaced, never appended): a worker lost in the middle of one
# gives it back to the queue (with CELERY_TASK_ACKS_LATE) instead of marking it failed.
REFRESH_TASK = {
    "autoretry_for": (ConnectionError, TimeoutError),
    "max_retries": 3,
    "retry_backoff": True,
    "reject_on_worker_lost": True,
}


@shared_task(**REFRESH_TASK)
def refresh_for_change_task(unit_id: int, on: str) -> int:
    """Refresh the snapshots a change to a record of this unit, dated `on`, can move."""
    return refresh_for_changes_task([[unit_id, on]])


@shared_task(**REFRESH_TASK)
def refresh_for_changes_task(changes: list[list]) -> int:
    """Refresh, once each, the snapshots that changes to records of these units on these days can move; then their
    pending requests are done."""
    started = timezone.now()
    # Open the window first: a change committed from now on schedules its own refresh.
    _forget(changes)
    units = AdministrativeUnit.objects.in_bulk({change[0] for change in changes})
    count = reports_refresh_for_changes(
        changes=[
            (units[unit_id], *(dt.date.fromisoformat(day) for day in days))
            for unit_id, *days in changes
            if unit_id in units
        ]
    )
    refresh_requests_done(changes=_dated(changes), started=started)
    return count


@shared_task(**REFRESH_TASK)
def refresh_pending_task() -> int:
    """Every minute (beat): run the refreshes whose task was lost, still pending REFRESH_PICKUP_AFTER after they
    were asked for (the broker was down when they were sent, or a worker died with them)."""
    due = refresh_requests_due(before=timezone.now() - REFRESH_PICKUP_AFTER)
    return refresh_for_changes_task(due) if due else 0  # here, in this task: the queue already failed them once


@shared_task(**REFRESH_TASK)
def refresh_all_task(years: list[int] | None = None) -> int:
    """Nightly: every unit that has data, every standard period of this year and the last, then every refresh
    still pending (the rebuild covers only the plain snapshots of standard periods)."""
    started, today = timezone.now(), timezone.localdate()
    years = years or [today.year - 1, today.year]
    count = reports_refresh_all(years=years)  # every unit with data
    count += reports_refresh_running(on=today)  # and the running periods' other snapshots
    pending = refresh_requests_due(before=started, at_most=None)  # once: those asked for later have their tasks
    for first in range(0, len(pending), REFRESH_PICKUP_AT_MOST):
        count += refresh_for_changes_task(pending[first : first + REFRESH_PICKUP_AT_MOST])
    worker_heartbeat_record(name=NIGHTLY_JOB)  # /readyz tells when it last finished
    return count


def _dated(changes: Iterable[list]) -> list[tuple]:
    return [(unit_id, *(dt.date.fromisoformat(day) for day in days)) for unit_id, *days in changes]


def _debounce_key(unit_id: int, *days: str) -> str:
    return f"reports:refresh:{unit_id}:{'..'.join(days)}"  # a day, or a span since..until


def schedule_refresh(unit_id: int, on: dt.date) -> None:
    """Called by services when a record changes: one refresh pending per unit and day, after commit."""
    schedule_refreshes([(unit_id, on)])


def schedule_refreshes(changes: Iterable[Change]) -> None:
    """Refresh after commit what these changes can move: one task per transaction, and one refresh
    pending per unit and day.

    Nothing is marked as pending before the transaction commits, so a rolled-back save cannot hold
    back the corrected save that follows it.
    """
    changes = set(changes)
    if not changes:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _dispatch(changes)
        return
    # Each announcement gets its own callback, so that a savepoint rolled back takes it along; the
    # callbacks of one transaction share its changes, and the first to run sends them all in one task.
    commit = _commit_of(connection)
    commit.changes |= changes
    transaction.on_commit(_AfterCommit(commit))


class _Commit:
    """The changes one transaction announced, and those already sent when it committed."""

    def __init__(self) -> None:
        self.changes: set[Change] = set()
        self.sent: set[Change] = set()
        self.started = False


class _AfterCommit:
    def __init__(self, commit: _Commit) -> None:
        self.commit = commit

    def __call__(self) -> None:
        # A change whose savepoint was rolled back may ride along: that costs one refresh that finds
        # nothing new, never a missed one, since a refresh is queued behind every debounce key set.
        commit = self.commit
        commit.started = True
        fresh = commit.changes - commit.sent
        commit.sent |= fresh
        if fresh:
            _dispatch(fresh)


def _commit_of(connection) -> _Commit:
    # The callbacks waiting for this commit are the only trace Django keeps of the transaction.
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _AfterCommit) and not callback.commit.started:
            return callback.commit
    return _Commit()


def _dispatch(changes: set[Change]) -> None:
    """Record the changes' refreshes as pending, then enqueue one refresh for those the cache holds none back for
    (the debounce). Without a broker they wait in the database for the pick-up."""
    refresh_requests_record(changes=changes)  # the truth: from here on nothing is lost
    # A refresh pending for a day or a span reads the records when it runs, so it covers a later
    # change of the same unit and day (or span) too: each is judged on its own, never with the others.
    serialised = ([unit_id, *(day.isoformat() for day in days)] for unit_id, *days in changes)
    fresh = sorted(change for change in serialised if _hold(_debounce_key(*change), REFRESH_PENDING_SECONDS))
    if not fresh:
        return
    eager = refresh_for_changes_task.app.conf.task_always_eager
    try:
        refresh_for_changes_task.apply_async(args=[fresh], countdown=0 if eager else REFRESH_DELAY_SECONDS)
    except BROKER_DOWN as error:
        _forget(fresh)  # nothing is queued: a change may try again, and the pick-up runs the requests
        logger.warning("refresh of %d unit-days left pending, the broker is down: %r", len(fresh), error)
    except Exception:
        _forget(fresh)
        raise


def _hold(key: str, seconds: int) -> bool:
    """Mark `key` as queued for `seconds`; False when it already is. With the cache down, say yes: the database
    keeps the requests, and one task too many only refreshes twice."""
    try:
        return cache.add(key, 1, seconds)
    except CACHE_DOWN:
        return True


def _forget(changes: Iterable[list]) -> None:
    try:
        cache.delete_many([_debounce_key(*change) for change in changes])
    except CACHE_DOWN:
        pass  # its keys expire by themselves (REFRESH_PENDING_SECONDS)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def compute_snapshot_task(kind: str, unit_id: int, period_key: str, start: str, end: str, params: str = "") -> bool:
    """Compute one missing snapshot a page asked for (an agency's, a custom range's); one stored meanwhile
    is left as it is (a change refreshes it). False when its unit or family is gone."""
    unit = AdministrativeUnit.objects.filter(pk=unit_id).first()
    if unit is None or kind not in registry.keys():
        return False
    period = Period(period_key, dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    report_get(kind=kind, unit=unit, period=period, params=params)
    return True


def _snapshot_key(kind: str, unit_id: int, period: Period, params: str) -> str:
    return f"reports:snapshot:{kind}:{unit_id}:{period.start.isoformat()}..{period.end.isoformat()}:{params}"


def schedule_snapshots(wanted: Iterable[tuple[str, int, Period, str]]) -> None:
    """Queue after commit, one task each, the missing snapshots (kind, unit id, period, params key) a page
    needs; one already queued in the last SNAPSHOT_PENDING_SECONDS is not queued again."""
    wanted = list(dict.fromkeys(wanted))
    if wanted:
        transaction.on_commit(lambda: _dispatch_snapshots(wanted))


def _dispatch_snapshots(wanted: list[tuple[str, int, Period, str]]) -> None:
    for kind, unit_id, period, params in wanted:
        key = _snapshot_key(kind, unit_id, period, params)
        if not _hold(key, SNAPSHOT_PENDING_SECONDS):
            continue  # queued by an earlier view, still pending
        args = [kind, unit_id, period.key, period.start.isoformat(), period.end.isoformat(), params]
        try:
            compute_snapshot_task.apply_async(args=args)
        except BROKER_DOWN as error:
            _release(key)  # the page stays "being computed" and asks again when next opened
            logger.warning("missing snapshot not queued, the broker is down: %r", error)
            return
        except Exception:
            _release(key)  # nothing is pending after all
            raise


def _release(key: str) -> None:
    try:
        cache.delete(key)
    except CACHE_DOWN:
        pass


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def build_export_task(job_id: int) -> str:
    """Build one export file; a job already done is left as it is."""
    from reports.exports import export_build

    return export_build(job_id=job_id).status
