"""The models registry API: who sees which models and rounds, one POST per step, score sheets per role.

A department sees its own registrations, a council member the models assigned to them, the movement office
and leaders their subtree; a model outside the caller's scope is a 404 on every path that names it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from models_registry.choices import Outcome, Status
from models_registry.models import MobilizationModel
from models_registry.services import decision_issue, model_create, model_publish, score_sheet_save
from portal.choices import Role
from portal.models import User
from tests.models_registry.conftest import (
    FORCES,
    complete_self_assessment,
    make_official,
    model_data,
    province_agency,
    today,
)
from tests.portal.test_api_schema_conformance import conforms, schema  # noqa: F401 (fixtures)
from tests.query_counts import assert_api_lists, assert_same_query_count, read_at_two_sizes

pytestmark = pytest.mark.django_db

MODELS = "/api/v1/models/"
ROUNDS = "/api/v1/model-rounds/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def full_marks(model) -> list[dict]:
    """A sheet giving every criterion that applies to the model its maximum points."""
    return [
        {"criterion": c.pk, "points": str(c.max_points), "comment": "Đạt"}
        for c in model.round.criteria.all()
        if c.applies(model.owner_kind)
    ]


@pytest.fixture
def justice_officer(bac_kan):
    """An officer of the Department of Justice: another department, with models of its own."""
    return make_official("stp.danvan", province_agency(bac_kan, "STP"), position="Chuyên viên Sở Tư pháp")


@pytest.fixture
def justice_model(province_round, justice_officer):
    data = model_data(name="Tổ hòa giải ở cơ sở gắn với trợ giúp pháp lý", owner_name="Sở Tư pháp tỉnh Bắc Kạn")
    return model_create(actor=justice_officer, round=province_round, data=data, forces=FORCES)


@pytest.fixture
def commune_model(commune_round, commune_movement_officer):
    """Xã Đồng Phúc's own model, in its commune round."""
    data = model_data(
        name="Chi bộ thôn Bản Chán tuyên truyền trồng chè vàng",
        owner_name="Chi bộ thôn Bản Chán",
        address="Thôn Bản Chán, xã Đồng Phúc",
    )
    return model_create(actor=commune_movement_officer, round=commune_round, data=data)


@pytest.fixture
def scored_model(evaluating_model, council_members):
    """The department's model with full marks on every member's sheet, submitted."""
    for member in council_members:
        assignment = evaluating_model.assignments.get(member__user=member)
        score_sheet_save(
            actor=member,
            assignment=assignment,
            scores={c["criterion"]: (Decimal(c["points"]), "") for c in full_marks(evaluating_model)},
            submit=True,
        )
    evaluating_model.refresh_from_db()
    return evaluating_model


@pytest.fixture
def typical_model(scored_model, movement_officer):
    decision_issue(
        actor=movement_officer,
        round=scored_model.round,
        number="45/QĐ-BDVTU",
        issued_on=today(),
        signer="Hà Văn Quý",
        signer_position="Trưởng Ban Dân vận Tỉnh ủy",
        entries=[{"model": scored_model, "outcome": Outcome.TYPICAL, "departure_reason": ""}],
    )
    scored_model.refresh_from_db()
    assert scored_model.status == Status.TYPICAL
    return scored_model


# --- Who sees what ----------------------------------------------------------------------------------


def test_a_department_sees_only_its_own_registrations(
    api_for, department_officer_sokhcn, justice_officer, draft_model, justice_model
):
    assert ids(api_for(department_officer_sokhcn).get(MODELS)) == {draft_model.pk}
    assert ids(api_for(justice_officer).get(MODELS)) == {justice_model.pk}
    other = api_for(justice_officer).get(f"{MODELS}{draft_model.pk}/")
    assert other.status_code == 404


def test_a_council_member_sees_the_models_assigned_to_them_and_no_other(
    api_for, council_members, evaluating_model, justice_model
):
    member = council_members[1]  # of the Home Affairs department: no model of its own
    api = api_for(member)
    assert ids(api.get(MODELS)) == {evaluating_model.pk}
    assert api.get(f"{MODELS}{evaluating_model.pk}/").status_code == 200
    assert api.get(f"{MODELS}{justice_model.pk}/").status_code == 404


