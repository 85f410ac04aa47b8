"""A citizen handed a receipt at the desk scans its QR code on a phone and, signed out, sees the petition's stage
and deadline. In Chromium: the official prints the receipt, the phone opens the address the QR code holds."""

import datetime as dt

import pytest
from django.utils import timezone

from petitions.choices import Channel, Kind
from portal.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


@pytest.fixture
def received(demo_world):
    from petitions.services import PetitionerData, petition_receive

    officer = User.objects.select_related("agency").get(username="xa.xulydon")
    return petition_receive(
        actor=officer,
        receiving_agency=officer.agency,
        kind=Kind.COMPLAINT,
        channel=Channel.RECEPTION,
        received_on=timezone.localdate() - dt.timedelta(days=1),
        summary="Khiếu nại mức bồi thường khi mở rộng đường vào hồ Ba Bể",
        petitioners=[PetitionerData(full_name="Triệu Văn Hùng", id_number="006085001122")],
    )


def test_a_citizen_scans_the_receipt_and_sees_the_stage(live_server, received, browser, screenshot):
    from tests.browser.test_foundation_journey import log_in

    desk = browser.new_page()
    log_in(desk, live_server.url, "xa.xulydon")
    desk.goto(f"{live_server.url}/petitions/{received.pk}/")
    desk.get_by_role("link", name="In giấy biên nhận").click()
    assert desk.locator(".paper-qr svg").is_visible()
    code = desk.locator(".paper-lookup [data-lookup-code]").inner_text()
    screenshot(desk, "receipt-with-lookup-code")
    # What the QR code holds: the look-up address with the number and the code (tests/petitions checks the QR).
    address = desk.locator(".paper-qr").get_attribute("data-lookup-url")
    assert code in address

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(address)
    assert phone.get_by_text("Đang phân loại, xử lý đơn").is_visible() or phone.get_by_text("Đã tiếp nhận").is_visible()
    assert phone.get_by_text(received.receiving_agency.name).is_visible()
    assert phone.get_by_text(received.deadline.strftime("%d/%m/%Y")).is_visible()
    assert "Triệu Văn Hùng" not in phone.content()
    screenshot(phone, "public-lookup-on-a-phone")

    phone.get_by_label("Số đăng ký").fill(received.register_number)
    phone.get_by_label("Mã tra cứu").fill("ZZZZ2222")
    phone.get_by_role("button", name="Tra cứu").click()
    assert phone.get_by_text("Không tìm thấy đơn với số đăng ký và mã tra cứu này.").is_visible()
