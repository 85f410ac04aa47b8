"""Support staff read snapshots and export jobs in the admin, within their scope, and change nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from portal.models import AdministrativeUnit
from reports.models import ReportSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshots():
    far = AdministrativeUnit.objects.filter(path__startswith="legacy/01/").order_by("path").first()  # Hà Nội
    return [
        ReportSnapshot.objects.create(
            kind="petitions",
            unit=unit,
            period_key="2024",
            start=dt.date(2024, 1, 1),
            end=dt.date(2024, 12, 31),
            computed_at=timezone.now(),
        )
        for unit in (far,)
    ]


def test_the_superuser_lists_snapshots_but_cannot_add_or_change_them(client_for, admin, snapshots):
    client = client_for(admin)
    listing = client.get("/admin/reports/reportsnapshot/")
    assert listing.status_code == 200
    assert snapshots[0].unit.name in listing.content.decode()
    assert client.get("/admin/reports/reportsnapshot/add/").status_code == 403
    assert client.get(f"/admin/reports/reportsnapshot/{snapshots[0].pk}/change/").status_code == 403


def test_the_export_jobs_list_opens(client_for, admin):
    assert client_for(admin).get("/admin/reports/exportjob/").status_code == 200


def test_a_snapshot_cannot_be_deleted_in_the_admin(client_for, admin, snapshots):
    response = client_for(admin).get(f"/admin/reports/reportsnapshot/{snapshots[0].pk}/delete/")
    assert response.status_code == 403
    assert ReportSnapshot.objects.filter(pk=snapshots[0].pk).exists()
