"""A published decision corrected by two officials at once: the second is told to reload (issue 18)."""

import pytest

from tests.stale_saves import EditPage, form_on, one_won, race, stale_page_scenario
from tests.transparency.conftest import REDACTIONS, TEXT
from transparency.services import decision_correct


def _latest_text(decision) -> str:
    return decision.versions.order_by("-number").first().text


def _latest_note(decision) -> str:
    return decision.versions.order_by("-number").first().note


def _preview_then_publish(client, url, fields):
    """Correcting takes two posts: the preview (which gives the hash), then the publication."""
    fields = {**fields, "text": f"{fields['text']}\n{fields['note']}.", "redactions": "\n".join(REDACTIONS)}
    preview = client.post(url, {**fields, "step": "preview"})
    _action, previewed = form_on(preview.content.decode(), "version")
    return client.post(url, {**previewed, "step": "publish"}, follow=True)


PAGES = [
    EditPage(
        route="transparency:correct",
        record="published",
        official="commune_officer_a",
        field="note",  # each official corrects the text and says why; the text shown is the one they saw
        first="Đính chính lần thứ nhất",
        second="Đính chính lần thứ hai",
        read=_latest_note,
        submit=_preview_then_publish,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_second_official_saving_a_stale_page_is_told_to_reload(page, request):
    stale_page_scenario(page, request)


@pytest.mark.django_db(transaction=True)
def test_two_connections_correcting_one_decision_at_once_one_wins(rebuilt_world, request):
    officer = request.getfixturevalue("commune_officer_a")
    decision = request.getfixturevalue("published")
    texts = [TEXT + "\nBản A.", TEXT + "\nBản B."]
    winner = one_won(
        race(
            lambda i: decision_correct(
                actor=officer,
                decision=decision,
                text=texts[i],
                redactions=REDACTIONS,
                note="Sửa lỗi",
                expected_version=1,
            )
        )
    )
    assert (winner.number, _latest_text(decision)) == (2, winner.text)
    assert decision.versions.count() == 2
