"""A department's officer logs, on a phone, a support activity with a photo for the region III commune it is in
charge of; the commune's chairman confirms it; the province's coverage of region III communes moves from 0 to 1.
In Chromium, through the pages only."""

import datetime as dt
import struct
import zlib

import pytest
from django.conf import settings
from django.utils import timezone

from portal.choices import AgencyKind, Region, Role
from portal.models import Agency, User
from portal.services import official_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY = "Khám bệnh, cấp thuốc miễn phí cho 120 người cao tuổi thôn Nà Làng"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def png() -> bytes:
    """A real 1×1 PNG, as a phone camera's picture would be (the upload checks the content, not the name)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def support_world(demo_world):
    """Đồng Phúc is a region III commune; the province's health department is in charge of it this year."""
    from portal.unit_status import unit_status_record
    from support.choices import DEFAULT_ACTIVITY_TYPES
    from support.models import ActivityType
    from support.services import assignment_create

    for order, (code, name, unit) in enumerate(DEFAULT_ACTIVITY_TYPES, start=1):  # data migrations do not survive
        ActivityType.objects.get_or_create(code=code, defaults={"name": name, "quantity_unit": unit, "order": order})
    danvan = User.objects.select_related("agency__unit").get(username="tinh.danvan")
    dong_phuc = User.objects.select_related("agency__unit").get(username="xa.lanhdao").agency.unit
    unit_status_record(
        actor=None, unit=dong_phuc, valid_from=dt.date(2021, 6, 4), region=Region.III, decision_number="861/QĐ-TTg"
    )
    health = Agency.objects.create(
        unit=danvan.agency.unit, name="Sở Y tế tỉnh Bắc Kạn", short_name="SYT", kind=AgencyKind.DEPARTMENT
    )
    official_create(
        actor=None,
        username="syt.hotro",
        full_name="Lò Văn Hải",
        password=settings.DEMO_PASSWORD,
        agency=health,
        roles=[Role.DEPARTMENT_OFFICER],
    )
    today = timezone.localdate()
    assignment_create(
        actor=danvan,
        year=today.year,
        agency=health,
        communes=[dong_phuc],
        decision_number=f"125/QĐ-UBND-{today.year}",
        decision_date=dt.date(today.year, 1, 2),
    )
    return dong_phuc


def coverage(page) -> str:
    return page.locator('[data-figure="support-coverage"]').first.inner_text()


def test_an_activity_logged_on_a_phone_counts_once_the_commune_confirms_it(
    live_server, support_world, browser, screenshot
):
    from tests.browser.test_foundation_journey import log_in

    province = browser.new_page()
    log_in(province, live_server.url, "tinh.danvan")
    province.goto(f"{live_server.url}/dashboard/")
    assert "0 / 1" in coverage(province)

    phone = browser.new_context(**PHONE).new_page()
    log_in(phone, live_server.url, "syt.hotro")
    phone.goto(f"{live_server.url}/support/")
    phone.get_by_role("link", name=support_world.name).first.click()
    phone.get_by_role("link", name="Ghi hoạt động hỗ trợ").click()
    phone.get_by_label("Loại hỗ trợ").select_option(label="Khám bệnh, cấp thuốc miễn phí")
    phone.get_by_label("Ngày thực hiện").fill(timezone.localdate().isoformat())
    phone.get_by_label("Nội dung", exact=True).fill(ACTIVITY)
    phone.get_by_label("Hiện vật quy đổi (đồng)").fill("18000000")
    phone.get_by_label("Số người hưởng lợi", exact=True).fill("120")
    phone.locator("input[name=photo]").set_input_files(
        {"name": "kham-benh.png", "mimeType": "image/png", "buffer": png()}
    )
    screenshot(phone, "support-activity-on-a-phone")
    phone.get_by_role("button", name="Gửi xã xác nhận").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Chờ xã xác nhận").first.is_visible()
    assert phone.get_by_role("img").or_(phone.get_by_role("link", name="kham-benh.png")).first.is_visible()

    commune = browser.new_page()
    log_in(commune, live_server.url, "xa.lanhdao")
    commune.goto(f"{live_server.url}/support/activities/?status=submitted")
    commune.get_by_role("link", name=timezone.localdate().strftime("%d/%m/%Y")).first.click()
    assert commune.get_by_text(ACTIVITY).is_visible()
    commune.get_by_role("button", name="Xác nhận xã đã nhận hỗ trợ").click()
    commune.wait_for_load_state()
    assert commune.get_by_text("Xã đã xác nhận").first.is_visible()
    screenshot(commune, "support-activity-confirmed")

    province.goto(f"{live_server.url}/dashboard/")
    assert "1 / 1" in coverage(province)
    assert "100,00%" in coverage(province) or "100.00%" in coverage(province)
    province.locator('[data-figure="support-coverage"] a').first.click()
    assert province.get_by_role("row", name=support_world.name).get_by_text("Đã có hỗ trợ").is_visible()
    screenshot(province, "support-coverage-after-confirmation")
