"""The printable papers in Chromium: printed, they show the document without the portal around it, on A4."""

import datetime as dt
import re

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595, 842)  # 210 × 297 mm


def _accepted_complaint():
    from petitions.choices import Channel, Kind
    from petitions.services import PetitionerData, petition_accept, petition_classify, petition_receive
    from portal.models import User

    handler = User.objects.select_related("agency").get(username="xa.xulydon")
    petition = petition_receive(
        actor=handler,
        receiving_agency=handler.agency,
        kind=Kind.COMPLAINT,
        channel=Channel.MAIL,
        received_on=timezone.localdate(),
        summary="Khiếu nại mức bồi thường khi mở rộng đường vào hồ Ba Bể",
        petitioners=[PetitionerData(full_name="Triệu Văn Hùng", address="Thôn Khuổi Luông")],
        assignees=[handler],
    )
    petition = petition_classify(
        actor=handler, petition_id=petition.pk, expected_version=petition.version, qualified=True, within_authority=True
    )
    return petition_accept(
        actor=handler, petition_id=petition.pk, expected_version=petition.version, accepted_on=timezone.localdate()
    )


def _session():
    from portal.models import User
    from reception.services import CitizenData, VisitData, reception_session_record

    officer = User.objects.select_related("agency").get(username="xa.tiepdan")
    return reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=timezone.localdate(),
        kind="regular",
        received_by="staff",
        receiver=officer,
        receiver_name="Hà Minh Lan, công chức tư pháp - hộ tịch",
        visits=[
            VisitData(
                kind="recommendation",
                content="Kiến nghị sửa cầu treo Nà Làng",
                action="answered",
                citizens=[CitizenData(full_name="Đinh Văn Sáu")],
            )
        ],
    )


def _publish_schedule():
    from portal.models import User
    from reception.services import reception_schedule_publish

    head = User.objects.select_related("agency").get(username="xa.lanhdao")
    reception_schedule_publish(
        actor=head,
        agency=head.agency,
        date=timezone.localdate() + dt.timedelta(days=7),
        start_time=dt.time(8, 0),
        end_time=dt.time(11, 0),
        place="Phòng tiếp công dân UBND xã",
        receiver_name="Chủ tịch UBND xã",
    )


def _page_size_in_points(pdf: bytes) -> tuple[int, int]:
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return round(float(box.group(1))), round(float(box.group(2)))


def _printed(page) -> bytes:
    """The page as the browser prints it: print styles on, portal chrome gone, one A4 PDF."""
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    assert not page.get_by_role("button", name="In (khổ A4)").is_visible()
    assert not page.locator("footer").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)  # the size the stylesheet asks for (@page)
    assert pdf.startswith(b"%PDF")
    assert _page_size_in_points(pdf) == A4_POINTS
    return pdf


def test_petition_papers_print_on_a4_without_the_portal_around_them(live_server, demo_world, browser, screenshot):
    from tests.browser.test_foundation_journey import log_in

    petition = _accepted_complaint()
    page = browser.new_page()
    log_in(page, live_server.url, "xa.xulydon")
    page.goto(f"{live_server.url}/petitions/{petition.pk}/")
    page.get_by_role("link", name="In giấy biên nhận").click()
    assert page.get_by_role("heading", name=re.compile("GIẤY BIÊN NHẬN ĐƠN")).is_visible()
    _printed(page)
    paper = page.locator("article.paper")
    assert paper.get_by_text(petition.register_number).first.is_visible()
    assert paper.get_by_text("Triệu Văn Hùng").is_visible()
    screenshot(page, "print-receipt")

    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/petitions/{petition.pk}/")
    page.get_by_role("link", name="In thông báo thụ lý").click()
    assert page.get_by_role("heading", name=re.compile("THÔNG BÁO THỤ LÝ")).is_visible()
    _printed(page)
    assert paper.get_by_text(petition.register_number).first.is_visible()
    assert paper.get_by_text(petition.settlement_due.strftime("%d/%m/%Y")).first.is_visible()
    screenshot(page, "print-acceptance")


def test_reception_minutes_print_on_a4(live_server, demo_world, browser, screenshot):
    from tests.browser.test_foundation_journey import log_in

    session = _session()
    page = browser.new_page()
    log_in(page, live_server.url, "xa.tiepdan")
    page.goto(f"{live_server.url}/reception/{session.pk}/")
    page.get_by_role("link", name="In biên bản").click()
    assert page.get_by_role("heading", name=re.compile("BIÊN BẢN BUỔI TIẾP CÔNG DÂN")).is_visible()
    _printed(page)
    assert page.get_by_text("Kiến nghị sửa cầu treo Nà Làng").is_visible()
    assert page.get_by_text("Đinh Văn Sáu").is_visible()
    screenshot(page, "print-minutes")


def test_public_schedule_prints_the_table_without_the_search(live_server, demo_world, browser):
    _publish_schedule()
    page = browser.new_page()
    page.goto(f"{live_server.url}/public/reception/")
    assert page.get_by_role("button", name="In lịch tiếp").is_visible()
    page.emulate_media(media="print")
    assert page.get_by_role("heading", name="Lịch tiếp công dân của lãnh đạo").is_visible()
    assert page.get_by_text("Phòng tiếp công dân UBND xã").is_visible()
    assert not page.get_by_role("button", name="Tìm").is_visible()
    assert not page.get_by_role("button", name="In lịch tiếp").is_visible()
    assert page.get_by_text(re.compile("Lịch công bố, in ngày")).is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    assert _page_size_in_points(pdf) == A4_POINTS
