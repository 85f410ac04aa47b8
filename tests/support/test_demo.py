"""The demo's support data: 35 region III communes of Tỉnh Thái Nguyên with 30 assigned agencies, most of what
they delivered confirmed, some waiting for the commune, and three agencies with nothing (seeded once, rolled back)."""

import datetime as dt

import pytest

from portal.choices import Generation, Level
from portal.demo import CURRENT_PROVINCE_CODE
from portal.models import AdministrativeUnit
from support.choices import ActivityStatus
from support.demo import seed_support
from support.family import support_figures
from support.models import Activity, Assignment
from tests.demo_data import AS_OF, demo_loaded


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_loaded(django_db_blocker, lambda: seed_support(seed=2024, as_of=AS_OF)) as created:
        yield created


@pytest.fixture
def thai_nguyen(demo, db):
    return AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
    )


def test_the_province_assigned_30_agencies_to_35_region_iii_communes(thai_nguyen):
    figures = support_figures(thai_nguyen, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert figures["assigned_communes"] == 35 and figures["agencies"] == 30
    assert figures["inactive_agencies"] >= 3  # the three with nothing, and any quiet for 90 days
    assert 0 < figures["covered_communes"] < 35
    assert figures["activities"] == Activity.objects.confirmed().count() > 100
    assert sum(row["assigned_communes"] for row in figures["children"]) == 35


def test_some_activities_wait_for_the_commune_and_one_was_returned(thai_nguyen):
    statuses = set(Activity.objects.values_list("status", flat=True))
    assert statuses == {ActivityStatus.CONFIRMED, ActivityStatus.SUBMITTED, ActivityStatus.RETURNED}


def test_seeding_again_creates_nothing(thai_nguyen):
    before = Assignment.objects.count(), Activity.objects.count()
    assert seed_support(seed=2024, as_of=AS_OF) == 0
    assert (Assignment.objects.count(), Activity.objects.count()) == before
