"""An activity edited by two officials at once: the second is told to reload (issue 18)."""

import pytest

from support.models import Activity
from support.services import activity_record
from tests.stale_saves import EditPage, one_won, race, stale_page_scenario

PAGES = [
    EditPage(
        route="support:activity_update",
        record="draft_activity",
        official="health_officer",
        field="description",
        first="Khám bệnh cho người cao tuổi thôn Nà Làng (bổ sung số liệu)",
        second="Khám bệnh, cấp thuốc (bản của người thứ hai)",
        read=lambda activity: activity.description,
    ),
]


@pytest.fixture
def draft_activity(health_officer, assignment, examination) -> Activity:
    return activity_record(actor=health_officer, assignment=assignment, data=examination())


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_second_official_saving_a_stale_page_is_told_to_reload(page, request):
    stale_page_scenario(page, request)


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_activity_at_once_one_wins(rebuilt_world, request):
    health_officer = request.getfixturevalue("health_officer")
    activity = request.getfixturevalue("draft_activity")
    examination = request.getfixturevalue("examination")
    descriptions = ["Khám bệnh (bản A)", "Khám bệnh (bản B)"]
    winner = one_won(
        race(
            lambda i: activity_record(
                actor=health_officer,
                assignment=activity.assignment,
                activity=activity.pk,
                version=activity.version,
                data=examination(description=descriptions[i]),
            )
        )
    )
    activity.refresh_from_db()
    assert (activity.description, activity.version) == (winner.description, 2)
