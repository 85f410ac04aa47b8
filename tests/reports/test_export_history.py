"""An official finds an earlier export again: his own only, by kind, status and day, a page at a time."""

import datetime as dt

import pytest
from django.utils import timezone

from portal.models import AdministrativeUnit
from reports.exports import export_build, export_request
from reports.models import ExportJob, ExportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(district_officer, province_leader):
    unit = district_officer.scope_unit
    made = [
        export_request(actor=district_officer, unit=unit, kind="01-kqgq", params={"period": "2025"}),
        export_request(actor=district_officer, unit=unit, kind="01-tcd", params={"period": "2025-Q3"}),
    ]
    export_build(job_id=made[0].pk)
    export_request(
        actor=province_leader,
        unit=AdministrativeUnit.objects.get(generation="legacy", level="province", code="06"),
        kind="01-tcd",
        params={"period": "2025"},
    )
    return made


def test_the_history_names_each_export_by_its_form_and_shows_only_ones_own(client_for, district_officer, jobs):
    page = client_for(district_officer).get("/dashboard/exports/").content.decode()
    assert "01/KQGQ · 2025" in page and "01/TCD · 2025-Q3" in page
    assert "2 tệp" in page
    assert f'href="/dashboard/exports/{ExportJob.objects.exclude(requested_by=district_officer).get().pk}/"' not in page


def test_the_history_filters_by_kind_and_status(client_for, district_officer, jobs):
    client = client_for(district_officer)
    page = client.get("/dashboard/exports/?kind=01-tcd").content.decode()
    assert "01/TCD · 2025-Q3" in page and "01/KQGQ · 2025" not in page
    done = ExportJob.objects.get(pk=jobs[0].pk).status
    page = client.get(f"/dashboard/exports/?status={done}").content.decode()
    assert "01/KQGQ · 2025" in page and "01/TCD · 2025-Q3" not in page
    assert done == ExportStatus.DONE


def test_a_filter_that_matches_nothing_says_so(client_for, district_officer, jobs):
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    page = client_for(district_officer).get(f"/dashboard/exports/?date_from={tomorrow}").content.decode()
    assert "Không có tệp nào khớp bộ lọc." in page


def test_an_official_without_exports_is_told_so(client_for, commune_officer_a):
    page = client_for(commune_officer_a).get("/dashboard/exports/").content.decode()
    assert "Bạn chưa xuất tệp nào." in page