def test_a_leader_sees_the_subtree_and_nothing_above_it(
    api_for, province_leader, district_leader, draft_model, justice_model, commune_model
):
    assert ids(api_for(province_leader).get(MODELS)) == {draft_model.pk, justice_model.pk, commune_model.pk}
    district = api_for(district_leader)
    assert ids(district.get(MODELS)) == {commune_model.pk}  # Xã Đồng Phúc lies in Huyện Ba Bể
    assert district.get(f"{MODELS}{draft_model.pk}/").status_code == 404


def test_a_neighbouring_commune_meets_404_on_every_path_of_a_model_it_cannot_see(api_for, commune_model):
    neighbour = User.objects.select_related("agency__unit").get(username="xa2.danvan")
    api = api_for(neighbour)
    assert commune_model.pk not in ids(api.get(MODELS))
    base = f"{MODELS}{commune_model.pk}/"
    assert api.get(base).status_code == 404
    assert api.get(f"{base}scores/").status_code == 404
    for step in ("submit", "withdraw", "return", "start-evaluation", "publish", "unpublish", "self-assessment"):
        assert api.post(f"{base}{step}/", {"reason": "x", "summary": "x"}, format="json").status_code == 404, step
    commune_model.refresh_from_db()
    assert commune_model.status == Status.DRAFT


def test_an_official_without_the_registry_roles_is_refused(api_for, commune_officer_b):
    assert api_for(commune_officer_b).get(MODELS).status_code == 403  # a petition handler, no council seat


# --- The list ----------------------------------------------------------------------------------------


def test_the_list_takes_the_list_page_filters(api_for, province_leader, draft_model, justice_model, commune_model):
    api = api_for(province_leader)
    assert ids(api.get(MODELS, {"q": "hoa giai"})) == {justice_model.pk}  # no accents needed
    assert ids(api.get(MODELS, {"level": "commune"})) == {commune_model.pk}
    assert ids(api.get(MODELS, {"unit": commune_model.unit_id})) == {commune_model.pk}
    assert ids(api.get(MODELS, {"status": "draft", "year": today().year})) == {
        draft_model.pk,
        justice_model.pk,
        commune_model.pk,
    }
    assert ids(api.get(MODELS, {"status": "registered"})) == set()
    assert ids(api.get(MODELS, {"programme": draft_model.round.programme_id, "round": draft_model.round_id})) == {
        draft_model.pk,
        justice_model.pk,
    }


@pytest.mark.parametrize("name", ["status", "field", "level", "owner_kind", "round", "programme", "unit", "year"])
def test_junk_in_a_filter_is_a_400_that_names_it(api_for, province_leader, name):
    response = api_for(province_leader).get(MODELS, {name: "abc"})
    assert response.status_code == 400 and name in response.json()


def test_the_list_runs_as_many_queries_for_twelve_models_as_for_two(api_for, province_round, department_officer_sokhcn):
    def add(n):
        for i in range(n):
            model_create(
                actor=department_officer_sokhcn,
                round=province_round,
                data=model_data(name=f"Mô hình số {MobilizationModel.objects.count() + i}"),
            )

    api = api_for(department_officer_sokhcn)
    at_small, at_large = read_at_two_sizes(api, MODELS, add)
    assert_api_lists(at_large[0], 12)
    assert_same_query_count(at_small, at_large, cap=8)


# --- Create ----------------------------------------------------------------------------------------------


