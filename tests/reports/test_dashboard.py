import datetime as dt

import pytest
import time_machine

from portal.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_leader_opens_the_province_dashboard_and_drills_into_a_district(client_for, province_leader):
    client = client_for(province_leader)
    page = client.get("/dashboard/?year=2024").content.decode()
    assert "Bảng điều hành: Tỉnh Bắc Kạn" in page and "chỉ tiêu 85" in page
    ba_be = AdministrativeUnit.objects.get(generation="legacy", level="district", code="061")
    assert f'href="/dashboard/{ba_be.pk}/?year=2024' in page
    district = client.get(f"/dashboard/{ba_be.pk}/?year=2024&part=Q3").content.decode()
    assert "Bảng điều hành: Huyện Ba Bể" in district and "01/07/2024" in district


def test_dashboard_answers_from_snapshots_with_a_constant_number_of_queries(
    client_for, province_leader, django_assert_max_num_queries
):
    client = client_for(province_leader)
    client.get("/dashboard/?year=2024")  # the first visit computes the missing snapshots
    with django_assert_max_num_queries(12):  # session, user, perms, snapshots, overdue panel, agencies, ...
        assert client.get("/dashboard/?year=2024").status_code == 200


def test_dashboard_of_a_unit_outside_the_scope_is_404(client_for, commune_officer_b):
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    assert client_for(commune_officer_b).get(f"/dashboard/{province.pk}/").status_code == 404
    assert "Xã Hoàng Trĩ" in client_for(commune_officer_b).get("/dashboard/").content.decode()


def test_units_with_few_cases_are_not_ranked(client_for, province_leader):
    page = client_for(province_leader).get("/dashboard/?year=2024").content.decode()
    assert "Không xếp hạng" in page  # no petitions in the test data: every district is below the minimum


def test_a_2025_province_can_show_the_figures_of_the_provinces_it_succeeded(client_for, admin, commune_officer_a):
    from petitions.services import PetitionerData, petition_receive
    from reports.engine import petition_report

    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2024, 6, 3),
        summary="Kiến nghị năm 2024",
        petitioners=[PetitionerData("Hà Văn D")],
    )
    thai_nguyen = AdministrativeUnit.objects.get(generation="2025", level="province", code="19")
    alone = petition_report(thai_nguyen, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    merged = petition_report(thai_nguyen, dt.date(2024, 1, 1), dt.date(2024, 12, 31), with_predecessors=True)
    assert alone["received"] == 0 and merged["received"] == 1
    legacy_rows = [c for c in merged["children"] if c.get("legacy")]
    assert [r["name"] for r in legacy_rows] == ["Tỉnh Bắc Kạn (trước 01/7/2025)", "Tỉnh Thái Nguyên (trước 01/7/2025)"]
    assert legacy_rows[0]["received"] == 1
    page = client_for(admin).get(f"/dashboard/{thai_nguyen.pk}/?year=2024&legacy=1").content.decode()
    assert "Gộp số liệu trước 01/7/2025" in page and "Tỉnh Bắc Kạn (trước 01/7/2025)" in page


def test_leader_locks_a_closed_period_and_later_edits_are_flagged(client_for, province_leader, commune_officer_a):
    from petitions.services import PetitionerData, petition_receive
    from reports.models import ReportSnapshot

    client = client_for(province_leader)
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    assert "Khóa số liệu kỳ này" in client.get(f"/dashboard/{province.pk}/?year=2024").content.decode()
    client.post(f"/dashboard/{province.pk}/lock/", {"year": "2024", "part": ""})
    assert ReportSnapshot.objects.filter(unit=province, period_key="2024", locked_at__isnull=False).count() == 3
    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2024, 6, 3),
        summary="Nhập bổ sung sau khi khóa",
        petitioners=[PetitionerData("Hà Văn E")],
    )
    from reports.periods import parse_period
    from reports.services import report_refresh

    report_refresh(kind="petitions", unit=province, period=parse_period(period="2024"))
    page = client.get(f"/dashboard/{province.pk}/?year=2024").content.decode()
    assert "đã khóa số liệu" in page and "sửa sau khi khóa" in page


