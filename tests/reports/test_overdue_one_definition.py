"""The overdue tile and the overdue panel of a dashboard are one figure: cases, with one label.

Both count the cases within authority that had to be settled in the period, were past their
settlement due date at its end and not settled by then; the panel lists them (one row per case,
its lead petition) among those the official may see, and opens the same list as the tile.
"""

import datetime as dt
import re

import pytest
import time_machine

from petitions.services import PetitionerData, petition_accept, petition_classify, petition_receive

pytestmark = pytest.mark.django_db

LABEL = "Vụ việc quá hạn chưa giải quyết"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def accepted_case(actor, *, handling_agency=None, received_on=dt.date(2026, 8, 3)):
    petition = petition_receive(
        actor=actor,
        receiving_agency=actor.agency,
        handling_agency=handling_agency,
        kind="complaint",
        channel="mail",
        received_on=received_on,
        summary="Khiếu nại chưa được giải quyết",
        petitioners=[PetitionerData("Hà Văn K")],
    )
    petition = petition_classify(
        actor=None, petition_id=petition.pk, expected_version=None, qualified=True, within_authority=True
    )
    return petition_accept(
        actor=None, petition_id=petition.pk, expected_version=None, accepted_on=received_on + dt.timedelta(days=3)
    )


def tile(page: str) -> int:
    found = re.search(rf"<dt>{LABEL}</dt><dd><a [^>]*>(\d+)</a>", page)
    assert found, "the tile is missing"
    return int(found.group(1))


def test_the_overdue_tile_and_panel_show_the_same_number_of_cases(client_for, province_leader, commune_officer_a):
    late = accepted_case(commune_officer_a)  # accepted 6 Aug 2026, due early September, not settled
    waiting = petition_receive(  # past its processing deadline, but no case to settle yet
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="complaint",
        channel="mail",
        received_on=dt.date(2026, 9, 1),
        summary="Khiếu nại chưa phân loại",
        petitioners=[PetitionerData("Hà Văn L")],
    )
    page = client_for(province_leader).get("/dashboard/?year=2026").content.decode()
    assert tile(page) == 1
    assert f"{LABEL}: 1 vụ việc" in page
    assert late.register_number in page and waiting.register_number not in page
    assert "metric=overdue_open&amp;metric_from=2026-01-01&amp;metric_to=2026-12-31" in page


def test_the_agency_overdue_panel_lists_only_cases_the_official_may_see(
    client_for, commune_officer_a, commune_officer_b, province_leader
):
    """Received in Xã Hoàng Trĩ and handled by Xã Đồng Phúc's agency: Đồng Phúc's officer may not see it."""
    theirs = accepted_case(commune_officer_b, handling_agency=commune_officer_a.agency)
    url = f"/dashboard/agency/{commune_officer_a.agency_id}/?year=2026"
    outsider = client_for(commune_officer_a).get(url).content.decode()
    assert theirs.register_number not in outsider and f"{LABEL}: 0 vụ việc" in outsider
    leader = client_for(province_leader).get(url).content.decode()
    assert theirs.register_number in leader and f"{LABEL}: 1 vụ việc" in leader
