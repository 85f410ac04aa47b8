"""The petition register stays usable over millions of rows (issue 17): it stops counting at a bound and says
"more than", a dashboard number's list still counts exactly, and a search finds each petition once although its
petitioners, assignees and identity rule are many-valued."""

import datetime as dt

import pytest

from petitions.choices import Kind
from petitions.services import PetitionerData
from petitions.views import lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(receive):
    return [receive(received_on=dt.date(2026, 11, day), summary=f"Khiếu nại số {day}") for day in range(2, 7)]


def test_a_register_longer_than_the_bound_says_more_than_and_still_pages(
    client_for, commune_officer_a, five, monkeypatch
):
    monkeypatch.setattr(lists, "COUNT_BOUND", 3)
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    client = client_for(commune_officer_a)

    page = client.get("/petitions/").content.decode()

    assert "Hơn 3 đơn" in page and 'data-total-at-least="3"' in page
    assert "Trang 1 / hơn 2" in page
    assert page.count("Khiếu nại số") == 2
    second = client.get("/petitions/", {"page": 2}).content.decode()
    assert second.count("Khiếu nại số") == 2
    assert "Khiếu nại số 4" in second  # newest first: 6, 5 | 4, 3


def test_a_register_within_the_bound_gives_its_exact_count(client_for, commune_officer_a, five, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_BOUND", 5)
    page = client_for(commune_officer_a).get("/petitions/").content.decode()
    assert 'data-total="5"' in page and "Hơn" not in page


def test_a_dashboard_number_s_list_counts_exactly_past_the_bound(client_for, commune_officer_a, five, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_BOUND", 2)
    unit = commune_officer_a.agency.unit
    query = {"unit": unit.pk, "received_from": "2026-11-01", "received_to": "2026-11-30"}

    page = client_for(commune_officer_a).get("/petitions/", query).content.decode()

    assert 'data-total="5"' in page and "Hơn" not in page


@pytest.mark.parametrize(
    "kind, searches",
    [
        (Kind.COMPLAINT, ("Lò", "Tìm", "dat rung")),
        # a denouncer is found by the exact name only (docs/security.md): no part of it is stored readable
        (Kind.DENUNCIATION, ("Lò Văn Tìm", "lo thi tim", "dat rung")),
    ],
)
def test_a_search_shows_a_petition_once_whatever_its_petitioners_and_assignees(
    client_for, commune_officer_a, commune_admin, receive, kind, searches
):
    petition = receive(
        kind=kind,
        summary="Tố cáo sai phạm đất rừng" if kind == Kind.DENUNCIATION else "Khiếu nại sai phạm đất rừng",
        petitioners=[PetitionerData("Lò Văn Tìm"), PetitionerData("Lò Thị Tìm")],
        assignees=[commune_officer_a, commune_admin],
    )
    client = client_for(commune_officer_a)

    for text in searches:
        page = client.get("/petitions/", {"q": text}).content.decode()
        assert page.count(f">{petition.register_number}<") == 1, text
        assert 'data-total="1"' in page, text
