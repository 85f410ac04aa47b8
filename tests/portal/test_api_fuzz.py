"""schemathesis drives every operation of /api/v1/schema/ through the WSGI app as two signed-in officials.

For each role, every operation gets EXAMPLES generated requests (parameters, path ids and bodies
drawn from the schema) against the test database. Each answer must be: no 5xx, a status the
operation declares, the declared content type, and a body matching the declared schema. A view
that lets junk reach the database (a 500), or a status the schema forgot, fails here.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.models import User

pytestmark = pytest.mark.django_db

# Per operation and role: about 800 requests a role, some 10 s on SQLite. A deeper run: API_FUZZ_EXAMPLES=100
# and API_FUZZ_RANDOM=1 (new examples each run instead of the same ones).
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # the same examples every run: a failure here is reproducible, not a flake
    derandomize=not os.environ.get("API_FUZZ_RANDOM"),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: every failure is collected and reported whole
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def one_connection():
    """The WSGI handler closes the database connection around each request, which would end the test's
    transaction; Django's own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    """Hundreds of requests a second are the point here: 429 stays declared, but should not hide the answers."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }


def fuzz(username: str) -> tuple[int, list[str]]:
    """Every operation, EXAMPLES requests each, as `username`: (requests made, distinct failures)."""
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler(), headers=headers)
    requests, failures = 0, {}

    def call(case) -> None:
        nonlocal requests
        requests += 1
        label = case.operation.label
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as error:  # schemathesis's FailureGroup is a BaseExceptionGroup
            failures.setdefault(f"{label}: {str(error).splitlines()[:8]}", f"{label}: {error}")

    for result in schema.get_all_operations():
        FUZZ(given(case=result.ok().as_strategy())(call))()
    return requests, list(failures.values())


@pytest.mark.parametrize("username", ["xa.xulydon", "tinh.lanhdao"])  # a commune petition handler, a provincial leader
def test_every_api_operation_answers_generated_requests_as_its_schema_declares(username, one_connection, unthrottled):
    requests, failures = fuzz(username)
    print(f"schemathesis: {requests} requests as {username}, {len(failures)} distinct failures")
    assert requests > 500
    assert not failures, f"{len(failures)} distinct failures in {requests} requests:\n\n" + "\n\n".join(failures)


# --- what the fuzzing found, pinned down -------------------------------------------------------


def test_a_unit_number_past_the_id_column_in_the_models_filter_is_a_400_not_a_500(api_for, province_leader):
    response = api_for(province_leader).get("/api/v1/models/", {"place": "35131218059119177728"})
    assert response.status_code == 400 and "place" in response.json()


def test_a_measure_for_a_petition_out_of_scope_is_a_declared_404(api_for, commune_officer_a):
    api = api_for(commune_officer_a)
    body = {"petition_id": 2**40, "kind": "other", "description": "Cưỡng chế", "responsible": "Tổ công tác"}
    body["due_on"] = "2026-12-01"
    response = api.post("/api/v1/measures/", body, format="json")
    assert response.status_code == 404
    declared = api.get("/api/v1/schema/?format=json").json()["paths"]["/api/v1/measures/"]["post"]["responses"]
    assert "404" in declared
