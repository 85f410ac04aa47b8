"""A commune head opens his dashboard in a browser: the district and the province above him are shown in the
breadcrumbs as plain text, and every link he can follow opens a page, never an error."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_head_meets_no_breadcrumb_that_leads_to_an_error(live_server, demo_world, browser):
    from tests.browser.test_foundation_journey import log_in

    page = browser.new_page()
    log_in(page, live_server.url, "xa.lanhdao")
    page.get_by_role("navigation").get_by_role("link", name="Bảng điều hành").click()
    page.wait_for_load_state()
    crumbs = page.get_by_role("navigation", name="Đường dẫn")
    assert crumbs.get_by_text("Huyện Ba Bể").is_visible() and crumbs.get_by_text("Tỉnh Bắc Kạn").is_visible()
    assert crumbs.get_by_role("link").count() == 0  # above his scope: named, not offered
    assert crumbs.locator("[aria-current=page]").inner_text() == "Xã Đồng Phúc"


def test_a_province_leader_follows_the_breadcrumbs_back_up(live_server, demo_world, browser):
    from tests.browser.test_foundation_journey import log_in

    page = browser.new_page()
    log_in(page, live_server.url, "tinh.lanhdao")
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="Huyện Ba Bể").first.click()
    page.wait_for_load_state()
    crumbs = page.get_by_role("navigation", name="Đường dẫn")
    crumbs.get_by_role("link", name="Tỉnh Bắc Kạn").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Bảng điều hành: Tỉnh Bắc Kạn").is_visible()
