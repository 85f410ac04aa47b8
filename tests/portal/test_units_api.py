import pytest

pytestmark = pytest.mark.django_db


def names(response):
    return [row["name"] for row in response.json()["results"]]


def test_units_api_requires_login(client):
    assert client.get("/api/v1/units/").status_code in (401, 403)


def test_units_api_is_paginated_with_count_next_previous(api_for, commune_officer_a):
    body = api_for(commune_officer_a).get("/api/v1/units/?generation=2025&level=commune").json()
    assert body["count"] == 3321
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["previous"] is None and "page=2" in body["next"]


def test_filter_by_level_and_generation(api_for, commune_officer_a):
    api = api_for(commune_officer_a)
    assert api.get("/api/v1/units/?generation=2025&level=province").json()["count"] == 34
    assert api.get("/api/v1/units/?generation=legacy&level=district").json()["count"] == 696


def test_code_is_accepted_with_or_without_leading_zeros(api_for, commune_officer_a):
    api = api_for(commune_officer_a)
    for code in ("6", "06"):
        response = api.get(f"/api/v1/units/?code={code}&level=province&generation=legacy")
        assert names(response) == ["Tỉnh Bắc Kạn"]
    assert names(api.get("/api/v1/units/?code=1933&generation=legacy")) == ["Xã Đồng Phúc"]


def test_search_ignores_vietnamese_accents(api_for, commune_officer_a):
    api = api_for(commune_officer_a)
    assert names(api.get("/api/v1/units/?q=bac kan&level=province")) == ["Tỉnh Bắc Kạn"]
    assert "Xã Đồng Phúc" in names(api.get("/api/v1/units/?q=dong phuc&generation=legacy"))


def test_filter_by_parent_lists_children(api_for, commune_officer_a):
    api = api_for(commune_officer_a)
    bac_kan = api.get("/api/v1/units/?code=06&level=province&generation=legacy").json()["results"][0]
    body = api.get(f"/api/v1/units/?parent={bac_kan['id']}").json()
    assert body["count"] == 8
    assert "Huyện Ba Bể" in names(api.get(f"/api/v1/units/?parent={bac_kan['id']}"))


def test_unit_detail_shows_successors(api_for, commune_officer_a):
    api = api_for(commune_officer_a)
    bac_kan = api.get("/api/v1/units/?code=06&level=province&generation=legacy").json()["results"][0]
    detail = api.get(f"/api/v1/units/{bac_kan['id']}/").json()
    assert [s["name"] for s in detail["successors"]] == ["Tỉnh Thái Nguyên"]


def test_invalid_filter_value_is_a_clear_400(api_for, commune_officer_a):
    response = api_for(commune_officer_a).get("/api/v1/units/?level=hamlet")
    assert response.status_code == 400
    assert "level" in response.json()


def test_unit_list_runs_a_constant_number_of_queries(api_for, commune_officer_a, django_assert_max_num_queries):
    api = api_for(commune_officer_a)
    with django_assert_max_num_queries(4):
        api.get("/api/v1/units/?generation=legacy&level=commune")
