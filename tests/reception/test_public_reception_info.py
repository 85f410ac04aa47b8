"""The public agency page tells a citizen where to come, whom to call and when (Decree 64/2014 art. 4)."""

import pytest

from reception.models import ReceptionInfo

pytestmark = pytest.mark.django_db


def test_public_agency_page_shows_reception_address_phone_and_hours(client, reception_officer):
    agency = reception_officer.agency
    agency.phone = "0209 3894 123"
    agency.save(update_fields=["phone"])
    ReceptionInfo.objects.create(agency=agency, place="Phòng tiếp công dân, UBND xã Đồng Phúc", hours="Sáng thứ Năm")
    page = client.get(f"/public/reception/{agency.pk}/").content.decode()
    assert "Phòng tiếp công dân, UBND xã Đồng Phúc" in page
    assert 'href="tel:0209 3894 123"' in page
    assert "Sáng thứ Năm" in page


def test_agency_without_posted_information_shows_its_address_and_says_the_phone_is_not_published(
    client, reception_officer
):
    agency = reception_officer.agency
    agency.address = "Thôn Pác Ngòi, xã Đồng Phúc"
    agency.save(update_fields=["address"])
    page = client.get(f"/public/reception/{agency.pk}/").content.decode()
    assert "Thôn Pác Ngòi, xã Đồng Phúc" in page and "Chưa công bố" in page
