"""What every answer carries (issue 18): a Content-Security-Policy that allows the portal's own files only, so
no page may hold an inline script, handler or style; `Cache-Control: no-store` wherever personal data may be;
and the probes operators point at the portal: /healthz (liveness) and /readyz (what it depends on)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}

INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "a javascript: link": re.compile(r"javascript:", re.I),
}


def _our_templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [
        path
        for path in root.rglob("*.html")
        if not {".venv", "var", "node_modules", "test-artifacts", ".git"} & set(path.relative_to(root).parts)
    ]


def test_no_template_of_ours_holds_what_the_policy_forbids():
    templates = _our_templates()
    assert len(templates) > 100  # every app's templates were found
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{text[: match.start()].count(chr(10)) + 1}: {what}"
        for path in templates
        for text in [path.read_text()]
        for what, pattern in INLINE.items()
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_the_browsable_api_holds_nothing_the_policy_forbids(client_for, province_leader):
    """DRF's own template puts style attributes on its filter and extra-action buttons; ours does not."""
    client = client_for(province_leader)
    pages = ["/api/v1/", "/api/v1/petitions/", "/api/v1/reception-sessions/"]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT="text/html", **HOST)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "drf.css" in body and "btn" in body, url  # the browsable page itself, not a JSON answer
        found = [what for what, pattern in INLINE.items() if pattern.search(body)]
        assert found == [], (url, found)


def test_every_page_carries_a_policy_of_the_portals_own_files(client_for, province_leader, client):
    for response in (client_for(province_leader).get("/", **HOST), client.get("/login/", **HOST)):
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_htmx_is_told_not_to_inject_its_styles_nor_evaluate_code(client):
    page = client.get("/login/", **HOST).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert json.loads(config.group(1)) == {"includeIndicatorStyles": False, "allowEval": False}


def test_what_an_official_is_shown_is_never_stored_by_a_cache(client_for, province_leader):
    official = client_for(province_leader)
    for url in ("/", "/petitions/", "/api/v1/petitions/", "/api/v1/units/"):
        response = official.get(url, **HOST)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url


def test_an_api_answer_is_never_stored_even_for_a_visitor(client):
    response = client.get("/api/v1/petitions/", **HOST)
    assert response.status_code in (401, 403)
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_meant_for_caches_keeps_its_public_copy_for_visitors(client, client_for, province_leader):
    from django.urls import reverse

    url = client.get(reverse("public-index"), **HOST).url  # the one province's page: cached for visitors too
    visitor = client.get(url, **HOST)
    assert visitor.status_code == 200
    assert "public" in visitor["Cache-Control"] and "no-store" not in visitor["Cache-Control"]
    official = client_for(province_leader).get(url, **HOST)
    assert "no-store" in official["Cache-Control"] and "public" not in official["Cache-Control"]


def test_liveness_answers_without_asking_anything_else(client):
    response = client.get("/healthz", **HOST)
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readiness_reports_database_broker_worker_and_the_nightly_job(client):
    response = client.get("/readyz", **HOST)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"ok": True, "vendor": connection.vendor}
    assert body["checks"]["broker"] == {"ok": True, "mode": "in-process"}
    reports = body["checks"]["reports"]
    assert reports["ok"] is False and reports["nightly_finished_at"] is None  # never run on this database

    from reports.tasks import refresh_all_task

    refresh_all_task(years=[2026])
    reports = client.get("/readyz", **HOST).json()["checks"]["reports"]
    assert reports["ok"] is True and reports["nightly_finished_at"] and reports["snapshots_age_s"] is not None


def test_readiness_fails_when_the_database_does_not_answer(client, monkeypatch):
    from portal import views

    class Refusing:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(views.connection, "cursor", lambda: Refusing())
    response = client.get("/readyz", **HOST)
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_readiness_fails_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz", **HOST)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["broker"] == {"ok": False, "mode": "redis", "error": "ConnectionError"}
    assert body["checks"]["worker"]["ok"] is False  # no heartbeat recorded either
