"""The overdue panel of a dashboard lists only petitions the official may see (portal.scoping)."""

import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def neighbours_late_petition(commune_officer_b, commune_officer_a):
    """Received in Xã Hoàng Trĩ and past its due date, but handed to Xã Đồng Phúc's agency to settle."""
    from tests.reports.test_overdue_one_definition import accepted_case

    return accepted_case(commune_officer_b, handling_agency=commune_officer_a.agency)


def test_agency_overdue_panel_hides_petitions_outside_the_officials_scope(
    client_for, commune_officer_a, neighbours_late_petition
):
    from petitions.models import Petition

    assert not Petition.objects.visible_to(commune_officer_a).filter(pk=neighbours_late_petition.pk).exists()
    page = client_for(commune_officer_a).get(f"/dashboard/agency/{commune_officer_a.agency_id}/?year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert neighbours_late_petition.register_number not in text
    assert "Không có vụ việc nào quá hạn chưa giải quyết." in text


def test_agency_overdue_panel_still_lists_what_the_official_may_see(
    client_for, province_leader, commune_officer_a, neighbours_late_petition
):
    """The provincial leader sees both communes, so the petition handled by Đồng Phúc is listed for him."""
    page = client_for(province_leader).get(f"/dashboard/agency/{commune_officer_a.agency_id}/?year=2026")
    text = page.content.decode()
    assert neighbours_late_petition.register_number in text and "Vụ việc quá hạn chưa giải quyết: 1 vụ việc" in text
