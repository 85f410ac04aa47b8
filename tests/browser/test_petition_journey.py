"""A commune petition handler takes in a complaint at the desk, accepts it and settles it, in Chromium."""

import re

import pytest

from petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_intake_accept_settle(live_server, demo_world, browser, screenshot):
    from tests.browser.test_foundation_journey import log_in

    page = browser.new_page()
    log_in(page, live_server.url, "xa.xulydon")
    page.get_by_role("navigation").get_by_role("link", name="Đơn thư").click()
    page.get_by_role("link", name="Tiếp nhận đơn").click()

    page.get_by_label("Họ và tên").fill("Triệu Văn Hùng")
    page.get_by_label("Số CCCD").fill("006085001122")
    page.get_by_label("Địa chỉ").fill("Thôn Khuổi Luông, xã Đồng Phúc")
    page.get_by_label("Loại đơn").select_option("complaint")
    page.get_by_label("Nguồn đơn").select_option("reception")
    page.get_by_label("Lĩnh vực").select_option("land_housing")
    page.get_by_label("Tóm tắt nội dung").fill("Khiếu nại mức bồi thường khi mở rộng đường vào hồ Ba Bể")
    screenshot(page, "petition-intake")
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()

    page.wait_for_url(re.compile(r"/petitions/\d+/$"))
    assert page.get_by_text("Đã tiếp nhận đơn số").is_visible()
    assert page.get_by_text("Thụ lý khiếu nại").first.is_visible()
    petition = Petition.objects.get()

    page.get_by_label("Đủ điều kiện", exact=True).check()
    page.get_by_label("Thuộc thẩm quyền", exact=True).check()
    page.locator("form[action$='/classify/']").get_by_role("button", name="Phân loại").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã thực hiện: Phân loại.").is_visible()

    # The officer proposes acceptance; the head of the commune committee approves it.
    accept_form = page.locator("form[action$='/accept/']")
    page.locator("details.action", has=accept_form).locator("summary").click()
    accept_form.get_by_label("Ý kiến đề xuất").fill("Đủ điều kiện thụ lý")
    accept_form.get_by_role("button", name="Trình duyệt").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã trình lãnh đạo duyệt").is_visible()

    def approve_as_head():
        page.get_by_role("button", name="Đăng xuất").click()
        log_in(page, live_server.url, "xa.lanhdao")
        assert page.get_by_text("tờ trình đang chờ duyệt").is_visible()
        page.get_by_role("link", name="Mở hàng chờ duyệt").click()
        page.get_by_role("link", name=petition.register_number).click()
        page.get_by_role("button", name="Duyệt", exact=True).click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Đăng xuất").click()
        log_in(page, live_server.url, "xa.xulydon")
        page.goto(f"{live_server.url}/petitions/{petition.pk}/")

    approve_as_head()
    assert page.get_by_text("Đã thụ lý").first.is_visible()
    assert page.get_by_text("Ngày thụ lý", exact=True).is_visible()  # the acceptance (and its notice) is issued

    settle_form = page.locator("form[action$='/settle/']")
    page.locator("details.action", has=settle_form).locator("summary").click()
    settle_form.get_by_label("Số quyết định, kết luận").fill("45/QĐ-UBND")
    settle_form.get_by_label("Kết quả (khiếu nại)").select_option("partly_right")
    settle_form.get_by_role("button", name="Trình duyệt").click()
    page.wait_for_load_state()
    approve_as_head()
    assert page.get_by_text("Đã giải quyết").first.is_visible()
    screenshot(page, "petition-settled")

    petition.refresh_from_db()
    assert petition.status == "settled" and petition.settlement_decision_no == "45/QĐ-UBND"
