"""A reception session edited by two officials at once: the second is told to reload (issue 18)."""

import datetime as dt

import pytest

from reception.choices import ReceivedBy, SessionKind
from reception.services import reception_session_record, reception_session_update
from tests.reception.conftest import visit
from tests.stale_saves import EditPage, one_won, race, stale_page_scenario

PAGES = [
    EditPage(
        route="reception:edit",
        record="stale_session",
        official="reception_officer",
        url=lambda session: f"/reception/{session.pk}/",  # the edit form sits on the session's page
        field="notes",
        first="Bổ sung thành phần tham dự",
        second="Ghi chú của người thứ hai",
        read=lambda session: session.notes,
    ),
]


def _session(officer):
    return reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=dt.date(2026, 11, 19),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="Hà Minh Lan",
        visits=[visit()],
    )


@pytest.fixture
def stale_session(reception_officer):
    return _session(reception_officer)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_second_official_saving_a_stale_page_is_told_to_reload(page, request):
    stale_page_scenario(page, request)


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_session_at_once_one_wins(rebuilt_world):
    from portal.models import User

    officer = User.objects.get(username="xa.tiepdan")
    session = _session(officer)
    notes = ["Ghi chú thứ nhất", "Ghi chú thứ hai"]
    results = race(
        lambda i: reception_session_update(
            actor=officer, session_id=session.pk, expected_version=session.version, notes=notes[i]
        )
    )
    winner = one_won(results)
    session.refresh_from_db()
    assert (session.notes, session.version) == (winner.notes, 2)
