"""Real API answers match the OpenAPI schema the API publishes: types, nullability, formats, error statuses.

The checker turns the schema's OpenAPI 3.0 components into JSON Schema (draft 4): `nullable` becomes a
null type, and every object with declared properties refuses undeclared ones, so a field the schema
forgot fails as surely as a field of the wrong type. Formats are checked strictly, as RFC 3339 reads
them (a `time` needs its UTC offset).
"""

import datetime as dt
import re

import pytest
import time_machine
from jsonschema import Draft4Validator, FormatChecker
from rest_framework.settings import api_settings

from portal.models import AdministrativeUnit, User

pytestmark = pytest.mark.django_db

FORMATS = FormatChecker(formats=())
RFC3339_OFFSET = r"(Z|[+-]\d{2}:\d{2})"


@FORMATS.checks("date")
def _is_date(value) -> bool:
    return not isinstance(value, str) or bool(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and dt.date.fromisoformat(value)
    )


@FORMATS.checks("date-time")
def _is_date_time(value) -> bool:
    pattern = rf"\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}(\.\d+)?{RFC3339_OFFSET}"
    return not isinstance(value, str) or bool(re.fullmatch(pattern, value) and dt.datetime.fromisoformat(value))


@FORMATS.checks("time")
def _is_time(value) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(rf"\d{{2}}:\d{{2}}:\d{{2}}(\.\d+)?{RFC3339_OFFSET}", value))


