"""Filters accept only what the official may see: a round (or a programme) from outside the scope is an
invalid choice exactly like one that does not exist, so a filter never tells that it exists elsewhere. The
page then lists its rows unfiltered, the API answers 400. The rounds API takes its own filters."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import RequestFactory

from models_registry.choices import RecognitionLevel
from models_registry.filtersets import ModelFilterSet, RoundFilterSet
from models_registry.models import MobilizationModel, Round
from models_registry.services import model_create, round_create
from portal.models import User
from tests.models_registry.conftest import model_data, today
from tests.models_registry.test_list_filters import friendly_round, old_round  # noqa: F401 (fixtures)
from tests.portal.test_api_schema_conformance import conforms, schema  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

MODELS = "/api/v1/models/"
ROUNDS = "/api/v1/model-rounds/"
NOWHERE = 999999


@pytest.fixture
def neighbour(db) -> User:
    """xa2.danvan: the officer in charge of the movement in Xã Hoàng Trĩ, next to Xã Đồng Phúc."""
    return User.objects.select_related("agency__unit").get(username="xa2.danvan")


@pytest.fixture
def commune_model(commune_round, commune_movement_officer):
    return model_create(
        actor=commune_movement_officer,
        round=commune_round,
        data=model_data(name="Chi bộ thôn Nà Dau tuyên truyền", owner_name="Chi bộ thôn Nà Dau"),
    )


@pytest.fixture
def neighbour_model(province_round, neighbour):
    """Hoàng Trĩ's own registration, in the province's round."""
    return model_create(
        actor=neighbour,
        round=province_round,
        data=model_data(name="Tổ tự quản bảo vệ rừng Hoàng Trĩ", owner_name="Thôn Khuổi Luông"),
    )


def page_names(client, query: str) -> set[str]:
    response = client.get(f"/models/?{query}")
    assert response.status_code == 200
    return set(re.findall(r'<a href="/models/\d+/">([^<]+)</a>', response.content.decode()))


def request_of(user):
    request = RequestFactory().get("/models/")
    request.user = user
    return request


# --- The models list ----------------------------------------------------------------------------------


def test_a_round_of_another_commune_matches_nothing_and_the_page_lists_its_own_rows(
    client_for, neighbour, commune_round, commune_model, neighbour_model
):
    client = client_for(neighbour)

    shown = page_names(client, f"round={commune_round.pk}")

    assert commune_model.name not in shown
    assert shown == page_names(client, f"round={NOWHERE}") == page_names(client, "") == {neighbour_model.name}
    filterset = ModelFilterSet(
        {"round": commune_round.pk},
        queryset=MobilizationModel.objects.visible_to(neighbour),
        request=request_of(neighbour),
    )
    assert not filterset.is_valid() and "round" in filterset.errors


def test_the_api_answers_a_round_of_another_commune_as_one_that_does_not_exist(
    api_for,
    neighbour,
    commune_round,
    commune_model,
    neighbour_model,
    conforms,  # noqa: F811
):
    api = api_for(neighbour)

    refused = api.get(MODELS, {"round": commune_round.pk})

    assert refused.status_code == 400 and "round" in refused.json()
    conforms(refused, MODELS)
    assert api.get(MODELS, {"round": NOWHERE}).json() == refused.json()


def test_rounds_in_scope_or_above_still_filter(
    api_for, neighbour, commune_movement_officer, province_round, commune_round, commune_model, neighbour_model
):
    own = api_for(commune_movement_officer).get(MODELS, {"round": commune_round.pk})
    assert [row["id"] for row in own.json()["results"]] == [commune_model.pk]
    above = api_for(neighbour).get(MODELS, {"round": province_round.pk})
    assert [row["id"] for row in above.json()["results"]] == [neighbour_model.pk]


def test_a_programme_run_only_in_another_commune_is_not_offered(
    api_for,
    client_for,
    neighbour,
    friendly_programme,
    dvk_programme,
    dong_phuc,
    commune_movement_officer,
    province_round,
):
    round_create(
        actor=commune_movement_officer,
        programme=friendly_programme,
        unit=dong_phuc,
        year=today().year,
        name="Chính quyền thân thiện xã Đồng Phúc",
        registration_opens=province_round.registration_opens,
        registration_closes=province_round.registration_closes,
        recognition_level=RecognitionLevel.COMMUNE,
        pass_threshold=Decimal("60"),
        spread_threshold=Decimal("20"),
    )
    api = api_for(neighbour)
    assert api.get(MODELS, {"programme": dvk_programme.pk}).status_code == 200
    refused = api.get(MODELS, {"programme": friendly_programme.pk})
    assert refused.status_code == 400 and "programme" in refused.json()
    body = client_for(neighbour).get("/models/").content.decode()
    programme_select = body.split('name="programme"')[1].split("</select>")[0]
    assert dvk_programme.short_name in programme_select and friendly_programme.short_name not in programme_select
    assert api_for(commune_movement_officer).get(MODELS, {"programme": friendly_programme.pk}).status_code == 200


def test_a_filterset_without_an_official_offers_no_round(movement_officer, province_round):
    data = {"round": province_round.pk}
    assert "round" in ModelFilterSet(data, queryset=MobilizationModel.objects.all()).errors
    assert ModelFilterSet(data, queryset=MobilizationModel.objects.all(), user=movement_officer).is_valid()


# --- The rounds API ---------------------------------------------------------------------------------------


@pytest.fixture
def rounds(province_round, commune_round, friendly_round, old_round):  # noqa: F811
    return {"province": province_round, "commune": commune_round, "friendly": friendly_round, "old": old_round}


def round_ids(api, **query) -> set[int]:
    response = api.get(ROUNDS, query)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def named(rounds, *keys) -> set[int]:
    return {rounds[key].pk for key in keys}


def test_the_rounds_list_filters_by_programme_year_level_and_unit_subtree(
    api_for,
    movement_officer,
    rounds,
    friendly_programme,
    dvk_programme,
    bac_kan,
    dong_phuc,
    conforms,  # noqa: F811
):
    api = api_for(movement_officer)
    assert round_ids(api) == named(rounds, "province", "commune", "friendly", "old")
    assert round_ids(api, programme=friendly_programme.pk) == named(rounds, "friendly")
    assert round_ids(api, year=2023) == named(rounds, "old")
    assert round_ids(api, level="commune") == named(rounds, "commune")
    assert round_ids(api, unit=dong_phuc.parent_id) == named(rounds, "commune")  # Huyện Ba Bể and its communes
    assert round_ids(api, unit=bac_kan.pk) == named(rounds, "province", "commune", "friendly", "old")
    assert round_ids(api, programme=dvk_programme.pk, year=today().year, level="province") == named(rounds, "province")
    conforms(api.get(ROUNDS, {"programme": dvk_programme.pk}), ROUNDS)


@pytest.mark.parametrize("name", ["programme", "year", "level", "unit"])
def test_junk_in_a_rounds_filter_is_a_400_that_names_it(api_for, movement_officer, rounds, name):
    response = api_for(movement_officer).get(ROUNDS, {name: "abc"})
    assert response.status_code == 400 and name in response.json()


def test_another_commune_filters_the_rounds_it_sees_and_learns_nothing_of_the_others(
    api_for, neighbour, rounds, dong_phuc, dvk_programme
):
    api = api_for(neighbour)
    assert round_ids(api, programme=dvk_programme.pk) == named(rounds, "province", "old")
    assert round_ids(api, unit=dong_phuc.pk) == set()  # Đồng Phúc's own round stays out of sight
    assert round_ids(api, level="commune") == set()


def test_the_round_filterset_is_the_one_the_api_uses(movement_officer, rounds, friendly_programme):
    filterset = RoundFilterSet(
        {"programme": friendly_programme.pk},
        queryset=Round.objects.visible_to(movement_officer),
        request=request_of(movement_officer),
    )
    assert set(filterset.qs.values_list("pk", flat=True)) == named(rounds, "friendly")


def test_the_filtered_rounds_list_runs_a_bounded_number_of_queries(
    api_for, movement_officer, rounds, dvk_programme, django_assert_max_num_queries
):
    api = api_for(movement_officer)
    api.get(ROUNDS)
    with django_assert_max_num_queries(5):  # the programme choice, the count, the page
        assert api.get(ROUNDS, {"programme": dvk_programme.pk, "unit": rounds["province"].unit_id}).status_code == 200
