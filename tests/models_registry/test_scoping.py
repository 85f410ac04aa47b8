"""Who sees which models and rounds: a department its own registrations, a council member the models given
to them, the movement office and leaders their subtree, a commune nothing of the province's; the public
showcase only what was approved for publication."""

from __future__ import annotations

import pytest
from django.http import Http404

from models_registry.choices import Outcome, Status
from models_registry.models import MobilizationModel, Round
from models_registry.selectors import (
    funnel_counts,
    model_detail,
    model_list,
    my_assignments,
    showcase_model,
    showcase_models,
)
from models_registry.services import decision_issue, model_create, model_publish
from portal.models import Agency
from tests.models_registry.conftest import make_official, model_data, province_agency, today
from tests.models_registry.test_decisions import scored


def visible(user) -> set[str]:
    return set(MobilizationModel.objects.visible_to(user).values_list("name", flat=True))


@pytest.fixture
def commune_model(commune_round, commune_movement_officer):
    """A model of Xã Đồng Phúc, registered by its People's Committee in the commune's own round."""
    return model_create(
        actor=commune_movement_officer,
        round=commune_round,
        data=model_data(name="Chi bộ thôn Bản Chán vận động trồng chè", owner_name="Chi bộ thôn Bản Chán"),
    )


def test_a_department_sees_only_the_models_it_registered(
    draft_model, commune_model, department_officer_sokhcn, bac_kan
):
    other_department = make_official("snv.canbo", province_agency(bac_kan, "SNV"))

    assert visible(department_officer_sokhcn) == {draft_model.name}
    assert visible(other_department) == set()
    with pytest.raises(Http404):
        model_detail(other_department, draft_model.pk)


def test_a_council_member_sees_the_models_assigned_to_them(evaluating_model, draft_model, council_members):
    member = council_members[1]  # Home Affairs: sees nothing of the Science department's but its assignment

    assert visible(member) == {evaluating_model.name}
    assert model_detail(member, evaluating_model.pk) == evaluating_model
    assert [a.model_id for a in my_assignments(member)] == [evaluating_model.pk]


def test_a_council_member_sees_no_model_before_assignment(draft_model, council_members):
    assert visible(council_members[1]) == set()
    assert my_assignments(council_members[1]).count() == 0


def test_the_provincial_movement_office_and_leaders_see_the_whole_province(
    draft_model, commune_model, movement_officer, province_leader, inspector
):
    for official in (movement_officer, province_leader, inspector):
        assert visible(official) == {draft_model.name, commune_model.name}


def test_a_commune_official_sees_the_communes_models_but_not_the_provinces(
    draft_model, commune_model, commune_movement_officer, commune_officer_a, commune_officer_b
):
    assert visible(commune_movement_officer) == {commune_model.name}
    assert visible(commune_officer_b) == set()  # the neighbouring commune
    with pytest.raises(Http404):
        model_detail(commune_movement_officer, draft_model.pk)


def test_rounds_are_seen_where_models_register_with_them(
    province_round, commune_round, commune_officer_b, commune_movement_officer, department_officer_sokhcn
):
    def rounds(user):
        return set(Round.objects.visible_to(user).values_list("pk", flat=True))

    assert rounds(commune_movement_officer) == {province_round.pk, commune_round.pk}  # its own and the one above
    assert rounds(department_officer_sokhcn) == {province_round.pk, commune_round.pk}  # launched in its subtree
    assert rounds(commune_officer_b) == {province_round.pk}  # not the neighbour's commune round


def test_a_commune_cannot_register_in_a_neighbours_round(commune_round, commune_officer_b, db):
    from portal.services import NotFound

    neighbour = make_official("xa2.danvan.moi", Agency.objects.get(pk=commune_officer_b.agency_id))
    with pytest.raises(NotFound):
        model_create(actor=neighbour, round=commune_round, data=model_data())


def test_an_official_without_the_registration_right_cannot_register(province_round, commune_officer_a):
    from portal.services import NotPermitted

    with pytest.raises(NotPermitted):
        model_create(actor=commune_officer_a, round=province_round, data=model_data())


def test_the_list_selector_takes_the_list_filters(draft_model, commune_model, movement_officer):
    assert set(model_list(movement_officer, {"q": "ban chan"}).values_list("pk", flat=True)) == {commune_model.pk}
    assert list(model_list(movement_officer, {"status": [Status.DRAFT]}).order_by("pk")) == [draft_model, commune_model]


def test_funnel_counts_registered_recognised_and_typical(
    evaluating_model, draft_model, commune_model, council_members, movement_officer
):
    scored(evaluating_model, council_members)
    decision_issue(
        actor=movement_officer,
        round=evaluating_model.round,
        number="20-QĐ/BDVTU",
        issued_on=today(),
        signer="Hà Thị Phương",
        entries=[{"model": evaluating_model, "outcome": Outcome.TYPICAL}],
    )

    assert funnel_counts(MobilizationModel.objects.visible_to(movement_officer)) == {
        "registered": 1,
        "recognized": 1,
        "typical": 1,
    }


def test_the_showcase_shows_only_published_typical_models(evaluating_model, council_members, movement_officer, db):
    assert not showcase_models().exists()
    scored(evaluating_model, council_members)
    decision_issue(
        actor=movement_officer,
        round=evaluating_model.round,
        number="21-QĐ/BDVTU",
        issued_on=today(),
        signer="Hà Thị Phương",
        entries=[{"model": evaluating_model, "outcome": Outcome.TYPICAL}],
    )
    assert not showcase_models().exists()  # typical, but not yet approved for publication
    with pytest.raises(Http404):
        showcase_model(evaluating_model.pk)

    model_publish(actor=movement_officer, model=evaluating_model, summary="Hỗ trợ người dân nộp hồ sơ trực tuyến.")

    [shown] = showcase_models()
    assert shown.public_summary == "Hỗ trợ người dân nộp hồ sơ trực tuyến."
    assert showcase_model(evaluating_model.pk).pk == evaluating_model.pk
    deferred = shown.get_deferred_fields()
    assert {"address", "situation", "status_reason", "created_by_id", "score"} <= deferred


def test_my_assignments_is_one_query_for_many(evaluating_model, council_members, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(my_assignments(council_members[0]))
        assert rows[0].model.round.programme.short_name == "Dân vận khéo"
        assert rows[0].criteria_count == 8


def test_roles_carry_the_registry_permissions(department_officer_sokhcn, province_leader, inspector, province_admin):
    assert department_officer_sokhcn.has_perm("models_registry.add_mobilizationmodel")
    assert department_officer_sokhcn.has_perm("models_registry.change_mobilizationmodel")
    assert department_officer_sokhcn.has_perm("models_registry.view_round")
    for official in (province_leader, inspector, province_admin):
        assert official.has_perm("models_registry.view_mobilizationmodel")
        assert official.has_perm("models_registry.view_decision")
        assert not official.has_perm("models_registry.add_mobilizationmodel")
