import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_speaks_vietnamese_by_default(client):
    page = client.get("/login/").content.decode()
    assert '<html lang="vi" class="no-js">' in page
    assert "Đăng nhập" in page and "Mật khẩu" in page


def test_demo_leader_logs_in_with_the_demo_password_and_lands_home(client):
    response = client.post("/login/", {"username": "tinh.lanhdao", "password": "demo12345"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert "Tỉnh Bắc Kạn" in page
    assert "Lãnh đạo" in page


def test_wrong_password_shows_an_error_and_stays_on_login(client):
    response = client.post("/login/", {"username": "tinh.lanhdao", "password": "nope"})
    assert response.status_code == 200
    assert "alert" in response.content.decode()


def test_commune_officer_home_shows_the_commune_scope_and_role(client_for, commune_officer_a):
    page = client_for(commune_officer_a).get("/").content.decode()
    assert "Xã Đồng Phúc" in page
    assert "Cán bộ xử lý đơn" in page


def test_navigation_follows_roles(client_for, province_leader, inspector, province_admin):
    leader_page = client_for(province_leader).get("/").content.decode()
    assert 'href="/units/"' in leader_page and 'href="/agencies/"' in leader_page
    assert 'href="/audit/"' not in leader_page and 'href="/admin/"' not in leader_page
    inspector_page = client_for(inspector).get("/").content.decode()
    assert 'href="/audit/"' in inspector_page
    admin_page = client_for(province_admin).get("/").content.decode()
    assert 'href="/admin/"' in admin_page


def test_inspector_and_leader_cannot_open_pages_outside_their_role(client_for, province_leader):
    assert client_for(province_leader).get("/audit/").status_code == 403


def test_english_can_be_chosen(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en" class="no-js">' in page
    assert "Log out" in page
    assert "Your data scope" in page


def test_logout_ends_the_session(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_password_change_works_and_old_password_stops_working(client, commune_officer_a):
    client.force_login(commune_officer_a)
    response = client.post(
        "/account/password/",
        {
            "old_password": "demo12345",
            "new_password1": "Mot-mat-khau-moi-2026",
            "new_password2": "Mot-mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert not client.login(username=commune_officer_a.username, password="demo12345")
    assert client.login(username=commune_officer_a.username, password="Mot-mat-khau-moi-2026")


def test_unit_pages_search_without_accents_and_drill_down(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    page = client.get("/units/?q=ba be&generation=legacy").content.decode()
    assert "Huyện Ba Bể" in page
    from portal.models import AdministrativeUnit

    ba_be = AdministrativeUnit.objects.get(generation="legacy", level="district", code="061")
    detail = client.get(f"/units/{ba_be.pk}/").content.decode()
    assert "Xã Đồng Phúc" in detail and "Tỉnh Bắc Kạn" in detail and "Tỉnh Thái Nguyên" in detail


def test_unit_list_shows_an_empty_state(client_for, commune_officer_a):
    page = client_for(commune_officer_a).get("/units/?q=khong-co-dau-ca").content.decode()
    assert "Không có đơn vị nào khớp điều kiện lọc." in page


def test_agency_list_filters_by_unit_subtree(client_for, commune_officer_a):
    from portal.models import AdministrativeUnit

    ba_be = AdministrativeUnit.objects.get(generation="legacy", level="district", code="061")
    page = client_for(commune_officer_a).get(f"/agencies/?unit={ba_be.pk}").content.decode()
    assert "Ủy ban nhân dân Xã Đồng Phúc" in page
    assert "Ủy ban nhân dân tỉnh Bắc Kạn" not in page


def test_pages_run_a_constant_number_of_queries(client_for, province_leader, django_assert_max_num_queries):
    client = client_for(province_leader)
    # The home page has one or two queries per card of work (tests/portal/test_home_work.py).
    for url, most in [("/", 16), ("/units/?generation=legacy&level=commune", 12), ("/agencies/", 12)]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_token_authentication_works_for_the_api(client, commune_officer_a, capsys):
    call_command("drf_create_token", commune_officer_a.username)
    token = Token.objects.get(user=commune_officer_a).key
    response = client.get("/api/v1/officials/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json()["username"] == commune_officer_a.username


def test_openapi_schema_and_docs_are_served_without_a_cdn(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/units/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn." not in docs and "unpkg" not in docs and "https://" not in docs.split("<body")[0]


def test_health_reports_database(client):
    body = client.get("/health/").json()
    assert body["status"] == "ok" and body["database"] in ("sqlite", "postgresql")


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi" class="no-js">' in page and "Mật khẩu" in page


def test_openapi_schema_generates_without_warnings():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_english_catalogue_has_no_missing_or_fuzzy_entries():
    import re
    from pathlib import Path

    from django.conf import settings

    po = (Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first entry is the header
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    empty = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""(\n(?!")|\Z)', e.strip(), re.M)]
    assert not fuzzy and not empty, (fuzzy + empty)[:3]
