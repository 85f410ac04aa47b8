"""File inputs speak Vietnamese: a "Chọn tệp" button and the chosen file's name, not the browser's English."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_picks_a_register_file_with_a_vietnamese_button(live_server, demo_world, browser, tmp_path):
    from tests.browser.test_foundation_journey import log_in

    register = tmp_path / "so-don-2026.xlsx"
    register.write_bytes(b"PK\x03\x04")
    page = browser.new_page(locale="en-US")  # the browser's own button would say "Choose File"
    log_in(page, live_server.url, "xa.xulydon")
    page.goto(f"{live_server.url}/petitions/import/")

    button = page.get_by_role("button", name="Chọn tệp")
    assert button.first.is_visible()
    assert page.get_by_text("Chưa chọn tệp nào").first.is_visible()

    with page.expect_file_chooser() as chooser:
        button.first.click()
    chooser.value.set_files(str(register))

    assert page.get_by_text("so-don-2026.xlsx").is_visible()
    assert page.locator('input[type="file"]').first.evaluate("input => input.files.length") == 1
