"""Whatever a URL carries, the dashboard and the report API answer with a message or a 400, never a 500."""

import datetime as dt

import pytest
import time_machine

from portal.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

JUNK = ["abc", "0000", "-1", "99999999999999999999", "null,null", "1e9", ""]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=0000", "Năm phải từ 1900 đến 2027."),
        ("year=1899", "Năm phải từ 1900 đến 2027."),
        ("from=0001-01-01&to=0001-12-31", "Ngày phải trong khoảng từ 01/01/1900 đến 31/12/2027."),
        ("from=9999-12-01&to=9999-12-31", "Ngày phải trong khoảng từ 01/01/1900 đến 31/12/2027."),
        ("from=2026-12-01&to=2026-12-31", "Kỳ báo cáo bắt đầu sau hôm nay (20/11/2026) nên chưa có số liệu."),
        ("year=2027", "Kỳ báo cáo bắt đầu sau hôm nay (20/11/2026) nên chưa có số liệu."),
        ("year=2026&part=Q5", "Kỳ báo cáo không hợp lệ"),
        ("from=2024-01-01", "Khoảng thời gian phải có from và to dạng YYYY-MM-DD."),
    ],
)
def test_dashboard_explains_a_period_it_cannot_show(client_for, province_leader, query, message):
    response = client_for(province_leader).get(f"/dashboard/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Số liệu từ 01/01/2026 đến hôm nay 20/11/2026" in page  # falls back to what the dashboard opens on


def test_dashboard_shows_a_year_that_has_begun(client_for, province_leader):
    page = client_for(province_leader).get("/dashboard/?year=2026&part=Q4").content.decode()
    assert "Số liệu từ 01/10/2026 đến hôm nay 20/11/2026 (kỳ báo cáo đến 31/12/2026)" in page
    assert 'role="alert"' not in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=0000", "period"),
        ("period=0000-Q1", "period"),
        ("period=1899-H1", "period"),
        ("period=2027", "period"),  # starts after today: nothing to report yet
        ("from=0001-01-01&to=0001-12-31", "period"),
        ("from=9999-12-01&to=9999-12-31", "period"),
        ("period=2024&kind=x", "kind"),
    ],
)
def test_report_api_answers_a_bad_period_with_a_clear_400(api_for, province_leader, province, query, field):
    for report in ("petitions", "reception"):
        if field == "kind" and report == "reception":
            continue
        response = api_for(province_leader).get(f"/api/v1/reports/{report}/?unit={province.pk}&{query}")
        assert response.status_code == 400, (report, query)
        assert field in response.json()


@pytest.mark.parametrize("value", JUNK)
def test_report_api_unit_junk_is_a_400(api_for, province_leader, value):
    response = api_for(province_leader).get(f"/api/v1/reports/petitions/?unit={value}&period=2024")
    assert response.status_code == 400 and "unit" in response.json()


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", ["period", "from", "to", "kind"])
@pytest.mark.parametrize("report", ["petitions", "reception"])
def test_report_api_survives_junk_in_every_parameter(api_for, province_leader, province, report, name, value):
    response = api_for(province_leader).get(f"/api/v1/reports/{report}/", {"unit": province.pk, name: value})
    assert response.status_code < 500


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", ["year", "part", "from", "to", "legacy"])
def test_dashboard_survives_junk_in_every_parameter(client_for, province_leader, province, name, value):
    client = client_for(province_leader)
    for url in ("/dashboard/", f"/dashboard/{province.pk}/", f"/dashboard/agency/{province_leader.agency_id}/"):
        assert client.get(url, {name: value}).status_code < 500, url


@pytest.mark.parametrize("value", JUNK)
def test_dashboard_survives_junk_in_the_unit_and_agency_of_the_path(client_for, province_leader, value):
    client = client_for(province_leader)
    for url in (f"/dashboard/{value}/", f"/dashboard/agency/{value}/"):
        assert client.get(url).status_code in (200, 404), url


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", ["year", "part"])
def test_lock_survives_junk_in_the_period(client_for, province_leader, province, name, value):
    response = client_for(province_leader).post(f"/dashboard/{province.pk}/lock/", {"year": "2024", name: value})
    assert response.status_code == 302


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize(
    "name",
    ["unit", "metric", "metric_from", "metric_to", "received_from", "received_to", "deadline_state", "ordering"],
)
def test_dashboard_drill_down_lists_survive_junk(client_for, province_leader, province, name, value):
    """The links behind each number land on the petition and reception lists with these parameters."""
    client = client_for(province_leader)
    query = {"unit": province.pk, "metric": "settled", "metric_from": "2024-01-01", "metric_to": "2024-12-31"}
    assert client.get("/petitions/", {**query, name: value}).status_code < 500


@pytest.mark.parametrize(("year", "message"), [("0000", "Năm phải từ 1900 đến 2027."), ("2027", "bắt đầu sau hôm nay")])
def test_export_form_refuses_a_period_it_cannot_report(client_for, province_leader, province, year, message):
    response = client_for(province_leader).post(
        f"/dashboard/{province.pk}/export/", {"form": "01-kqgq", "year": year}, follow=True
    )
    assert response.status_code == 200 and message in response.content.decode()
