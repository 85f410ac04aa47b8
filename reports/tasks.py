"""Report tasks: thin, idempotent wrappers (a snapshot is replaced, never appended)."""

import datetime as dt

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from portal.models import AdministrativeUnit
from reports.services import reports_refresh_all, reports_refresh_for_change

DEBOUNCE_SECONDS = 60


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def refresh_for_change_task(unit_id: int, on: str) -> int:
    """Refresh the snapshots a change to a record of this unit, dated `on`, can move."""
    cache.delete(_debounce_key(unit_id, on))
    unit = AdministrativeUnit.objects.filter(pk=unit_id).first()
    return reports_refresh_for_change(unit=unit, on=dt.date.fromisoformat(on)) if unit else 0


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def refresh_all_task(years: list[int] | None = None) -> int:
    """Nightly: every unit that has data, every standard period of this year and the last."""
    today = timezone.localdate()
    years = years or [today.year - 1, today.year]
    return reports_refresh_all(units=units_with_data(), years=years)


def units_with_data():
    """Provinces, districts and communes under which petitions or sessions were recorded."""
    from petitions.models import Petition
    from reception.models import ReceptionSession

    paths = set(Petition.objects.values_list("unit__path", flat=True).distinct())
    paths |= set(ReceptionSession.objects.values_list("unit__path", flat=True).distinct())
    prefixes = {"/".join(p.strip("/").split("/")[: i + 1]) + "/" for p in paths for i in range(1, p.count("/"))}
    return AdministrativeUnit.objects.filter(path__in=prefixes).order_by("path")


def _debounce_key(unit_id: int, on: str) -> str:
    return f"reports:refresh:{unit_id}:{on}"


def schedule_refresh(unit_id: int, on: dt.date) -> None:
    """Called by services when a record changes: one refresh per unit and day per minute, after commit."""
    if cache.add(_debounce_key(unit_id, on.isoformat()), 1, DEBOUNCE_SECONDS):
        transaction.on_commit(
            lambda: refresh_for_change_task.apply_async(
                args=[unit_id, on.isoformat()],
                countdown=0 if refresh_for_change_task.app.conf.task_always_eager else DEBOUNCE_SECONDS,
            )
        )


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def build_export_task(job_id: int) -> str:
    """Build one export file; a job already done is left as it is."""
    from reports.exports import export_build

    return export_build(job_id=job_id).status
