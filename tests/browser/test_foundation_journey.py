"""A provincial leader and a commune officer use the portal in a real browser."""

import re

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


def test_leader_logs_in_finds_a_district_and_drills_down(live_server, demo_world, browser, screenshot):
    page = browser.new_page()
    log_in(page, live_server.url, "tinh.lanhdao")
    assert page.get_by_role("heading", name=re.compile("Xin chào")).is_visible()
    assert page.get_by_text("Tỉnh Bắc Kạn").first.is_visible()
    screenshot(page, "home-province-leader")

    page.get_by_role("navigation").get_by_role("link", name="Đơn vị hành chính").click()
    page.wait_for_url("**/units/")
    screenshot(page, "units")
    page.get_by_label("Tìm theo tên").fill("ba be")
    page.get_by_label("Tìm theo tên").press("Enter")
    page.get_by_role("link", name="Huyện Ba Bể").click()
    assert page.get_by_role("heading", name="Huyện Ba Bể").is_visible()
    assert page.get_by_role("link", name="Xã Đồng Phúc").is_visible()
    assert page.get_by_text("Tỉnh Thái Nguyên").first.is_visible()  # where the district went on 1 Jul 2025
    screenshot(page, "unit-ba-be")


def test_commune_officer_on_a_phone_sees_only_their_commune(live_server, demo_world, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, "xa.xulydon")
    assert page.get_by_text("Xã Đồng Phúc").first.is_visible()

    page.goto(f"{live_server.url}/officials/")
    table = page.locator("table")
    assert "xa.tiepdan" in table.inner_text()
    assert "xa2.tiepdan" not in table.inner_text()  # the neighbouring commune stays invisible
    screenshot(page, "officials-phone")

    page.get_by_role("button", name="Danh mục").click()  # the menu folds away on a phone
    assert page.get_by_role("link", name="Cán bộ").is_visible()

    with page.expect_navigation():
        page.get_by_label("Ngôn ngữ").select_option("en")
    assert page.get_by_role("button", name="Log out").is_visible()
    context.close()
