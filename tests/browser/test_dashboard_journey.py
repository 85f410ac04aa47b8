"""A provincial leader opens the dashboard, drills into a district and downloads form 01/KQGQ."""

import io

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_drills_down_and_downloads_01_kqgq(live_server, demo_world, browser, screenshot):
    from petitions.demo import seed_petitions
    from tests.browser.test_foundation_journey import log_in

    seed_petitions(seed=2024)
    page = browser.new_page()
    log_in(page, live_server.url, "tinh.lanhdao")
    page.get_by_role("navigation").get_by_role("link", name="Bảng điều hành").click()
    page.get_by_label("Năm", exact=True).select_option("2024")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Bảng điều hành: Tỉnh Bắc Kạn").is_visible()
    assert page.get_by_text("chỉ tiêu 85").is_visible()
    screenshot(page, "dashboard-province")

    page.get_by_role("link", name="Huyện Ba Bể").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Bảng điều hành: Huyện Ba Bể").is_visible()
    page.get_by_label("Biểu mẫu báo cáo").select_option("01-kqgq")
    page.get_by_role("button", name="Tải Excel").click()
    link = page.get_by_role("link", name="Tải tệp Excel")
    link.wait_for()
    with page.expect_download() as download_info:
        link.click()
    data = download_info.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value.startswith("01/KQGQ")
    assert any(row[0] == "Tổng cộng" for row in sheet.iter_rows(values_only=True))
