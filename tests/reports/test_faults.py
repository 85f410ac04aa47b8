"""When a service fails (docs/architecture.md): the broker down, a worker killed in the middle of a refresh.

The portal keeps serving the last snapshots and says when they were computed; a refresh a change asks for is kept
in the database (reports.models.RefreshRequest) until one has run, whatever happened to its task.
"""

import datetime as dt
import os
import signal
import time

import pytest
import time_machine

from petitions.models import Petition
from portal.celery import app as celery_app
from reports.models import RefreshRequest, ReportKind, ReportSnapshot
from reports.periods import parse_period
from reports.services import REFRESH_PICKUP_AFTER, report_refresh
from reports.tasks import refresh_for_changes_task, refresh_pending_task
from tests.petitions.test_views import intake_data
from tests.portal.test_tasks import wait_for
from tests.worker import needs_real_services, worker_process

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # a closed port: the shared Redis server is left alone
HOST = {"HTTP_HOST": "localhost"}
NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)  # 09:00 in Bắc Kạn


def point_broker_at(url: str) -> None:
    """Send tasks to `url` from now on: the pools of connections to the old broker are let go (not closed: kombu
    keeps them for when the old broker is pointed at again)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url


@pytest.fixture
def broker_down(settings):
    """As in production, tasks go to a broker; and it does not answer (readiness reads the same settings)."""
    previous = celery_app.conf.broker_url
    point_broker_at(NOBODY_LISTENS)
    celery_app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = NOBODY_LISTENS

    def back():
        point_broker_at(previous)
        celery_app.conf.task_always_eager = True  # the broker is back: tests run its worker's tasks in-process
        settings.CELERY_TASK_ALWAYS_EAGER = True
        settings.CELERY_BROKER_URL = previous

    yield back
    back()


def received_in_2026(unit) -> int:
    return ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=unit, period_key="2026", params="").data[
        "received"
    ]


@pytest.mark.django_db
def test_with_the_broker_down_a_change_saves_the_dashboard_shows_the_last_figures_and_the_refresh_waits(
    client_for, commune_officer_a, broker_down, django_capture_on_commit_callbacks
):
    commune = commune_officer_a.agency.unit
    with time_machine.travel(NOW, tick=False):
        report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=parse_period(period="2026"))
    before = received_in_2026(commune)
    client = client_for(commune_officer_a)

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/petitions/new/", intake_data())
        assert response.status_code == 302  # saved; its refresh could not be queued
        assert Petition.objects.filter(summary__startswith="Khiếu nại quyết định thu hồi đất").exists()
        pending = RefreshRequest.objects.filter(unit=commune, since=dt.date(2026, 11, 18), span=False)
        assert pending.exists()  # kept in the database, not lost with the task

        with django_capture_on_commit_callbacks(execute=True):
            dashboard = client.get(f"/dashboard/{commune.pk}/?year=2026")
        assert dashboard.status_code == 200
        assert "tính lúc 20/11/2026 09:00" in dashboard.content.decode()  # the last figures, and how old they are
        assert received_in_2026(commune) == before

        ready = client.get("/readyz", **HOST)
        assert ready.status_code == 503
        checks = ready.json()["checks"]
        assert checks["broker"]["ok"] is False
        assert checks["reports"]["refreshes_pending"] >= 1
        assert checks["reports"]["oldest_refresh_pending_s"] == 0

    broker_down()  # the broker is back; the beat's next pick-up, once the request is old enough, runs it
    with time_machine.travel(NOW + dt.timedelta(hours=1) + REFRESH_PICKUP_AFTER / 2, tick=False):
        refresh_pending_task.delay()
        assert pending.exists()  # too young: its own task may still be on its way
    with time_machine.travel(NOW + dt.timedelta(hours=1) + REFRESH_PICKUP_AFTER, tick=False):
        refresh_pending_task.delay()
    assert received_in_2026(commune) == before + 1
    assert not RefreshRequest.objects.exists()
    assert ReportSnapshot.objects.filter(kind=ReportKind.PETITIONS, unit=commune, period_key="2026").count() == 1


@pytest.mark.django_db
def test_repeated_changes_of_a_unit_and_day_wait_as_one_request(
    commune_officer_a, broker_down, django_capture_on_commit_callbacks, client_for
):
    client = client_for(commune_officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/petitions/new/", intake_data())
        client.post("/petitions/new/", intake_data(summary="Khiếu nại thứ hai về thu hồi đất ở thôn Nà Phài"))
    requests = RefreshRequest.objects.filter(since=dt.date(2026, 11, 18))
    assert requests.count() == 1
    assert requests.get().changed_at >= requests.get().requested_at


@pytest.mark.django_db
def test_the_nightly_rebuild_runs_every_refresh_still_pending(commune_officer_a, broker_down, client_for):
    from django.test import TestCase

    from reports.tasks import refresh_all_task

    commune = commune_officer_a.agency.unit
    report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=parse_period(period="2024"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(commune_officer_a).post("/petitions/new/", intake_data(received_on="2024-05-06"))
    assert RefreshRequest.objects.filter(since=dt.date(2024, 5, 6)).exists()
    broker_down()
    refresh_all_task(years=[2026])  # a year the rebuild itself does not cover
    assert not RefreshRequest.objects.exists()
    snapshot = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=commune, period_key="2024", params="")
    assert snapshot.data["received"] == 1


@pytest.mark.django_db
def test_with_redis_gone_altogether_logins_the_api_saves_and_dashboards_go_on(
    client, commune_officer_a, broker_down, settings, django_capture_on_commit_callbacks
):
    from django.conf import settings as django_settings
    from rest_framework.test import APIClient

    # the cache too, the same Redis in production (portal/cache.py answers as an empty cache)
    settings.CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": NOBODY_LISTENS}}
    login = client.post("/login/", {"username": "xa.xulydon", "password": django_settings.DEMO_PASSWORD})
    assert login.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/petitions/new/", intake_data()).status_code == 302
        assert client.get("/dashboard/").status_code == 200
    assert RefreshRequest.objects.filter(since=dt.date(2026, 11, 18)).exists()
    api = APIClient()
    api.force_authenticate(commune_officer_a)
    assert api.get("/api/v1/petitions/").status_code == 200  # its throttle counts nothing meanwhile


# --- A real worker killed in the middle of a refresh -----------------------------------------------------------


@needs_real_services
def test_a_worker_killed_in_the_middle_of_a_refresh_leaves_the_last_figures_and_the_refresh_runs_again_once(
    tmp_path, monkeypatch
):
    from portal.choices import Generation
    from portal.unit_import import units_load
    from reports.services import refresh_requests_record

    units_load(generation=Generation.LEGACY)  # transactional tests start from an empty database
    from portal.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.get(generation="legacy", level="commune", code="01933")
    day = dt.date(2024, 5, 6)
    year = parse_period(period="2024")
    report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=year)  # the last figures
    computed_at = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=commune, period_key="2024").computed_at
    refresh_requests_record(changes=[(commune.pk, day)])

    started = tmp_path / "started"
    # The first worker stops inside the refresh (tests/reports/slow_worker.py) long enough to be killed there; a
    # message it took is given back after the short visibility timeout.
    slow = {"DANVAN_TEST_REFRESH_PAUSE": "30", "DANVAN_TEST_REFRESH_STARTED": str(started)}
    quick_redelivery = {"CELERY_VISIBILITY_TIMEOUT": "2"}
    with worker_process(app="tests.reports.slow_worker", env={**slow, **quick_redelivery}) as (queue, _out, worker):
        refresh_for_changes_task.apply_async(args=[[[commune.pk, day.isoformat()]]], queue=queue)
        assert wait_for(started.exists, seconds=30), "the worker never started the refresh"
        snapshot = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=commune, period_key="2024", params="")
        assert snapshot.computed_at == computed_at  # while it runs, the last figures are served
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    snapshot.refresh_from_db()
    assert snapshot.computed_at == computed_at  # and after it was killed
    assert RefreshRequest.objects.filter(unit=commune, since=day).exists()  # and the refresh is still owed

    time.sleep(2)  # past the visibility timeout: the next worker to start takes the message back
    with worker_process(env=quick_redelivery) as (_queue, output, _worker):
        assert wait_for(lambda: not RefreshRequest.objects.exists(), seconds=30), "the refresh was never run again"
    assert "reports.tasks.refresh_for_changes_task" in output[0] and "succeeded" in output[0]
    kinds = ReportSnapshot.objects.filter(unit=commune, period_key="2024", params="").values_list("kind", flat=True)
    assert len(kinds) == len(set(kinds))  # one snapshot a family and period: nothing doubled
    snapshot.refresh_from_db()
    assert snapshot.computed_at > computed_at
