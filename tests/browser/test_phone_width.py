"""On a 390 px phone, the forms and lists officials use at the desk fit the screen, under a one-line header."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _record_a_petition_and_a_session():
    """One row on each list, with the long agency names and texts the real register has."""
    from petitions.choices import Channel, Kind
    from petitions.services import PetitionerData, petition_receive
    from portal.models import User
    from reception.services import CitizenData, VisitData, reception_session_record

    handler = User.objects.select_related("agency").get(username="xa.xulydon")
    petition_receive(
        actor=handler,
        receiving_agency=handler.agency,
        kind=Kind.COMPLAINT,
        channel=Channel.MAIL,
        received_on=timezone.localdate(),
        summary="Khiếu nại việc bồi thường giải phóng mặt bằng mở rộng đường vào hồ Ba Bể, thôn Bản Vàng",
        petitioners=[PetitionerData(full_name="Nông Văn Dũng", address="Thôn Bản Vàng, xã Đồng Phúc")],
        assignees=[handler],
    )
    officer = User.objects.select_related("agency").get(username="xa.tiepdan")
    reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=timezone.localdate(),
        kind="regular",
        received_by="staff",
        receiver_name="Hà Minh Lan, công chức tư pháp - hộ tịch",
        visits=[
            VisitData(
                kind="recommendation",
                content="Kiến nghị sửa cầu treo Nà Làng bị hư hỏng sau mưa lũ",
                action="answered",
                citizens=[CitizenData(full_name="Đinh Văn Sáu")],
            )
        ],
    )


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _header_height(page) -> float:
    return page.locator("header.topbar").bounding_box()["height"]


def test_desk_pages_fit_a_phone_without_sideways_scrolling(live_server, demo_world, browser):
    from tests.browser.test_foundation_journey import log_in

    _record_a_petition_and_a_session()
    for username, paths in [
        ("xa.xulydon", ["/petitions/", "/petitions/new/"]),
        ("xa.tiepdan", ["/reception/", "/reception/new/"]),
    ]:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        log_in(page, live_server.url, username)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert _page_width(page) <= 390, f"{path} scrolls sideways for {username}"
            assert _header_height(page) < 70, f"the header of {path} takes more than one line"
        context.close()


def test_phone_menu_button_opens_the_sections_and_account_links(live_server, demo_world, browser):
    from tests.browser.test_foundation_journey import log_in

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, "xa.xulydon")
    menu = page.get_by_role("button", name="Danh mục")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("button", name="Đăng xuất").is_visible()  # in the bar, beside the menu button
    assert not page.get_by_role("link", name="Thông báo").is_visible()

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đơn thư").is_visible()
    assert page.get_by_role("link", name="Thông báo").is_visible()
    assert page.get_by_label("Ngôn ngữ").is_visible()
    assert _page_width(page) <= 390

    menu.click()
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Đơn thư").is_visible()

    menu.click()
    with page.expect_navigation():
        page.get_by_label("Ngôn ngữ").select_option("en")
    assert page.get_by_role("button", name="Log out").is_visible()
    assert _header_height(page) < 70 and _page_width(page) <= 390  # one line in English too
    context.close()


def test_list_filters_fold_behind_a_button_on_a_phone(live_server, demo_world, browser):
    from tests.browser.test_foundation_journey import log_in

    _record_a_petition_and_a_session()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, "xa.xulydon")
    page.goto(f"{live_server.url}/petitions/")
    search = page.get_by_label("Tìm kiếm")
    assert not search.is_visible()  # the first screen shows the list, not the filters
    assert page.locator("table tbody tr").first.is_visible()

    page.get_by_text("Bộ lọc", exact=True).click()
    assert search.is_visible()
    search.fill("Ba Bể")
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_label("Tìm kiếm").is_visible()  # a filtered list keeps its filters open
    context.close()


def test_filters_stay_open_on_a_desktop(live_server, demo_world, browser):
    from tests.browser.test_foundation_journey import log_in

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, "xa.xulydon")
    page.goto(f"{live_server.url}/petitions/")
    assert page.get_by_label("Tìm kiếm").is_visible()
    assert page.get_by_role("link", name="Tài liệu API cho hệ thống kết nối").is_visible()
