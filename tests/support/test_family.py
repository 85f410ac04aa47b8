"""The support figures: coverage of region III communes, inactive agencies, and what was delivered."""

import datetime as dt

import pytest

from portal.unit_status import unit_status_record
from support.family import support_figures
from support.services import activity_confirm, activity_record, assignment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_iii(danvan, dong_phuc, hoang_tri):
    for commune in (dong_phuc, hoang_tri):
        unit_status_record(actor=None, unit=commune, valid_from=dt.date(2021, 6, 4), region="III")
    unit_status_record(actor=None, unit=hoang_tri, valid_from=dt.date(2026, 9, 1), region="II")  # left region III


@pytest.fixture
def delivered(
    region_iii,
    danvan,
    department,
    other_department,
    dong_phuc,
    hoang_tri,
    health_officer,
    commune_leader,
    neighbour_leader,
    examination,
):
    health = assignment_create(
        actor=danvan,
        year=2026,
        agency=department,
        communes=[dong_phuc, hoang_tri],
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2026, 1, 15),
    )
    assignment_create(  # assigned, and nothing delivered
        actor=danvan,
        year=2026,
        agency=other_department,
        communes=[dong_phuc],
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2026, 1, 15),
    )
    for assignment, leader, day, value in (
        (health[0], commune_leader, dt.date(2026, 10, 12), 45_000_000),
        (health[0], commune_leader, dt.date(2026, 3, 2), 5_000_000),
        (health[1], neighbour_leader, dt.date(2026, 10, 20), 8_000_000),
    ):
        activity = activity_record(
            actor=health_officer, assignment=assignment, data=examination(date=day, in_kind_vnd=value), submit=True
        )
        activity_confirm(actor=leader, activity=activity)
    waiting = activity_record(actor=health_officer, assignment=health[0], data=examination(), submit=True)
    return waiting


def test_coverage_counts_the_region_iii_communes_with_a_confirmed_activity_this_quarter(delivered, dong_phuc):
    district = dong_phuc.parent
    figures = support_figures(district, dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    assert figures["assigned_communes"] == 1  # Hoàng Trĩ left region III on 1 Sep
    assert figures["covered_communes"] == 1 and figures["coverage_rate"] == 100.0
    assert figures["agencies"] == 2 and figures["inactive_agencies"] == 1  # the school department did nothing
    assert figures["activities"] == 3  # confirmed ones, whichever region; the one waiting does not count
    assert figures["value_vnd"] == 58_000_000
    assert figures["by_type"]["medical"]["activities"] == 3
    rows = [row for row in figures["children"] if not row.get("own_level")]
    for key in ("assigned_communes", "covered_communes", "activities", "value_vnd"):
        assert sum(row[key] for row in figures["children"]) == figures[key]
    assert {row["name"] for row in rows if row["activities"]} == {dong_phuc.name, "Xã Hoàng Trĩ"}


def test_a_commune_is_covered_only_by_this_quarters_activities(delivered, dong_phuc):
    figures = support_figures(dong_phuc, dt.date(2026, 4, 1), dt.date(2026, 6, 30))  # Q2: only the March one before
    assert figures["assigned_communes"] == 1 and figures["covered_communes"] == 0
    assert figures["coverage_rate"] == 0.0 and figures["activities"] == 0


def test_a_commune_counts_in_the_periods_it_was_in_region_iii_and_again_once_it_returns(
    delivered, dong_phuc, hoang_tri
):
    district = dong_phuc.parent
    summer = support_figures(district, dt.date(2026, 7, 1), dt.date(2026, 8, 31))  # before Hoàng Trĩ left
    assert summer["assigned_communes"] == 2 and summer["covered_communes"] == 0

    unit_status_record(actor=None, unit=hoang_tri, valid_from=dt.date(2026, 11, 1), region="III")  # back in
    year = support_figures(district, dt.date(2026, 1, 1), dt.date(2026, 12, 31))  # stands at 20 Nov
    assert year["assigned_communes"] == 2
    assert year["covered_communes"] == 2  # Hoàng Trĩ's October activity is in the quarter of 20 Nov
    september = support_figures(district, dt.date(2026, 9, 1), dt.date(2026, 9, 30))  # while it was out
    assert september["assigned_communes"] == 1


def test_the_report_api_answers_the_contract(delivered, dong_phuc, api_for, danvan):
    response = api_for(danvan).get(
        f"/api/v1/reports/support/?unit={dong_phuc.parent.pk}&year=2026", HTTP_HOST="localhost"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    for key in (
        "assigned_communes",
        "covered_communes",
        "coverage_rate",
        "agencies",
        "inactive_agencies",
        "activities",
        "value_vnd",
        "by_type",
        "children",
    ):
        assert key in body
    assert body["value_vnd"] == 58_000_000 and body["from"] == "2026-01-01"


def test_figures_cost_a_constant_number_of_queries(delivered, dong_phuc, django_assert_max_num_queries):
    province = dong_phuc.parent.parent
    with django_assert_max_num_queries(7):
        support_figures(province, dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_every_figure_opens_exactly_its_records(delivered, dong_phuc, client_for, danvan):
    import re

    district = dong_phuc.parent
    figures = support_figures(district, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    client = client_for(danvan)

    def count(url, marker):
        return len(re.findall(marker, client.get(url, HTTP_HOST="localhost").content.decode()))

    base = f"unit={district.pk}&year=2026"
    assert count(f"/support/communes/?{base}", "data-commune=") == figures["assigned_communes"]
    assert count(f"/support/communes/?{base}&covered=true", "data-commune=") == figures["covered_communes"]
    assert count(f"/support/agencies/?{base}", "data-agency=") == figures["agencies"]
    assert count(f"/support/agencies/?{base}&active=false", "data-agency=") == figures["inactive_agencies"]
    activities = f"/support/activities/?unit={district.pk}&status=confirmed&date_from=2026-01-01&date_to=2026-11-20"
    assert count(activities, "data-activity=") == figures["activities"]


def test_the_dashboard_shows_coverage_with_links_to_its_records(delivered, dong_phuc, client_for, danvan):
    district = dong_phuc.parent
    page = client_for(danvan).get(f"/dashboard/{district.pk}/?year=2026", HTTP_HOST="localhost")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-panel="support"' in body and 'data-figure="support-coverage"' in body
    assert f"/support/communes/?unit={district.pk}&amp;year=2026&amp;covered=true" in body
    assert "Khám bệnh, cấp thuốc miễn phí" in body  # the kinds of support delivered
