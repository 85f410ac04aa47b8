"""A registration or a round edited by two officials at once: the second is told to reload (issue 18)."""

import pytest

from models_registry.choices import CouncilRole
from models_registry.services import council_set, model_update, round_update
from portal.concurrency import ConcurrentEdit
from tests.stale_saves import EditPage, one_won, race, stale_page_scenario

PAGES = [
    EditPage(
        route="models_registry:edit",
        record="draft_model",
        official="department_officer_sokhcn",
        field="goals",
        first="Mục tiêu sửa lần thứ nhất",
        second="Mục tiêu sửa lần thứ hai",
        read=lambda model: model.goals,
        extra={"intent": "draft"},
    ),
    EditPage(
        route="models_registry:round-detail",  # the round's set-up is edited on its page
        record="province_round",
        official="movement_officer",
        field="name",
        first="Đợt “Dân vận khéo” cấp tỉnh (tên sửa lần thứ nhất)",
        second="Đợt “Dân vận khéo” cấp tỉnh (tên sửa lần thứ hai)",
        read=lambda round_: round_.name,
    ),
    EditPage(
        route="models_registry:round-detail",  # its criteria, on the same page, with the round's version
        form="section=criteria",
        record="province_round",
        official="movement_officer",
        field="criteria-0-text",
        first="Tiêu chí thứ nhất, sửa lần thứ nhất",
        second="Tiêu chí thứ nhất, sửa lần thứ hai",
        read=lambda round_: round_.criteria.first().text,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_second_official_saving_a_stale_page_is_told_to_reload(page, request):
    stale_page_scenario(page, request)


def test_a_council_saved_from_a_stale_page_is_refused_and_the_other_council_stands(
    province_round, movement_officer, council_members
):
    province_round.refresh_from_db()  # setting up its council counted as a save
    loaded = province_round.version
    chair, member, other = council_members
    council_set(actor=movement_officer, round=province_round, members=[(member, CouncilRole.CHAIR)], version=loaded)
    with pytest.raises(ConcurrentEdit, match="tải lại trang"):
        council_set(actor=movement_officer, round=province_round, members=[(other, CouncilRole.CHAIR)], version=loaded)
    assert [(m.user, m.role) for m in province_round.council.all()] == [(member, CouncilRole.CHAIR)]


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_round_at_once_one_wins(rebuilt_world, request):
    officer = request.getfixturevalue("movement_officer")
    round_ = request.getfixturevalue("province_round")
    names = ["Đợt tên A", "Đợt tên B"]
    round_.refresh_from_db()  # setting up its council counted as a save
    loaded = round_.version
    winner = one_won(race(lambda i: round_update(actor=officer, round=round_, version=loaded, name=names[i])))
    round_.refresh_from_db()
    assert (round_.name, round_.version) == (winner.name, loaded + 1)


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_registration_at_once_one_wins(rebuilt_world, request):
    officer = request.getfixturevalue("department_officer_sokhcn")
    model = request.getfixturevalue("draft_model")
    goals = ["Mục tiêu A", "Mục tiêu B"]
    loaded = model.version
    winner = one_won(race(lambda i: model_update(actor=officer, model=model, data={"goals": goals[i]}, version=loaded)))
    model.refresh_from_db()
    assert (model.goals, model.version) == (winner.goals, loaded + 1)
