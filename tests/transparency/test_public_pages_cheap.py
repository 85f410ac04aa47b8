"""Public pages are never the easiest way to load the database: past PUBLIC_REQUESTS_PER_MINUTE from one address,
a visitor who has not signed in gets a Vietnamese 429 that says how long to wait and leads back; a visitor's copy sets
no cookie and may be kept by shared caches, an official's copy stays private, the look-up is never kept."""

import pytest

from portal.models import User

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}
PUBLIC_PAGES = ["/public/", "/public/decisions/", "/public/reception/", "/models/showcase/"]


@pytest.fixture
def two_a_minute(settings):
    settings.PUBLIC_REQUESTS_PER_MINUTE = 2


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_third_request_in_a_minute_is_told_to_wait_in_vietnamese(client, two_a_minute, path):
    statuses = [client.get(path, follow=False, **HOST).status_code for _ in range(2)]
    limited = client.get(path, **HOST)

    assert all(status in (200, 302) for status in statuses)
    body = limited.content.decode()
    assert limited.status_code == 429
    assert "Quá nhiều yêu cầu" in body and "giây rồi tải lại trang" in body
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert 'href="/public/"' in body  # a way back that does not need a sign-in


def test_the_limit_counts_every_public_page_of_one_address_together(client, two_a_minute):
    client.get("/public/decisions/", **HOST)
    client.get("/public/reception/", **HOST)

    assert client.get("/models/showcase/", **HOST).status_code == 429
    assert client.get("/models/showcase/", REMOTE_ADDR="10.1.2.3", **HOST).status_code == 200


def test_one_ipv6_client_counts_as_its_64(client, two_a_minute):
    answers = [
        client.get("/public/decisions/", REMOTE_ADDR=f"2001:db8:7:7::{n}", **HOST).status_code for n in range(1, 4)
    ]

    assert answers == [200, 200, 429]


def test_signed_in_officials_are_not_counted(client, two_a_minute):
    client.force_login(User.objects.get(username="tinh.lanhdao"))

    assert {client.get("/public/decisions/", **HOST).status_code for _ in range(5)} == {200}


def test_the_health_check_is_never_limited(client, two_a_minute):
    assert {client.get("/health/", **HOST).status_code for _ in range(5)} <= {200, 503}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_visitors_copy_sets_no_cookie_so_that_shared_caches_can_keep_it(client, path):
    page = client.get(path, follow=True, **HOST)

    assert page.status_code == 200
    assert not page.cookies and not client.cookies  # no CSRF or session cookie for a signed-out visitor
    assert "csrfmiddlewaretoken" not in page.content.decode()


def test_a_visitor_switches_the_language_of_a_public_page_without_a_token(client):
    client.handler.enforce_csrf_checks = True

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/public/decisions/"}, **HOST)

    assert switched.status_code == 302 and switched["Location"] == "/public/decisions/"
    assert client.get("/public/decisions/", **HOST).content.decode().count('lang="en"') == 1


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_visitors_copy_may_be_kept_by_shared_caches_and_an_officials_may_not(client, path, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    visitor = client.get(path, follow=True, **HOST)
    client.force_login(User.objects.get(username="tinh.lanhdao"))
    official = client.get(path, follow=True, **HOST)

    assert visitor.status_code == 200 and visitor["Cache-Control"] == "public, max-age=300"
    assert official.status_code == 200 and "private" in official["Cache-Control"]


def test_the_look_up_is_never_kept_by_a_cache(client):
    assert client.get("/public/petitions/", **HOST)["Cache-Control"] == "no-store"
