"""The public API of published decisions: open without signing in, the same rows and filters as the public page,
only the decision's fields and its redacted text, throttled, and described by the OpenAPI schema."""

import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.portal.test_api_schema_conformance import conforms, schema  # noqa: F401 (fixtures)
from tests.transparency.conftest import ID_NUMBER, NAME
from tests.transparency.test_views import PUBLIC_LIST, three_decisions  # noqa: F401 (fixture)
from transparency.models import PublishedDecision
from transparency.services import decision_correct

pytestmark = pytest.mark.django_db

LIST = "/api/v1/public/decisions/"


def page_numbers(client, query) -> set[str]:
    return set(re.findall(r"\d\d/QĐ-UBND", client.get(PUBLIC_LIST, query).content.decode()))


@pytest.mark.parametrize(
    "query",
    [{}, {"field": "policy"}, {"date_from": "2026-11-12"}, {"date_to": "2026-11-10"}, {"q": "16 qd"}],
)
def test_the_api_answers_the_same_rows_as_the_public_page(client, three_decisions, query):  # noqa: F811
    answer = APIClient().get(LIST, query)

    assert answer.status_code == 200
    assert {row["number"] for row in answer.json()["results"]} == page_numbers(client, query)


def test_the_api_filters_by_unit_with_the_units_under_it(three_decisions, commune_officer_a):  # noqa: F811
    commune = commune_officer_a.agency.unit
    api = APIClient()

    assert api.get(LIST, {"unit": commune.parent_id}).json()["count"] == 3
    assert api.get(LIST, {"unit": commune.pk}).json()["count"] == 3
    assert api.get(LIST, {"unit": "abc"}).status_code == 400


def test_the_detail_gives_the_latest_redacted_text_and_the_corrections_dates_only(published, commune_officer_a):
    decision_correct(actor=commune_officer_a, decision=published, text="Bản đính chính", redactions=[], note="Sửa lỗi")

    body = APIClient().get(f"{LIST}{published.pk}/").json()

    assert body["number"] == "15/QĐ-UBND" and body["text"] == "Bản đính chính" and body["version"] == 2
    assert [c["note"] for c in body["corrections"]] == ["Sửa lỗi"]
    assert set(body) == {
        "id",
        "number",
        "decided_on",
        "title",
        "field",
        "field_label",
        "unit",
        "unit_name",
        "agency_name",
        "published_on",
        "version",
        "updated_at",
        "text",
        "corrections",
    }
    assert NAME not in str(body) and ID_NUMBER not in str(body) and "Điều 1" not in str(body)  # no old text


def test_a_withdrawn_or_unknown_decision_is_a_404(published):
    PublishedDecision.objects.filter(pk=published.pk).update(withdrawal_reason="Hết hạn", withdrawn_at=timezone.now())

    assert APIClient().get(f"{LIST}{published.pk}/").status_code == 404
    assert APIClient().get(f"{LIST}abc/").status_code == 404
    assert APIClient().get(LIST).json()["count"] == 0


def test_the_public_api_is_throttled_by_address(settings, published):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/min"},
    }
    api = APIClient()

    statuses = [api.get(LIST, REMOTE_ADDR="10.0.0.7").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert api.get(LIST, REMOTE_ADDR="10.0.0.8").status_code == 200


def test_the_answers_match_the_published_schema(published, conforms, schema):  # noqa: F811
    api = APIClient()

    conforms(api.get(LIST), "/api/v1/public/decisions/")
    conforms(api.get(f"{LIST}{published.pk}/"), "/api/v1/public/decisions/{id}/")
    conforms(api.get(f"{LIST}999999/"), "/api/v1/public/decisions/{id}/")
    conforms(api.get(LIST, {"date_from": "x"}), "/api/v1/public/decisions/")
    for path in ("/api/v1/public/decisions/", "/api/v1/public/decisions/{id}/"):
        operation = schema["paths"][path]["get"]
        assert operation.get("security", []) in ([], [{}]), path  # no sign-in asked
        assert {"200", "404", "429"} <= set(operation["responses"]), path
