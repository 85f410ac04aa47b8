"""Structured logs (issue 18): each answer says its request id, and each line logged while answering carries it,
as one JSON object in production, so that an operator finds every line of the request a user reports."""

import io
import json
import logging

import pytest

from portal.logs import REQUEST_ID_HEADER, JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture
def json_lines():
    """What the production handler would write for Django's request logger, one JSON object a line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_every_answer_says_its_request_id_and_each_is_new(client):
    first = client.get("/login/", **HOST)[REQUEST_ID_HEADER]
    second = client.get("/login/", **HOST)[REQUEST_ID_HEADER]
    assert len(first) == 32 and first != second


def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client):
    assert client.get("/login/", HTTP_X_REQUEST_ID="lb-7f3a9c2e1d", **HOST)[REQUEST_ID_HEADER] == "lb-7f3a9c2e1d"
    forged = client.get("/login/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b", **HOST)[REQUEST_ID_HEADER]
    assert len(forged) == 32 and "Set-Cookie" not in forged


def test_a_line_logged_while_answering_carries_that_requests_id(client_for, province_leader, json_lines):
    response = client_for(province_leader).get("/petitions/999999999/?q=Lục Thị Phiêng", **HOST)
    assert response.status_code == 404
    [line] = [entry for entry in json_lines() if entry["logger"] == "django.request"]
    assert line["request_id"] == response[REQUEST_ID_HEADER]
    assert line["level"] == "WARNING" and line["status"] == 404
    assert line["message"] == "Not Found: /petitions/999999999/"  # the path only: no query, no name


def test_a_line_logged_outside_a_request_says_so():
    record = logging.LogRecord("portal", logging.INFO, __file__, 1, "nightly job finished", None, None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"