def test_a_department_registers_a_draft_through_the_api(api_for, department_officer_sokhcn, province_round):
    body = {
        **{k: str(v) for k, v in model_data().items()},
        "round": province_round.pk,
        "forces": [{"role": "lead", "name": "Văn phòng Sở", "task": "Chủ trì"}],
    }
    response = api_for(department_officer_sokhcn).post(MODELS, body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "draft" and created["registering_agency"] == department_officer_sokhcn.agency_id
    assert created["forces"] == [
        {"id": created["forces"][0]["id"], "role": "lead", "name": "Văn phòng Sở", "task": "Chủ trì"}
    ]
    assert created["steps"] == ["withdraw"]  # submitting waits for the self-assessment


def test_create_is_validated(api_for, department_officer_sokhcn, commune_round):
    api = api_for(department_officer_sokhcn)
    response = api.post(MODELS, {"round": commune_round.pk, "name": "x"}, format="json")
    assert response.status_code == 400 and "field" in response.json()
    # Xã Đồng Phúc's own round takes models of Đồng Phúc, not of a provincial department.
    body = {**{k: str(v) for k, v in model_data().items()}, "round": commune_round.pk}
    response = api.post(MODELS, body, format="json")
    assert response.status_code == 400 and "Địa bàn" in response.json()["detail"]
    neighbour = api_for(User.objects.get(username="xa2.danvan"))  # Hoàng Trĩ does not see Đồng Phúc's round
    response = neighbour.post(MODELS, body, format="json")
    assert response.status_code == 400 and "round" in response.json()
    assert not MobilizationModel.objects.exists()


def test_a_leader_reads_but_does_not_register(api_for, province_leader, province_round):
    body = {**{k: str(v) for k, v in model_data().items()}, "round": province_round.pk}
    assert api_for(province_leader).post(MODELS, body, format="json").status_code == 403


# --- Steps -----------------------------------------------------------------------------------------


def test_the_registrant_self_assesses_and_submits_through_the_api(api_for, department_officer_sokhcn, draft_model):
    api = api_for(department_officer_sokhcn)
    path = f"{MODELS}{draft_model.pk}/"
    refused = api.post(f"{path}submit/")
    assert refused.status_code == 409 and refused.json()["detail"]
    for criterion in draft_model.round.criteria.all():
        if criterion.applies(draft_model.owner_kind):
            saved = api.post(
                f"{path}self-assessment/",
                {"criterion": criterion.pk, "statement": "Đáp ứng", "missing_evidence_reason": "Đang tổng hợp"},
                format="json",
            )
            assert saved.status_code == 200, saved.json()
    registered = api.post(f"{path}submit/")
    assert registered.status_code == 200, registered.json()
    assert registered.json()["status"] == "registered" and registered.json()["registered_on"] == str(today())
    assert len(registered.json()["self_assessments"]) == len(
        [c for c in draft_model.round.criteria.all() if c.applies(draft_model.owner_kind)]
    )


def test_a_criterion_of_another_round_is_a_400(api_for, department_officer_sokhcn, draft_model, commune_round):
    foreign = commune_round.criteria.first()
    response = api_for(department_officer_sokhcn).post(
        f"{MODELS}{draft_model.pk}/self-assessment/", {"criterion": foreign.pk, "statement": "x"}, format="json"
    )
    assert response.status_code == 400 and "criterion" in response.json()


def test_return_and_withdraw_need_a_reason(api_for, movement_officer, department_officer_sokhcn, draft_model):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    path = f"{MODELS}{draft_model.pk}/"
    assert api_for(department_officer_sokhcn).post(f"{path}submit/").status_code == 200
    office = api_for(movement_officer)
    assert office.post(f"{path}return/", {}, format="json").status_code == 400
    returned = office.post(f"{path}return/", {"reason": "Bổ sung minh chứng tiêu chí 3"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["status_reason"] == "Bổ sung minh chứng tiêu chí 3"
    registrant = api_for(department_officer_sokhcn)
    assert registrant.post(f"{path}withdraw/", {"reason": ""}, format="json").status_code == 400
    withdrawn = registrant.post(f"{path}withdraw/", {"reason": "Chưa đủ kết quả"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["steps"] == []
    again = registrant.post(f"{path}withdraw/", {"reason": "Lần nữa"}, format="json")
    assert again.status_code == 409 and again.json()["detail"]


def test_only_the_movement_office_starts_the_evaluation(
    api_for, movement_officer, department_officer_sokhcn, draft_model
):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    path = f"{MODELS}{draft_model.pk}/"
    registrant = api_for(department_officer_sokhcn)
    assert registrant.post(f"{path}submit/").status_code == 200
    assert registrant.post(f"{path}start-evaluation/").status_code == 403
    started = api_for(movement_officer).post(f"{path}start-evaluation/")
    assert started.status_code == 200 and started.json()["status"] == "evaluating"


def test_a_leader_may_read_but_take_no_step(api_for, province_leader, draft_model):
    response = api_for(province_leader).post(f"{MODELS}{draft_model.pk}/withdraw/", {"reason": "x"}, format="json")
    assert response.status_code == 403


def test_the_movement_office_publishes_a_typical_model_and_takes_it_off(api_for, movement_officer, typical_model):
    api = api_for(movement_officer)
    path = f"{MODELS}{typical_model.pk}/"
    assert "publish" in api.get(path).json()["steps"]
    published = api.post(f"{path}publish/", {"summary": "Dịch vụ công trực tuyến toàn trình"}, format="json")
    assert published.status_code == 200, published.json()
    assert published.json()["is_published"] is True and "unpublish" in published.json()["steps"]
    hidden = api.post(f"{path}unpublish/")
    assert hidden.status_code == 200 and hidden.json()["is_published"] is False


def test_a_model_not_yet_typical_cannot_be_published(api_for, movement_officer, evaluating_model):
    response = api_for(movement_officer).post(
        f"{MODELS}{evaluating_model.pk}/publish/", {"summary": "Sớm quá"}, format="json"
    )
    assert response.status_code == 409 and response.json()["detail"]


def test_a_copy_is_linked_to_the_typical_model_it_replicates(
    api_for, movement_officer, justice_officer, justice_model, typical_model
):
    api = api_for(justice_officer)
    path = f"{MODELS}{justice_model.pk}/link-replication/"
    # Another department's model is out of sight until the showcase publishes it.
    unseen = api.post(path, {"origin": typical_model.pk}, format="json")
    assert unseen.status_code == 400 and "origin" in unseen.json()
    model_publish(actor=movement_officer, model=typical_model, summary="Dịch vụ công trực tuyến toàn trình")
    linked = api.post(path, {"origin": typical_model.pk}, format="json")
    assert linked.status_code == 200, linked.json()
    assert linked.json()["replicates"] == typical_model.pk
    typical_model.refresh_from_db()
    assert typical_model.status == Status.REPLICATED


# --- Score sheets ---------------------------------------------------------------------------------------


def test_a_member_scores_their_own_sheet_and_reads_only_it(api_for, council_members, evaluating_model):
    chair, member = council_members[0], council_members[1]
    path = f"{MODELS}{evaluating_model.pk}/scores/"
    saved = api_for(member).post(path, {"scores": full_marks(evaluating_model), "submit": True}, format="json")
    assert saved.status_code == 200, saved.json()
    sheet = saved.json()
    assert sheet["submitted_at"] and Decimal(sheet["total"]) == sum(
        Decimal(s["points"]) for s in full_marks(evaluating_model)
    )
    read = api_for(member).get(path).json()
    assert [s["member"]["user"] for s in read["sheets"]] == [member.pk] and read["result"] is None
    chair_view = api_for(chair).get(path).json()
    assert [s["member"]["user"] for s in chair_view["sheets"]] == [chair.pk]
    assert chair_view["sheets"][0]["submitted_at"] is None  # the chair has not scored yet


def test_the_movement_office_reads_every_sheet_and_the_combined_result(api_for, movement_officer, scored_model):
    body = api_for(movement_officer).get(f"{MODELS}{scored_model.pk}/scores/").json()
    assert len(body["sheets"]) == 3 and all(s["submitted_at"] for s in body["sheets"])
    result = body["result"]
    assert result["scores_submitted"] == 3 and result["sheets_assigned"] == 3 and result["recusals"] == 0
    assert Decimal(result["score"]) == scored_model.score and result["passes"] is True
    assert result["proposal"] == "recognized" and result["score_flagged"] is False


def test_the_registrant_reads_no_sheet_of_the_council(api_for, department_officer_sokhcn, scored_model):
    body = api_for(department_officer_sokhcn).get(f"{MODELS}{scored_model.pk}/scores/").json()
    assert body == {"model": scored_model.pk, "sheets": [], "result": None}


def test_only_an_assigned_member_may_post_a_sheet(api_for, movement_officer, evaluating_model):
    response = api_for(movement_officer).post(
        f"{MODELS}{evaluating_model.pk}/scores/", {"scores": full_marks(evaluating_model)}, format="json"
    )
    assert response.status_code == 403


def test_a_sheet_is_checked(api_for, council_members, evaluating_model, commune_round):
    api = api_for(council_members[1])
    path = f"{MODELS}{evaluating_model.pk}/scores/"
    foreign = commune_round.criteria.first()
    wrong_round = api.post(path, {"scores": [{"criterion": foreign.pk, "points": "1"}]}, format="json")
    assert wrong_round.status_code == 400 and "scores" in wrong_round.json()
    criterion = evaluating_model.round.criteria.first()
    too_many = [{"criterion": criterion.pk, "points": str(criterion.max_points + 1)}]
    assert api.post(path, {"scores": too_many}, format="json").status_code == 409
    incomplete = [{"criterion": criterion.pk, "points": "1"}]
    assert api.post(path, {"scores": incomplete, "submit": True}, format="json").status_code == 409
    assert api.post(path, {"scores": incomplete}, format="json").status_code == 200  # a draft sheet may be partial


# --- Rounds ----------------------------------------------------------------------------------------------


def test_rounds_come_with_their_criteria_in_groups_and_their_council(api_for, movement_officer, province_round):
    api = api_for(movement_officer)
    assert province_round.pk in ids(api.get(ROUNDS))
    detail = api.get(f"{ROUNDS}{province_round.pk}/").json()
    criteria = [c["id"] for group in detail["criterion_groups"] for c in group["criteria"]]
    assert sorted(criteria) == sorted(province_round.criteria.values_list("pk", flat=True))
    assert all(group["name"] for group in detail["criterion_groups"] if group["id"])
    assert {(m["user"], m["role"]) for m in detail["council"]} == set(
        province_round.council.values_list("user_id", "role")
    )
    assert Decimal(detail["max_points"]) == province_round.max_points


def test_a_commune_sees_the_province_round_and_its_own_but_not_its_neighbours(
    api_for, commune_movement_officer, province_round, commune_round
):
    own = ids(api_for(commune_movement_officer).get(ROUNDS))
    assert {province_round.pk, commune_round.pk} <= own
    neighbour = api_for(User.objects.get(username="xa2.danvan"))
    assert province_round.pk in ids(neighbour.get(ROUNDS)) and commune_round.pk not in ids(neighbour.get(ROUNDS))
    assert neighbour.get(f"{ROUNDS}{commune_round.pk}/").status_code == 404


def test_a_council_member_without_the_registry_roles_reads_their_round(api_for, bac_kan, province_round):
    """A member may be any official of the round's unit: their seat opens the registry to them."""
    from models_registry.models import CouncilMember

    reader = make_official("hd.btcd", province_agency(bac_kan, "BTCD"), Role.PETITION_HANDLER)
    api = api_for(reader)
    assert api.get(ROUNDS).status_code == 403
    CouncilMember.objects.create(round=province_round, user=reader)
    assert province_round.pk in ids(api.get(ROUNDS))


# --- The answers match the published schema ------------------------------------------------------


def test_the_answers_match_the_schema(api_for, movement_officer, council_members, scored_model, conforms):  # noqa: F811
    api = api_for(movement_officer)
    conforms(api.get(MODELS), "/api/v1/models/")
    conforms(api.get(f"{MODELS}{scored_model.pk}/"), "/api/v1/models/{id}/")
    conforms(api.get(f"{MODELS}{scored_model.pk}/scores/"), "/api/v1/models/{id}/scores/")
    conforms(api_for(council_members[0]).get(f"{MODELS}{scored_model.pk}/scores/"), "/api/v1/models/{id}/scores/")
    conforms(api.get(ROUNDS), "/api/v1/model-rounds/")
    conforms(api.get(f"{ROUNDS}{scored_model.round_id}/"), "/api/v1/model-rounds/{id}/")
    conforms(api.post(f"{MODELS}{scored_model.pk}/submit/"), "/api/v1/models/{id}/submit/", "post")  # a 409
    conforms(api.get(f"{MODELS}999999/"), "/api/v1/models/{id}/")
    conforms(api.get(MODELS, {"status": "abc"}), "/api/v1/models/")


def test_a_member_of_the_registering_agency_is_recused_and_may_not_score(
    api_for, bac_kan, movement_officer, council_members, province_round
):
    from models_registry.services import assignments_make, model_start_evaluation, model_submit

    registrant = make_official("snv.danvan", province_agency(bac_kan, "SNV"))  # council_members[1]'s agency
    model = model_create(
        actor=registrant,
        round=province_round,
        data=model_data(name="Một cửa liên thông hiện đại ở Sở Nội vụ", owner_name="Sở Nội vụ tỉnh Bắc Kạn"),
    )
    complete_self_assessment(model, registrant)
    model_submit(actor=registrant, model=model)
    model_start_evaluation(actor=movement_officer, models=[model])
    assignments_make(actor=movement_officer, round=province_round)
    path = f"{MODELS}{model.pk}/scores/"
    member = api_for(council_members[1])
    own = member.get(path).json()["sheets"]
    assert len(own) == 1 and own[0]["recused"] is True and own[0]["recusal_reason"]
    assert member.post(path, {"scores": full_marks(model), "submit": True}, format="json").status_code == 403
    result = api_for(movement_officer).get(path).json()["result"]
    assert result["recusals"] == 1 and result["sheets_assigned"] == 2 and result["proposal"] is None


def test_detail_scores_and_rounds_run_a_bounded_number_of_queries(
    api_for, movement_officer, scored_model, django_assert_max_num_queries
):
    api = api_for(movement_officer)
    bounds = [
        (f"{MODELS}{scored_model.pk}/", 6),
        (f"{MODELS}{scored_model.pk}/scores/", 10),  # three sheets, their members and scores
        (ROUNDS, 4),
        (f"{ROUNDS}{scored_model.round_id}/", 6),  # criteria, groups and council prefetched
    ]
    for url, most in bounds:
        with django_assert_max_num_queries(most):
            assert api.get(url).status_code == 200, url


# --- The council's result is the movement office's -------------------------------------------------

RESULT_FIELDS = ("score", "score_spread", "score_flagged", "scores_submitted", "council_rank", "mandatory_failed")


def test_a_council_member_who_has_not_scored_reads_no_result_of_the_council(
    api_for,
    movement_officer,
    department_officer_sokhcn,
    council_members,
    evaluating_model,
    conforms,  # noqa: F811
):
    for member in council_members[:2]:
        score_sheet_save(
            actor=member,
            assignment=evaluating_model.assignments.get(member__user=member),
            scores={c["criterion"]: (Decimal(c["points"]), "") for c in full_marks(evaluating_model)},
            submit=True,
        )
    office = api_for(movement_officer).get(f"{MODELS}{evaluating_model.pk}/").json()
    assert office["score"] is not None and office["scores_submitted"] == 2
    for reader in (council_members[2], department_officer_sokhcn):
        api = api_for(reader)
        detail = api.get(f"{MODELS}{evaluating_model.pk}/")
        assert all(detail.json()[name] is None for name in RESULT_FIELDS)
        conforms(detail, "/api/v1/models/{id}/")
        row = next(row for row in api.get(MODELS).json()["results"] if row["id"] == evaluating_model.pk)
        assert row["score"] is None and row["council_rank"] is None
