import datetime as dt

import pytest

from portal.models import User
from privacy.services import subject_request_create


@pytest.fixture
def reception_officer_a(db):
    """The reception officer of Xã Đồng Phúc's People's Committee (commune A)."""
    return User.objects.select_related("agency__unit").get(username="xa.tiepdan")


@pytest.fixture
def subject_request(reception_officer_a):
    """Make a data-subject request received by Xã Đồng Phúc."""

    def make(received_on=dt.date(2026, 11, 16), right="access", name="Lường Thị Khuyên", **kwargs):
        return subject_request_create(
            actor=reception_officer_a,
            unit=reception_officer_a.agency.unit,
            right=right,
            requester_name=name,
            requester_contact=kwargs.pop("contact", "0913000111"),
            details=kwargs.pop("details", "Xin xem dữ liệu cá nhân cổng đang lưu về tôi"),
            received_on=received_on,
        )

    return make
