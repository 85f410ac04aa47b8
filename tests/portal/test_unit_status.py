"""A unit's region and areas are dated, recorded from decisions, and kept as history."""

import datetime as dt

import pytest

from portal.models import AdministrativeUnit, AuditEvent, UnitStatus
from portal.services import DomainError, NotFound, NotPermitted
from portal.unit_status import status_on, unit_status_record, units_in_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def dong_phuc():
    return AdministrativeUnit.objects.get(generation="legacy", level="commune", code="01933")


def test_a_new_decision_ends_the_status_it_replaces_and_keeps_it_as_history(province_admin, dong_phuc):
    first = unit_status_record(
        actor=province_admin,
        unit=dong_phuc,
        valid_from=dt.date(2021, 6, 4),
        region="III",
        ethnic_minority_area=True,
        decision_number="861/QĐ-TTg",
        decision_date=dt.date(2021, 6, 4),
    )
    second = unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2024, 1, 1), region="II")

    first.refresh_from_db()
    assert first.valid_to == dt.date(2023, 12, 31) and second.valid_to is None
    assert status_on(dong_phuc, dt.date(2023, 12, 31)).region == "III"
    assert status_on(dong_phuc, dt.date(2024, 1, 1)).region == "II"
    assert status_on(dong_phuc, dt.date(2020, 1, 1)) is None
    assert AuditEvent.objects.filter(verb="unit.status_recorded", target_id=str(dong_phuc.pk)).count() == 2


def test_a_decision_put_between_two_others_ends_where_the_next_begins(province_admin, dong_phuc):
    unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2021, 1, 1), region="III")
    unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2025, 1, 1), region="I")
    middle = unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2023, 1, 1), region="II")

    assert middle.valid_to == dt.date(2024, 12, 31)
    assert [s.region for s in UnitStatus.objects.filter(unit=dong_phuc)] == ["III", "II", "I"]


def test_region_iii_communes_of_a_day_follow_the_decisions(province_admin, dong_phuc):
    unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2021, 6, 4), region="III")
    unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2024, 7, 1), region="I")

    assert dong_phuc in units_in_region("III", dt.date(2024, 6, 30))
    assert dong_phuc not in units_in_region("III", dt.date(2024, 7, 1))


def test_one_status_per_unit_and_day_in_words(province_admin, dong_phuc):
    unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2021, 6, 4), region="III")
    with pytest.raises(DomainError, match="đã có phân loại áp dụng từ ngày 04/06/2021"):
        unit_status_record(actor=province_admin, unit=dong_phuc, valid_from=dt.date(2021, 6, 4), region="II")


def test_only_administrators_of_the_units_subtree_record_statuses(commune_officer_a, commune_admin, dong_phuc):
    with pytest.raises(NotPermitted):
        unit_status_record(actor=commune_officer_a, unit=dong_phuc, valid_from=dt.date(2021, 6, 4), region="III")
    neighbour = AdministrativeUnit.objects.get(generation="legacy", level="commune", code="01930")  # Hoàng Trĩ
    with pytest.raises(NotFound):
        unit_status_record(actor=commune_admin, unit=neighbour, valid_from=dt.date(2021, 6, 4), region="III")


def test_the_admin_records_a_decision_through_the_service(client_for, province_admin, dong_phuc):
    client = client_for(province_admin)
    response = client.post(
        "/admin/portal/unitstatus/add/",
        {"unit": dong_phuc.pk, "valid_from": "04/06/2021", "region": "III", "remote_area": "on"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dong_phuc.refresh_from_db()
    assert dong_phuc.remote_area
    assert AuditEvent.objects.filter(verb="unit.status_recorded", actor=province_admin).exists()

    again = client.post(
        "/admin/portal/unitstatus/add/",
        {"unit": dong_phuc.pk, "valid_from": "04/06/2021", "region": "II"},
        HTTP_HOST="localhost",
    )
    assert "mỗi ngày chỉ có một phân loại" in again.content.decode()
