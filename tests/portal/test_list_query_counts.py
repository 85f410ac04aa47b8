"""Every organisation list, page and API, runs the same number of queries for 2 rows as for 12.

Units, agencies, officials, the audit trail and the inbox: each test reads a list with a small set of
rows, adds more and reads it again, so a query made once per row shows up as a difference between the
two counts. Each also checks that the rows are on the page, so an empty or refused page cannot pass.
"""

import datetime as dt

import pytest
import time_machine

from petitions.services import PetitionerData, petition_classify, petition_receive
from petitions.services.approvals import proposal_submit
from portal.choices import AgencyKind, Generation, Level, Role
from portal.models import AdministrativeUnit, Agency, User
from portal.services import audit_record, official_create
from tests.query_counts import (
    LARGE,
    SMALL,
    assert_api_lists,
    assert_page_shows,
    assert_same_query_count,
    read,
    read_at_two_sizes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def test_district():
    """A district of test communes under Bắc Kạn, so that a list filtered to it holds only what a test adds."""
    province = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code="06")
    return AdministrativeUnit.objects.create(
        generation=Generation.LEGACY, level=Level.DISTRICT, code="999", name="Huyện Thử Nghiệm", parent=province
    )


@pytest.fixture
def communes(test_district):
    made = []

    def add(n):
        for _ in range(n):
            i = len(made) + 1
            made.append(
                AdministrativeUnit.objects.create(
                    generation=Generation.LEGACY,
                    level=Level.COMMUNE,
                    code=f"999{i:02}",
                    name=f"Xã Thử Nghiệm {i}",
                    parent=test_district,
                    remote_area=i % 2 == 0,
                )
            )
        return made

    add.made = made
    return add


@pytest.fixture
def agencies(test_district, communes):
    """Add n People's Committees of test communes, each under the test district's committee and with a head."""
    district_committee = Agency.objects.create(
        name="Ủy ban nhân dân Huyện Thử Nghiệm", kind=AgencyKind.PEOPLES_COMMITTEE, unit=test_district
    )
    heads = list(User.objects.filter(username__in=["xa.lanhdao", "xa2.lanhdao", "huyen.lanhdao"]))
    made = []

    def add(n):
        for unit in communes(n)[-n:]:
            made.append(
                Agency.objects.create(
                    name=f"Ủy ban nhân dân {unit.name}",
                    kind=AgencyKind.PEOPLES_COMMITTEE,
                    unit=unit,
                    parent=district_committee,
                    head=heads[len(made) % len(heads)],
                    phone=f"0209 38{len(made):04}",
                )
            )
        return made

    add.made = made
    return add


@pytest.fixture
def officials(province_admin, commune_officer_a):
    """Add n officials to commune A's People's Committee, with one or two roles each."""
    made = []

    def add(n):
        for _ in range(n):
            i = len(made)
            made.append(
                official_create(
                    actor=province_admin,
                    username=f"xa.thu{i:02}",
                    full_name=f"Cán Bộ Thử {i:02}",
                    password_hash="!unusable",
                    agency=commune_officer_a.agency,
                    roles=[Role.PETITION_HANDLER, Role.INSPECTOR][: 1 + i % 2],
                    position="Công chức",
                )
            )
        return made

    add.made = made
    return add


# --- HTML pages -------------------------------------------------------------------------------


def test_unit_list_page(client_for, commune_officer_a, test_district, communes):
    url = f"/units/?parent={test_district.pk}"
    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), url, communes)

    assert_page_shows(at_small[0], [f"/units/{u.pk}/" for u in communes.made[:SMALL]])
    assert_page_shows(at_large[0], [f"/units/{u.pk}/" for u in communes.made])
    assert at_large[0].content.decode().count("Huyện Thử Nghiệm") >= LARGE  # every row names its parent
    assert_same_query_count(
        at_small, at_large, cap=12
    )  # +1: the menu asks whether an official without the registry's right sits on a council


def test_unit_page_lists_its_communes_and_agencies(client_for, commune_officer_a, test_district, agencies):
    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), f"/units/{test_district.pk}/", agencies)

    assert_page_shows(at_large[0], [f"/units/{a.unit_id}/" for a in agencies.made])
    assert_same_query_count(
        at_small, at_large, cap=16
    )  # +1: the menu asks whether an official without the registry's right sits on a council


def test_agency_list_page(client_for, commune_officer_a, test_district, agencies):
    url = f"/agencies/?unit={test_district.pk}"
    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), url, agencies)

    assert_page_shows(at_small[0], [a.name for a in agencies.made[:SMALL]])
    assert_page_shows(at_large[0], [a.name for a in agencies.made])
    assert_page_shows(at_large[0], [a.unit.name for a in agencies.made])
    assert_same_query_count(
        at_small, at_large, cap=12
    )  # +1: the menu asks whether an official without the registry's right sits on a council


def test_official_list_page(client_for, commune_admin, officials):
    at_small, at_large = read_at_two_sizes(client_for(commune_admin), "/officials/", officials)

    assert_page_shows(at_small[0], [o.username for o in officials.made[:SMALL]])
    assert_page_shows(at_large[0], [o.username for o in officials.made])
    page = at_large[0].content.decode()
    assert page.count(str(Role.INSPECTOR.label)) >= LARGE // 2  # roles come from the prefetched groups
    assert_same_query_count(at_small, at_large, cap=13)


