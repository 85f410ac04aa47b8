"""The duty pages, the register and the reception API read any URL without a 500."""

import pytest

pytestmark = pytest.mark.django_db

JUNK = ["abc", "0000", "-1", "99999999999999999999", "null,null", "1e9", ""]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=2026&month=13", "Tháng phải từ 1 đến 12."),
        ("year=2026&month=0", "Tháng phải từ 1 đến 12."),
        ("year=0&month=1", "Năm phải từ 1900 đến 2027."),
        ("year=99999", "Năm phải từ 1900 đến 2027."),
        ("year=abc", "Hãy nhập năm bằng số, ví dụ 2026."),
    ],
)
def test_duty_overview_explains_a_month_it_cannot_show(client_for, province_leader, query, message):
    response = client_for(province_leader).get(f"/reception/duty/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Từ 01/01/2026 đến 20/11/2026" in page  # falls back to this year so far


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=2026&month=13", "Tháng phải từ 1 đến 12."),
        ("year=0&month=1", "Năm phải từ 1900 đến 2027."),
        ("year=99999&month=1", "Năm phải từ 1900 đến 2027."),
    ],
)
def test_head_calendar_explains_a_month_it_cannot_show(client_for, province_leader, reception_officer, query, message):
    response = client_for(province_leader).get(f"/reception/duty/{reception_officer.agency_id}/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Tháng 11/2026" in page  # falls back to this month


def test_head_calendar_offers_no_month_before_1900(client_for, province_leader, reception_officer):
    page = client_for(province_leader).get(f"/reception/duty/{reception_officer.agency_id}/?year=1900&month=1")
    text = page.content.decode()
    assert "Tháng 1/1900" in text and "year=1899" not in text and "year=1900&amp;month=2" in text


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", ["year", "month"])
def test_duty_pages_survive_junk(client_for, province_leader, reception_officer, name, value):
    client = client_for(province_leader)
    for url in ("/reception/duty/", f"/reception/duty/{reception_officer.agency_id}/"):
        assert client.get(url, {"year": "2026", "month": "11", name: value}).status_code == 200, url


@pytest.mark.parametrize("value", JUNK)
def test_head_calendar_of_a_junk_agency_is_404(client_for, province_leader, value):
    assert client_for(province_leader).get(f"/reception/duty/{value}/").status_code == 404


REGISTER_FILTERS = ["unit", "agency", "kind", "received_by", "date_from", "date_to", "delegation", "page"]
VISIT_FILTERS = ["unit", "session", "kind", "action", "is_delegation", "first_visit", "date_from", "date_to", "page"]


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", REGISTER_FILTERS)
def test_register_survives_junk_in_every_filter(client_for, province_leader, name, value):
    assert client_for(province_leader).get("/reception/", {name: value}).status_code == 200


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", [*REGISTER_FILTERS, "page_size"])
def test_session_api_answers_junk_in_a_filter_with_at_most_a_400(api_for, province_leader, name, value):
    assert api_for(province_leader).get("/api/v1/reception-sessions/", {name: value}).status_code in (200, 400, 404)


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", [*VISIT_FILTERS, "page_size"])
def test_visit_api_answers_junk_in_a_filter_with_at_most_a_400(api_for, province_leader, name, value):
    assert api_for(province_leader).get("/api/v1/reception-visits/", {name: value}).status_code in (200, 400, 404)


@pytest.mark.parametrize("value", JUNK)
def test_reception_detail_pages_and_api_with_a_junk_id_are_404(client_for, api_for, province_leader, value):
    if value == "":
        return  # "/api/v1/reception-sessions//" is not a detail URL
    assert client_for(province_leader).get(f"/reception/{value}/").status_code == 404
    for kind in ("reception-sessions", "reception-visits"):
        assert api_for(province_leader).get(f"/api/v1/{kind}/{value}/").status_code == 404
