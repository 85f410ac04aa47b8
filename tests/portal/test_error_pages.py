"""Error pages speak Vietnamese, offer a way back, and need neither a login nor the database."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db


def test_oversize_form_gets_a_vietnamese_page_with_a_way_back(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    pasted = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        "/petitions/new/", {"summary": "Đơn", "content": pasted}, HTTP_REFERER="http://testserver/petitions/new/"
    )
    page = response.content.decode()
    assert response.status_code == 413
    assert '<html lang="vi">' in page
    assert "Nội dung gửi lên quá lớn" in page
    assert 'href="http://testserver/petitions/new/"' in page  # back to the form
    assert 'href="/"' in page
    assert "RequestDataTooBig" not in page


def test_oversize_json_to_the_api_is_refused_before_it_is_read(api_for, commune_officer_a):
    body = {"summary": "Đơn", "content": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = api_for(commune_officer_a).post("/api/v1/petitions/", body, format="json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Nội dung gửi lên quá lớn"}


def test_unknown_api_address_answers_json(api_for, commune_officer_a):
    response = api_for(commune_officer_a).get("/api/v1/khong-co/")
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy trang"}


def test_too_many_fields_get_the_same_page(client_for, commune_officer_a):
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client_for(commune_officer_a).post("/petitions/new/", fields)
    assert response.status_code == 413
    assert "Nội dung gửi lên quá lớn" in response.content.decode()


def test_a_link_back_to_another_site_is_not_offered(client_for, commune_officer_a):
    pasted = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client_for(commune_officer_a).post(
        "/petitions/new/", {"content": pasted}, HTTP_REFERER="https://evil.example/phish"
    )
    assert "evil.example" not in response.content.decode()


def test_unknown_address_gets_a_vietnamese_404_without_login(client):
    response = client.get("/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in page and "Không tìm thấy trang" in page
    assert 'href="/"' in page


def test_record_outside_the_scope_gets_the_same_404(client_for, commune_officer_b):
    response = client_for(commune_officer_b).get("/petitions/999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_forbidden_page_explains_in_vietnamese(client_for, province_leader):
    response = client_for(province_leader).get("/audit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền" in page and 'href="/"' in page


def test_expired_form_token_gets_a_vietnamese_page(db):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "a", "password": "b"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in page and 'href="/login/"' in page


def test_server_error_page_renders_without_a_request_user_or_a_query(django_assert_num_queries):
    from portal.views import server_error

    request = RequestFactory().get("/petitions/")
    with django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page and 'href="/"' in page


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_error_pages_make_no_query(status, django_assert_num_queries):
    from django.core.exceptions import PermissionDenied, SuspiciousOperation
    from django.http import Http404

    from portal import views

    handler, exception = {
        400: (views.bad_request, SuspiciousOperation()),
        403: (views.permission_denied, PermissionDenied()),
        404: (views.page_not_found, Http404()),
    }[status]
    request = RequestFactory().get("/x/")
    with django_assert_num_queries(0):
        response = handler(request, exception)
    assert response.status_code == status and '<html lang="vi">' in response.content.decode()


@pytest.mark.parametrize("path", ["/khong-co-trang-nay/", "/dashboard/999999999/"])
def test_with_debug_on_as_make_run_serves_an_official_still_gets_the_portals_404(
    client_for, province_leader, settings, path
):
    settings.DEBUG = True  # `make run`: Django would answer with its English page listing the URL patterns
    response = client_for(province_leader).get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "Về trang chủ" in page
    assert "URLconf" not in page and "Using the URLconf" not in page


def test_a_developer_may_keep_djangos_technical_404(client, settings):
    settings.DEBUG, settings.DEBUG_TECHNICAL_404 = True, True
    assert "URLconf" in client.get("/khong-co-trang-nay/").content.decode()