def json_schema(node):
    """One OpenAPI 3.0 schema object as JSON Schema draft 4, strict about undeclared properties."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: json_schema(value) for key, value in node.items() if key not in ("nullable", "readOnly", "example")}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/definitions/")
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def schema(api_for, province_leader):
    response = api_for(province_leader).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def conforms(schema):
    definitions = {name: json_schema(s) for name, s in schema["components"]["schemas"].items()}

    def check(response, path: str, method: str = "get"):
        """Assert the body of `response` matches what the schema declares for `path` and its status."""
        declared = schema["paths"][path][method]["responses"]
        status = str(response.status_code)
        assert status in declared, f"{method.upper()} {path} answered {status}, declared {sorted(declared)}"
        body_schema = declared[status]["content"]["application/json"]["schema"]
        validator = Draft4Validator({**json_schema(body_schema), "definitions": definitions}, format_checker=FORMATS)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(response.json())]
        assert not errors, errors[:5]
        return response.json()

    return check


@pytest.fixture
def session_without_petition(api_for):
    """A session at 07:30 whose only visit was answered on the spot: its `petition` is null."""
    officer = User.objects.get(username="xa.tiepdan")
    body = {
        "date": "2026-11-19",
        "start_time": "07:30",
        "end_time": "11:00",
        "kind": "regular",
        "received_by": "staff",
        "receiver_name": "Hà Minh Lan",
        "visits": [
            {
                "kind": "recommendation",
                "content": "Kiến nghị sửa đường",
                "action": "answered",
                "citizens": [{"full_name": "Lò Văn Một"}],
            }
        ],
    }
    response = api_for(officer).post("/api/v1/reception-sessions/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_unit_answers_match_the_schema_including_a_province_without_parent(api_for, province_leader, conforms):
    api = api_for(province_leader)
    provinces = conforms(api.get("/api/v1/units/?level=province&generation=legacy"), "/api/v1/units/")
    assert provinces["results"] and provinces["results"][0]["parent_code"] is None
    conforms(api.get("/api/v1/units/?level=commune&page_size=5"), "/api/v1/units/")
    thai_nguyen = AdministrativeUnit.objects.get(generation="2025", level="province", code="19")
    detail = conforms(api.get(f"/api/v1/units/{thai_nguyen.pk}/"), "/api/v1/units/{id}/")
    assert detail["predecessors"] and detail["parent_code"] is None


def test_reception_answers_match_the_schema_with_a_null_petition_and_clock_times(
    api_for, province_leader, conforms, session_without_petition
):
    api = api_for(province_leader)
    pk = session_without_petition["id"]
    detail = conforms(api.get(f"/api/v1/reception-sessions/{pk}/"), "/api/v1/reception-sessions/{id}/")
    assert detail["start_time"] == "07:30:00" and detail["visits"][0]["petition"] is None
    conforms(api.get("/api/v1/reception-sessions/"), "/api/v1/reception-sessions/")
    conforms(api.get("/api/v1/reception-visits/"), "/api/v1/reception-visits/")


def test_report_answers_match_the_schema(api_for, province_leader, conforms):
    api = api_for(province_leader)
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    conforms(api.get(f"/api/v1/reports/petitions/?unit={province.pk}&period=2024"), "/api/v1/reports/petitions/")
    conforms(
        api.get(f"/api/v1/reports/petitions/?unit={province.pk}&period=2024&kind=complaint"),
        "/api/v1/reports/petitions/",
    )
    conforms(api.get(f"/api/v1/reports/reception/?unit={province.pk}&period=2024"), "/api/v1/reports/reception/")


def test_reference_answers_match_the_schema(api_for, admin, province_leader, conforms):
    api = api_for(province_leader)
    conforms(api.get("/api/v1/agencies/"), "/api/v1/agencies/")
    conforms(api.get("/api/v1/officials/"), "/api/v1/officials/")
    conforms(api.get("/api/v1/officials/me/"), "/api/v1/officials/me/")
    conforms(api_for(admin).get("/api/v1/officials/me/"), "/api/v1/officials/me/")  # no agency: a null name


def test_error_answers_are_declared_with_their_bodies(api_for, client, province_leader, conforms):
    api = api_for(province_leader)
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    conforms(api.get(f"/api/v1/reports/petitions/?unit={province.pk}&period=0000"), "/api/v1/reports/petitions/")
    conforms(api.get("/api/v1/reports/reception/?unit=abc&period=2024"), "/api/v1/reports/reception/")
    conforms(api.get("/api/v1/units/99999999/"), "/api/v1/units/{id}/")
    conforms(api.get("/api/v1/units/?page=9999"), "/api/v1/units/")
    conforms(api.get("/api/v1/agencies/?unit=abc"), "/api/v1/agencies/")
    assert client.get("/api/v1/units/").status_code == 403  # session auth first: never a 401
    conforms(client.get("/api/v1/units/"), "/api/v1/units/")


def test_a_stale_session_edit_is_a_declared_409(api_for, conforms, session_without_petition):
    officer = User.objects.get(username="xa.tiepdan")
    path = f"/api/v1/reception-sessions/{session_without_petition['id']}/"
    stale = api_for(officer).patch(path, {"version": 0, "notes": "x"}, format="json")
    assert stale.status_code == 409
    conforms(stale, "/api/v1/reception-sessions/{id}/", "patch")


def test_every_operation_declares_its_error_statuses(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = operation["responses"]
            parameters = operation.get("parameters", [])
            expected = {"403", "429"} if api_settings.DEFAULT_THROTTLE_CLASSES else {"403"}
            if operation.get("requestBody") or any(p["in"] == "query" for p in parameters):
                expected.add("400")
            if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
                expected.add("404")
            if method == "post" and re.match(r"^/api/v1/(petitions|proposals)/\{id\}/[\w-]+/$", path):
                expected.add("409")
            if method == "post" and path.startswith("/api/v1/petitions/{id}/"):
                expected.add("202")
            assert expected <= set(declared), f"{method.upper()} {path}: missing {sorted(expected - set(declared))}"
            for status in expected - {"202"}:
                body = declared[status]["content"]["application/json"]["schema"]
                assert body["$ref"] in ("#/components/schemas/Error", "#/components/schemas/ValidationError")
    assert "/api/v1/reports/petitions/" in schema["paths"]
    assert "404" in schema["paths"]["/api/v1/reports/petitions/"]["get"]["responses"]
    assert "409" in schema["paths"]["/api/v1/reception-sessions/{id}/"]["patch"]["responses"]


def test_the_schema_declares_no_time_format_that_answers_cannot_meet(schema):
    """OpenAPI's `format: time` is RFC 3339's full-time, with a UTC offset; clock times are declared by pattern."""
    session = schema["components"]["schemas"]["Session"]["properties"]
    assert "format" not in session["start_time"] and re.match(session["start_time"]["pattern"], "07:30:00")
    assert '"format": "time"' not in str(schema).replace("'", '"')