def test_official_list_page_filtered_by_role(client_for, commune_admin, officials):
    url = f"/officials/?role={Role.PETITION_HANDLER.value}"
    at_small, at_large = read_at_two_sizes(client_for(commune_admin), url, officials)

    assert_page_shows(at_large[0], [o.username for o in officials.made])
    assert_same_query_count(at_small, at_large, cap=13)


def test_agency_page_lists_its_officials(client_for, commune_admin, commune_officer_a, officials):
    url = f"/agencies/{commune_officer_a.agency_id}/"
    at_small, at_large = read_at_two_sizes(client_for(commune_admin), url, officials)

    assert_page_shows(at_large[0], [o.full_name for o in officials.made])
    assert_same_query_count(at_small, at_large, cap=15)


def test_audit_list_page(client_for, commune_admin, commune_officer_a, province_admin):
    """Events by different officials (and by the system) about different targets, all in commune A."""
    reception_officer = User.objects.get(username="xa.tiepdan")
    actors = [commune_officer_a, province_admin, reception_officer, None]
    made = []

    def add(n):
        for _ in range(n):
            i = len(made)
            made.append(
                audit_record(
                    actor=actors[i % len(actors)],
                    verb="test.checked",
                    target=actors[(i + 1) % len(actors)] or commune_officer_a.agency,
                    unit=commune_officer_a.agency.unit,
                    before="a",
                    after=f"b{i:02}",
                )
            )

    at_small, at_large = read_at_two_sizes(client_for(commune_admin), "/audit/?verb=test.", add)

    assert_page_shows(at_large[0], [f"→ b{i:02}" for i in range(LARGE)])
    assert at_large[0].content.decode().count('<span class="mono muted">test.checked</span>') == LARGE
    assert_same_query_count(at_small, at_large, cap=13)


def test_notification_list_page(client_for, commune_officer_a):
    """The head's inbox fills with proposals to approve; opening it marks the new ones read (one update)."""
    head = User.objects.get(username="xa.lanhdao")
    numbers = []

    def add(n):
        for _ in range(n):
            petition = petition_receive(
                actor=commune_officer_a,
                receiving_agency=commune_officer_a.agency,
                kind="complaint",
                channel="mail",
                received_on=dt.date(2026, 11, 2),
                summary="Khiếu nại bồi thường",
                petitioners=[PetitionerData("Nông Văn Dũng")],
                assignees=[commune_officer_a],
            )
            petition = petition_classify(
                actor=commune_officer_a,
                petition_id=petition.pk,
                expected_version=petition.version,
                qualified=True,
                within_authority=True,
            )
            proposal_submit(
                actor=commune_officer_a,
                petition=petition,
                step="accept",
                cleaned={"version": petition.version, "accepted_on": dt.date(2026, 11, 5)},
            )
            numbers.append(petition.register_number)

    client = client_for(head)
    client.get("/notifications/")  # warm up on the empty inbox: both reads below find unread messages
    add(SMALL)
    at_small = read(client, "/notifications/")
    add(LARGE - SMALL)
    at_large = read(client, "/notifications/")

    assert_page_shows(at_small[0], numbers[:SMALL])
    assert_page_shows(at_large[0], numbers)
    assert at_large[0].content.decode().count('<span class="badge">') == LARGE - SMALL
    assert head.notifications.unread().count() == 0
    assert_same_query_count(at_small, at_large, cap=11)


# --- API lists --------------------------------------------------------------------------------


def test_unit_api_list(api_for, commune_officer_a, test_district, communes):
    url = f"/api/v1/units/?parent={test_district.pk}"
    at_small, at_large = read_at_two_sizes(api_for(commune_officer_a), url, communes)

    assert_api_lists(at_small[0], SMALL)
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["code"] for row in rows} == {u.code for u in communes.made}
    assert {row["parent_code"] for row in rows} == {"999"}
    assert_same_query_count(at_small, at_large, cap=5)


def test_agency_api_list(api_for, commune_officer_a, test_district, agencies):
    url = f"/api/v1/agencies/?unit={test_district.pk}&kind=peoples_committee"
    at_small, at_large = read_at_two_sizes(api_for(commune_officer_a), url, agencies)

    assert_api_lists(at_small[0], SMALL + 1)  # the district's own committee, and its communes'
    rows = assert_api_lists(at_large[0], LARGE + 1)
    assert {row["unit_name"] for row in rows} >= {a.unit.name for a in agencies.made}
    assert_same_query_count(at_small, at_large, cap=5)


def test_official_api_list(api_for, commune_admin, commune_officer_a, officials):
    url = f"/api/v1/officials/?q=xa.thu&agency={commune_officer_a.agency_id}"
    at_small, at_large = read_at_two_sizes(api_for(commune_admin), url, officials)

    assert_api_lists(at_small[0], SMALL)
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["username"] for row in rows} == {o.username for o in officials.made}
    assert all(row["agency_name"] == commune_officer_a.agency.name and row["roles"] for row in rows)
    assert_same_query_count(at_small, at_large, cap=6)
