"""A commune reception officer records a session with three visits on the spot, one becoming a petition."""

import re

import pytest

from petitions.models import Petition
from reception.models import ReceptionSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_visit(page, index: int, name: str, kind: str, content: str, action: str = "answered") -> None:
    page.locator(f"#id_visits-{index}-full_name").fill(name)
    page.locator(f"#id_visits-{index}-kind").select_option(kind)
    page.locator(f"#id_visits-{index}-content").fill(content)
    page.locator(f"#id_visits-{index}-action").select_option(action)


def test_record_a_session_with_three_visits(live_server, demo_world, browser, screenshot):
    from tests.browser.test_foundation_journey import log_in

    page = browser.new_page(viewport={"width": 390, "height": 844})  # on the commune officer's phone
    log_in(page, live_server.url, "xa.tiepdan")
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("link", name="Tiếp công dân").click()
    page.get_by_role("link", name="Ghi sổ buổi tiếp").click()

    page.get_by_label("Họ tên, chức vụ người tiếp").fill("Hà Minh Lan, công chức tư pháp - hộ tịch")
    fill_visit(page, 0, "Lường Văn Một", "recommendation", "Kiến nghị sửa đường vào bản Nà Làng")
    page.get_by_role("button", name="+ Thêm lượt tiếp").click()
    fill_visit(page, 1, "Ma Thị Hai", "complaint", "Khiếu nại việc thu hồi đất làm đường", action="petition")
    page.get_by_role("button", name="+ Thêm lượt tiếp").click()
    fill_visit(page, 2, "Nông Văn Ba", "reflection", "Phản ánh nước sinh hoạt bị ô nhiễm")
    page.locator("#id_visits-2-people_count").fill("6")
    page.locator("#id_visits-2-representatives").fill("1")
    # (No full-page screenshot before this click: on a phone viewport it leaves the page unclickable.)
    page.get_by_role("button", name="Lưu buổi tiếp").click()
    page.wait_for_url(re.compile(r"/reception/\d+/$"))
    assert page.get_by_text("Đã ghi sổ buổi tiếp với 3 lượt tiếp").is_visible()
    petition = Petition.objects.get()
    assert page.get_by_role("link", name=f"Đơn {petition.register_number}").is_visible()
    assert page.get_by_text("Đoàn đông người: 6 người").is_visible()
    screenshot(page, "reception-session-phone")

    page.goto(f"{live_server.url}/reception/")
    session = ReceptionSession.objects.get()
    assert page.get_by_role("link", name=session.date.strftime("%d/%m/%Y")).is_visible()
    screenshot(page, "reception-list-phone")
