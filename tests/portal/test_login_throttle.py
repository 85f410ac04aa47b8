"""Guessing passwords is slowed down: per account, per address, and on the API."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from rest_framework.test import APIClient

from portal.models import AuditEvent

pytestmark = pytest.mark.django_db

LEADER = "tinh.lanhdao"


def login(client, username, password, address="10.0.0.1", **extra):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert login(client, LEADER, "sai-mat-khau").status_code == 200
    response = login(client, LEADER, settings.DEMO_PASSWORD)
    page = response.content.decode()
    assert response.status_code == 200 and not logged_in(client)
    assert "Đăng nhập sai quá nhiều lần" in page and "Hãy thử lại sau 15 phút" in page


def test_the_lockout_is_written_to_the_audit_trail_without_the_password(client, province_leader):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT + 2):
        login(client, LEADER, "bi-mat-123")
    event = AuditEvent.objects.get(verb="auth.login_locked")  # once per lockout, not per refused attempt
    assert event.actor is None
    assert event.payload["username"] == LEADER and event.payload["ip_address"] == "10.0.0.1"
    assert "bi-mat-123" not in str(event.payload)
    assert event.unit == province_leader.agency.unit  # the official's administrators see it


def test_the_account_opens_again_after_the_window(client):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        login(client, LEADER, "sai")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW + 1)
    with time_machine.travel(later, tick=False):
        login(client, LEADER, settings.DEMO_PASSWORD)
        assert logged_in(client)


def test_a_success_resets_the_account_counter(client):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        login(client, LEADER, "sai")
    login(client, LEADER, settings.DEMO_PASSWORD)
    assert logged_in(client)
    client.post("/logout/")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        login(client, LEADER, "sai")
    login(client, LEADER, settings.DEMO_PASSWORD)
    assert logged_in(client)


def test_the_lock_of_one_account_does_not_lock_another(client):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        login(client, LEADER, "sai")
    login(client, "xa.xulydon", settings.DEMO_PASSWORD)
    assert logged_in(client)


def test_many_usernames_from_one_address_lock_that_address(client):
    for i in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        login(client, f"doan-{i}", "sai", address="10.0.0.9")
    response = login(client, LEADER, settings.DEMO_PASSWORD, address="10.0.0.9")
    assert not logged_in(client) and "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert AuditEvent.objects.filter(verb="auth.login_locked", payload__ip_address="10.0.0.9").exists()
    login(client, LEADER, settings.DEMO_PASSWORD, address="10.0.0.10")
    assert logged_in(client)


def test_a_forged_forwarded_for_header_does_not_dodge_the_address_lock(client):
    for i in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        login(client, f"doan-{i}", "sai", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    login(client, LEADER, settings.DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert not logged_in(client)


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for i in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        login(client, f"doan-{i}", "sai", HTTP_X_FORWARDED_FOR="192.0.2.7")
    login(client, LEADER, settings.DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert logged_in(client)
    event = AuditEvent.objects.get(verb="auth.login_locked")
    assert event.payload["ip_address"] == "192.0.2.7"


def test_admin_login_is_throttled_too(client):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        client.post("/admin/login/", {"username": "admin", "password": "sai"}, REMOTE_ADDR="10.0.0.3")
    response = client.post(
        "/admin/login/", {"username": "admin", "password": settings.DEMO_PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert not logged_in(client) and "Đăng nhập sai quá nhiều lần" in response.content.decode()


def test_api_slows_down_a_token_client_with_a_vietnamese_429(settings, commune_officer_a):
    from rest_framework.authtoken.models import Token

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/min"},
    }
    token = Token.objects.create(user=commune_officer_a)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    statuses = [api.get("/api/v1/units/?page_size=1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/units/?page_size=1")
    assert "Bạn gửi quá nhiều yêu cầu" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_api_slows_down_anonymous_clients(settings):
    from rest_framework.permissions import AllowAny
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Open(APIView):  # every API view gets the default throttles
        permission_classes = [AllowAny]

        def get(self, request):
            return Response({})

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/min"},
    }
    view = Open.as_view()
    statuses = [view(APIRequestFactory().get("/x/", REMOTE_ADDR="10.0.0.5")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_default_api_rates_leave_room_for_normal_work(api_for, commune_officer_a):
    api = api_for(commune_officer_a)
    assert all(api.get("/api/v1/units/?page_size=1").status_code == 200 for _ in range(60))
