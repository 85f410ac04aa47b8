"""With a report worker, a dashboard queues every snapshot it misses, those the nightly job never computes
too (an agency's figures, a custom range): its trend cells fill in once the worker has run, and opening the
page again while they are pending queues nothing more."""

import datetime as dt

import pytest
import time_machine

from portal.celery import app as celery_app
from reports.models import ReportSnapshot
from reports.tasks import compute_snapshot_task, refresh_for_changes_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def with_a_worker():
    """As in production: report work goes to the worker instead of running in the request."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def years_table(page: str) -> str:
    table = page[page.index('data-trend="petitions"') :]
    return table[: table.index("</table>")]


def test_an_agency_dashboards_trend_years_are_queued_and_then_shown(
    client_for, commune_officer_a, with_a_worker, django_capture_on_commit_callbacks, monkeypatch
):
    standard = []  # the plain snapshots of standard periods go the way they always went
    monkeypatch.setattr(refresh_for_changes_task, "apply_async", lambda args, **kw: standard.extend(args[0]))
    agency = commune_officer_a.agency
    client = client_for(commune_officer_a)
    url = f"/dashboard/agency/{agency.pk}/?year=2025"
    with django_capture_on_commit_callbacks() as queued:
        page = client.get(url).content.decode()
    assert "đang tính…" in years_table(page)

    celery_app.conf.task_always_eager = True  # the worker picks up what the page queued
    for callback in queued:
        callback()
    celery_app.conf.task_always_eager = False

    years = [str(year) for year in range(2021, 2026)]
    stored = ReportSnapshot.objects.filter(
        kind="petitions", unit=agency.unit, params=f"agency={agency.pk}", period_key__in=years
    )
    assert sorted(stored.values_list("period_key", flat=True)) == years
    assert standard == []
    with django_capture_on_commit_callbacks() as queued_again:
        page = client.get(url).content.decode()
    assert "đang tính…" not in page and queued_again == []


def test_a_missing_snapshot_is_queued_once_however_often_the_page_is_opened(
    client_for, province_leader, commune_officer_a, with_a_worker, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(compute_snapshot_task, "apply_async", lambda args, **kw: sent.append(tuple(args)))
    monkeypatch.setattr(refresh_for_changes_task, "apply_async", lambda args, **kw: None)
    agency = commune_officer_a.agency
    client = client_for(province_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/dashboard/agency/{agency.pk}/?year=2025")
    first = list(sent)
    assert ("petitions", agency.unit_id, "2021", "2021-01-01", "2021-12-31", f"agency={agency.pk}") in first
    assert len(first) == len(set(first))

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(f"/dashboard/agency/{agency.pk}/?year=2025").content.decode()
    assert "đang tính…" in page  # still pending: the worker has not run
    assert sent == first  # and nothing was queued a second time


def test_a_custom_ranges_earlier_years_are_queued_for_the_worker(
    client_for, province_leader, with_a_worker, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(compute_snapshot_task, "apply_async", lambda args, **kw: sent.append(tuple(args)))
    monkeypatch.setattr(refresh_for_changes_task, "apply_async", lambda args, **kw: None)
    client = client_for(province_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/dashboard/?from=2024-08-01&to=2025-07-31")  # the National Assembly's year
    province = province_leader.agency.unit
    assert ("reception", province.pk, "2020-08-01..2021-07-31", "2020-08-01", "2021-07-31", "") in sent
