"""Demo records loaded once for a test module and rolled back after it (the apps' demo and set-wise tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import time_machine
from django.conf import settings
from django.db import transaction

AS_OF = dt.date(2026, 11, 20)  # the demo's "today" in these tests
MOMENT = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


@contextmanager
def demo_loaded(django_db_blocker, seed: Callable[[], object], *, moment: dt.datetime = MOMENT) -> Iterator[object]:
    """Both maps' organisation as seed_demo finds it (even after a transactional test emptied the database), then
    `seed()` at `moment`; yields what `seed` returned, and rolls everything back when the module is done."""
    from portal.demo import seed_organisation, seed_organisation_current

    with django_db_blocker.unblock(), time_machine.travel(moment, tick=False):
        with transaction.atomic():
            seed_organisation(seed=2024, password=settings.DEMO_PASSWORD)
            seed_organisation_current(seed=2024, password=settings.DEMO_PASSWORD)
            yield seed()
            transaction.set_rollback(True)


def units_with_records(paths: Iterable[str]):
    """The provinces, districts and communes under which records lie (their units' paths), in path order."""
    from portal.models import AdministrativeUnit

    prefixes = set()
    for path in paths:
        prefixes |= {"/".join(path.strip("/").split("/")[:depth]) + "/" for depth in range(2, path.count("/") + 1)}
    return AdministrativeUnit.objects.filter(path__in=prefixes).order_by("path")
