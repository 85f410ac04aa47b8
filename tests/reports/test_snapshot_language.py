"""A snapshot is read by everyone: its labels are in the site's language (Vietnamese), whoever's request or
task computed it."""

import pytest
from django.utils import translation

from portal.models import AdministrativeUnit
from portal.unit_rows import own_level_name
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.services import report_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")


def own_level_row(snapshot: ReportSnapshot) -> dict:
    return next(row for row in snapshot.data["children"] if row.get("own_level"))


def test_a_snapshot_computed_in_english_stores_the_vietnamese_labels(province):
    with translation.override("en"):
        assert own_level_name(province) == "Provincial-level agencies"  # the English catalog is in use
        report_get(kind="petitions", unit=province, period=parse_period(period="2024"))
    stored = ReportSnapshot.objects.get(kind="petitions", unit=province, period_key="2024", params="")
    assert own_level_row(stored)["name"] == "Cơ quan cấp tỉnh"


def test_an_english_speaking_leader_opening_the_dashboard_first_leaves_vietnamese_rows_for_the_others(
    client_for, province_leader, province
):
    client = client_for(province_leader)
    client.cookies["django_language"] = "en"
    assert client.get(f"/dashboard/{province.pk}/?year=2024").status_code == 200  # computes the snapshot
    stored = ReportSnapshot.objects.get(kind="petitions", unit=province, period_key="2024", params="")
    assert own_level_row(stored)["name"] == "Cơ quan cấp tỉnh"
