"""Sessions end, cookies travel only over TLS in production, every form and API call made with the session cookie
needs its CSRF token, and a weak password is refused (issue 18)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from portal.models import User
from tests.portal.test_route_access import OURS, url_of
from tests.portal.test_settings import PRODUCTION_KEYS, run_python

pytestmark = pytest.mark.django_db

# Routes that take a POST without the token, and why.
CSRF_EXEMPT = {
    "set_language": "a forged switch only changes the language a page is read in (portal.views.language_switch)",
}
# Routes refused before the token is asked for, and why.
REFUSED_FIRST = {"api:docs": "the API's documentation page reads nothing of a session and takes no POST (403)"}


def test_in_production_cookies_travel_only_over_tls_and_a_session_ends():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_AGE',"
        " 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SAMESITE']}))"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        ALLOWED_HOSTS="danvan.example.gov.vn",
        **PRODUCTION_KEYS,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert 0 < values["SESSION_COOKIE_AGE"] <= 8 * 3600  # a working day, not the default fortnight
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")


def test_a_session_older_than_its_age_is_sent_to_sign_in(client, province_leader):
    start = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(province_leader)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False):
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_no_form_of_the_portal_takes_a_post_without_its_csrf_token(province_admin):
    """Posted as a signed-in official with the session cookie but no token: refused before any view runs, with
    the portal's Vietnamese page that says why and leads back."""
    web = Client(enforce_csrf_checks=True)
    web.force_login(province_admin)
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(province_admin)  # the session cookie: DRF's SessionAuthentication asks for the token too
    refused, asked = set(), 0
    for route in OURS:
        if route.name in CSRF_EXEMPT or "format" in route.kwargs:
            continue
        response = (api if route.is_api else web).post(url_of(route), {})
        if response.status_code == 405:
            continue  # takes no POST at all
        asked += 1
        assert response.status_code == 403, (str(route), response.status_code)
        body = response.content.decode()
        if route.name in REFUSED_FIRST:
            continue
        if not response["Content-Type"].startswith("text/html"):
            assert "CSRF Failed" in body, str(route)  # DRF's answer
        else:  # the portal's own page, which says why and leads back
            assert "Phiên làm việc đã hết hạn" in body and "Về trang chủ" in body, str(route)
        refused.add(route.name)
    assert asked > 100 and {"petitions:create", "reception:create", "api:petition-list", "login"} <= refused


def test_a_weak_password_is_refused_with_the_reason(client_for, province_leader):
    client = client_for(province_leader)
    for weak in ("12345678", "matkhau", province_leader.username):
        response = client.post(
            reverse("password_change"),
            {"old_password": settings.DEMO_PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200, weak  # the form again, with the reason
        assert response.context["form"].errors, weak
    province_leader.refresh_from_db()
    assert province_leader.check_password(settings.DEMO_PASSWORD)
    assert User.objects.filter(pk=province_leader.pk).exists()
