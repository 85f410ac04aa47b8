"""The reference-data API (units, agencies, officials) answers junk in any filter with a 200, 400 or 404."""

import pytest

pytestmark = pytest.mark.django_db

JUNK = ["abc", "0000", "-1", "99999999999999999999", "null,null", "1e9", ""]
FILTERS = {
    "units": ["q", "level", "generation", "code", "parent", "within", "page", "page_size"],
    "agencies": ["q", "kind", "unit", "is_active", "page", "page_size"],
    "officials": ["q", "agency", "role", "unit", "page", "page_size"],
}


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize(("endpoint", "name"), [(e, n) for e, names in FILTERS.items() for n in names])
def test_reference_api_answers_junk_in_a_filter_without_a_5xx(api_for, province_leader, endpoint, name, value):
    response = api_for(province_leader).get(f"/api/v1/{endpoint}/", {name: value})
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("value", [v for v in JUNK if v])
@pytest.mark.parametrize("endpoint", FILTERS)
def test_reference_api_detail_with_a_junk_id_is_404(api_for, province_leader, endpoint, value):
    assert api_for(province_leader).get(f"/api/v1/{endpoint}/{value}/").status_code == 404


def test_a_junk_unit_filter_is_a_400_that_names_the_filter(api_for, province_leader):
    response = api_for(province_leader).get("/api/v1/agencies/", {"unit": "abc"})
    assert response.status_code == 400 and "unit" in response.json()