def test_overdue_panel_lists_the_cases_past_their_due_date(client_for, province_leader, commune_officer_a):
    from tests.reports.test_overdue_one_definition import accepted_case

    late = accepted_case(commune_officer_a)  # accepted 6 Aug 2026, due early September, not settled
    page = client_for(province_leader).get("/dashboard/?year=2026").content.decode()
    assert "Vụ việc quá hạn chưa giải quyết: 1 vụ việc" in page and late.register_number in page


def test_commune_officers_cannot_lock(client_for, commune_officer_a):
    unit = commune_officer_a.agency.unit
    assert client_for(commune_officer_a).post(f"/dashboard/{unit.pk}/lock/", {"year": "2024"}).status_code == 404


def test_every_resolution_number_opens_the_cases_behind_it(client_for, province_leader, commune_officer_a):
    from petitions.services import (
        PetitionerData,
        petition_accept,
        petition_classify,
        petition_receive,
        petition_settle,
    )

    made = []
    for day, settle in ((dt.date(2024, 3, 1), True), (dt.date(2024, 4, 1), False)):
        p = petition_receive(
            actor=commune_officer_a,
            receiving_agency=commune_officer_a.agency,
            kind="complaint",
            channel="mail",
            received_on=day,
            summary=f"Khiếu nại {day}",
            petitioners=[PetitionerData("Hà Văn G")],
        )
        p = petition_classify(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=True
        )
        p = petition_accept(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            accepted_on=day + dt.timedelta(days=3),
        )
        if settle:
            p = petition_settle(
                actor=commune_officer_a,
                petition_id=p.pk,
                expected_version=p.version,
                settled_on=day + dt.timedelta(days=10),
                decision_no="3/QĐ",
                result="right",
            )
        made.append(p)
    client = client_for(province_leader)
    page = client.get("/dashboard/?year=2024").content.decode()
    assert "metric=must_settle&amp;metric_from=2024-01-01&amp;metric_to=2024-12-31" in page
    settled = client.get("/petitions/?metric=settled&metric_from=2024-01-01&metric_to=2024-12-31").content.decode()
    assert made[0].register_number in settled and made[1].register_number not in settled
    overdue = client.get("/petitions/?metric=overdue_open&metric_from=2024-01-01&metric_to=2024-12-31")
    assert made[1].register_number in overdue.content.decode()


def test_a_custom_period_such_as_the_national_assemblys_year(client_for, province_leader):
    page = client_for(province_leader).get("/dashboard/?from=2023-08-01&to=2024-07-31").content.decode()
    assert "01/08/2023" in page and "31/07/2024" in page and ">08/23<" in page and ">07/24<" in page
    bad = client_for(province_leader).get("/dashboard/?from=2024-07-31&to=2023-08-01", follow=True)
    assert "Ngày kết thúc phải sau ngày bắt đầu." in bad.content.decode()


def test_agency_dashboard_counts_what_the_agency_handles(client_for, province_leader, commune_officer_a):
    from petitions.services import PetitionerData, petition_receive

    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="reflection",
        channel="mail",
        received_on=dt.date(2024, 6, 3),
        summary="Phản ánh",
        petitioners=[PetitionerData("Hà Văn H")],
    )
    client = client_for(province_leader)
    agency = commune_officer_a.agency
    page = client.get(f"/dashboard/agency/{agency.pk}/?year=2024").content.decode()
    assert f"Bảng điều hành: {agency.name}" in page
    assert "Về bảng điều hành địa bàn" in page
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    other = client.get(f"/dashboard/agency/{province.pk}/?year=2024")
    assert other.status_code in (200, 404)
    commune_page = client.get(f"/dashboard/{agency.unit_id}/?year=2024").content.decode()
    assert f"/dashboard/agency/{agency.pk}/" in commune_page


def test_agency_dashboard_outside_the_scope_is_404(client_for, commune_officer_b, commune_officer_a):
    assert client_for(commune_officer_b).get(f"/dashboard/agency/{commune_officer_a.agency_id}/").status_code == 404


def test_the_kinds_table_names_each_kind_group_as_the_list_it_opens_does(client_for, province_leader):
    page = client_for(province_leader).get("/dashboard/?year=2024").content.decode()
    table = page.split('id="kind-title"', 1)[1].split("</table>", 1)[0]
    for group, label in (
        ("complaint", "Khiếu nại"),
        ("denunciation", "Tố cáo"),
        ("recommendation_reflection", "Kiến nghị, phản ánh"),
    ):
        assert f">{label}</td>" in table and f"kind_group={group}" in table
