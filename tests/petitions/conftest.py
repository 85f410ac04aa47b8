import datetime as dt

import pytest
import time_machine

from petitions.choices import Channel, Kind
from petitions.services import PetitionerData, petition_accept, petition_classify, petition_receive

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_today():
    """Deadlines depend on today: every petitions test runs on Friday 20 Nov 2026, 9:00 in Hà Nội."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def receive(commune_officer_a):
    """Register a petition at commune A's People's Committee (the officer's agency)."""

    def make(kind=Kind.COMPLAINT, received_on=dt.date(2026, 11, 2), name="Nông Văn Dũng", actor=None, **kwargs):
        petitioners = kwargs.pop(
            "petitioners",
            [PetitionerData(full_name=name, address="Thôn Bản Vàng", id_number="006012345678", phone="0912345678")],
        )
        return petition_receive(
            actor=actor or commune_officer_a,
            receiving_agency=commune_officer_a.agency,
            kind=kind,
            channel=kwargs.pop("channel", Channel.MAIL),
            received_on=received_on,
            summary=kwargs.pop("summary", "Khiếu nại việc bồi thường giải phóng mặt bằng đường tỉnh 258"),
            petitioners=petitioners,
            assignees=kwargs.pop("assignees", [commune_officer_a]),
            **kwargs,
        )

    return make


@pytest.fixture
def accepted(receive, commune_officer_a):
    """A complaint received on 2 Nov 2026, classified and accepted on 5 Nov 2026."""

    def make(**kwargs):
        petition = receive(**kwargs)
        petition = petition_classify(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            qualified=True,
            within_authority=True,
        )
        return petition_accept(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            accepted_on=dt.date(2026, 11, 5),
        )

    return make


@pytest.fixture
def commune_head(db):
    """The chairperson heading Xã Đồng Phúc's People's Committee: assigns handlers and verification."""
    from portal.models import User

    return User.objects.get(username="xa.lanhdao")
