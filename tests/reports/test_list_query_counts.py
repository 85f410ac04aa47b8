"""The official's list of export jobs runs the same number of queries for 2 jobs as for 12.

The dashboard and the report API answer with aggregates, not lists; their query counts are guarded in
test_dashboard.py and test_engine.py. The one list of rows in this app is the export history.
"""

import datetime as dt

import pytest
import time_machine

from portal.models import AdministrativeUnit
from reports.exports import export_build, export_request
from reports.models import ExportStatus
from tests.query_counts import LARGE, SMALL, read

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_export_history_page(client_for, district_officer):
    """Forms and lists, for the district and for its communes; some built, some still waiting."""
    district = district_officer.agency.unit
    units = [district, *AdministrativeUnit.objects.filter(parent=district).order_by("code")[:3]]
    kinds = [("petition-list", {"querystring": "kind=complaint"}), ("01-kqgq", {"period": "2026-Q3"})]
    jobs = []

    def add(n):
        for _ in range(n):
            i = len(jobs)
            kind, params = kinds[i % len(kinds)]
            job = export_request(actor=district_officer, unit=units[i % len(units)], kind=kind, params=params)
            if i % 3 == 0:
                job = export_build(job_id=job.pk)
            jobs.append(job)

    client = client_for(district_officer)
    add(SMALL)
    client.get("/dashboard/exports/")
    small_response, small = read(client, "/dashboard/exports/")
    add(LARGE - SMALL)
    large_response, large = read(client, "/dashboard/exports/")

    for response, made in ((small_response, jobs[:SMALL]), (large_response, jobs)):
        assert response.status_code == 200
        page = response.content.decode()
        assert all(f'href="/dashboard/exports/{job.pk}/"' in page for job in made)
    page = large_response.content.decode()
    assert page.count("<tr>") == 1 + LARGE  # the header and one row per job
    assert all(unit.name in page for unit in units)
    assert sum(job.status == ExportStatus.DONE for job in jobs) == 4
    assert len(large) == len(small), [sql for sql in large if sql not in small]
    assert len(large) <= 10, large
