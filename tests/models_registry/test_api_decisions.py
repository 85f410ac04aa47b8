"""Recognition decisions through the API: the movement office issues one (recognise, not recognise, name
typical), departs from the council only with a reason, corrects one with a new decision; a department reads
the decisions of its scope with only its own models in them and issues none."""

from __future__ import annotations

import pytest

from models_registry.choices import Status
from models_registry.models import Decision, MobilizationModel
from models_registry.services import assignments_make, model_create, model_start_evaluation, model_submit
from portal.models import AuditEvent, User
from tests.models_registry.conftest import (
    complete_self_assessment,
    make_official,
    model_data,
    province_agency,
    today,
)
from tests.models_registry.test_decisions import scored
from tests.portal.test_api_schema_conformance import conforms, schema  # noqa: F401 (fixtures)
from tests.query_counts import read

pytestmark = pytest.mark.django_db

DECISIONS = "/api/v1/model-decisions/"
LOW = [5, 5, 10, 0, 25, 0, 10, 0]  # 55 points: below the round's pass mark of 70


@pytest.fixture
def justice_officer(bac_kan):
    return make_official("stp.danvan", province_agency(bac_kan, "STP"), position="Chuyên viên Sở Tư pháp")


@pytest.fixture
def two_models(draft_model, justice_officer, department_officer_sokhcn, movement_officer, council_members):
    """The science department's model and the justice department's, both under evaluation and given full
    marks by the whole council (so the council proposes to recognise both)."""
    justice = model_create(
        actor=justice_officer,
        round=draft_model.round,
        data=model_data(name="Tổ hòa giải ở cơ sở gắn với trợ giúp pháp lý", owner_name="Sở Tư pháp tỉnh Bắc Kạn"),
    )
    for model, registrant in ((draft_model, department_officer_sokhcn), (justice, justice_officer)):
        complete_self_assessment(model, registrant)
        model_submit(actor=registrant, model=model)
    model_start_evaluation(actor=movement_officer, models=[draft_model, justice])
    assignments_make(actor=movement_officer, round=draft_model.round)
    return scored(draft_model, council_members), scored(justice, council_members)


def body(round_, entries, number="45/QĐ-BDVTU", **extra) -> dict:
    return {
        "round": round_.pk,
        "number": number,
        "issued_on": str(today()),
        "signer": "Hà Văn Quý",
        "signer_position": "Trưởng Ban Dân vận Tỉnh ủy",
        "entries": entries,
        **extra,
    }


def status_of(model) -> str:
    return MobilizationModel.objects.get(pk=model.pk).status


# --- Issuing --------------------------------------------------------------------------------------


def test_the_office_recognises_one_model_and_names_another_typical_in_one_decision(
    api_for,
    movement_officer,
    two_models,
    conforms,  # noqa: F811
):
    science, justice = two_models
    entries = [{"model": science.pk, "outcome": "recognized"}, {"model": justice.pk, "outcome": "typical"}]

    response = api_for(movement_officer).post(DECISIONS, body(science.round, entries), format="json")

    assert response.status_code == 201, response.json()
    decision = conforms(response, DECISIONS, "post")
    assert (decision["number"], decision["round"], decision["corrects"]) == ("45/QĐ-BDVTU", science.round_id, None)
    assert {(e["model"], e["outcome"], e["departs_from_council"]) for e in decision["entries"]} == {
        (science.pk, "recognized", False),
        (justice.pk, "typical", False),
    }
    assert (status_of(science), status_of(justice)) == (Status.RECOGNIZED, Status.TYPICAL)
    assert AuditEvent.objects.filter(verb="decision.issued", target_id=str(decision["id"])).exists()


def test_departing_from_the_council_without_a_reason_is_a_400_that_says_why(
    api_for,
    movement_officer,
    evaluating_model,
    council_members,
    conforms,  # noqa: F811
):
    model = scored(evaluating_model, council_members, LOW)  # the council proposes not to recognise it
    api = api_for(movement_officer)

    refused = api.post(DECISIONS, body(model.round, [{"model": model.pk, "outcome": "recognized"}]), format="json")

    assert refused.status_code == 400
    conforms(refused, DECISIONS, "post")
    assert "Quyết định khác đề nghị của hội đồng phải ghi lý do" in refused.json()["detail"]
    assert not Decision.objects.exists() and status_of(model) == Status.EVALUATING

    reason = "Khảo sát thực tế cho thấy mô hình lan tỏa rộng."
    entry = {"model": model.pk, "outcome": "recognized", "departure_reason": reason}
    issued = api.post(DECISIONS, body(model.round, [entry]), format="json")
    assert issued.status_code == 201, issued.json()
    assert issued.json()["entries"] == [
        {
            "model": model.pk,
            "model_name": model.name,
            "outcome": "recognized",
            "departs_from_council": True,
            "departure_reason": reason,
        }
    ]
    assert status_of(model) == Status.RECOGNIZED


def test_a_model_failing_a_mandatory_criterion_is_refused_whatever_the_reason(
    api_for, movement_officer, evaluating_model, council_members
):
    points = [5, 5, 10, 15, 10, 15, 10, 15]  # "practical results" below its minimum
    model = scored(evaluating_model, council_members, points)
    entry = {"model": model.pk, "outcome": "typical", "departure_reason": "Lãnh đạo đề nghị"}

    response = api_for(movement_officer).post(DECISIONS, body(model.round, [entry]), format="json")

    assert response.status_code == 400 and "không đạt tiêu chí bắt buộc" in response.json()["detail"]
    assert status_of(model) == Status.EVALUATING


def test_a_department_officer_cannot_issue_or_correct_decisions(
    api_for, movement_officer, department_officer_sokhcn, province_leader, two_models
):
    science, _justice = two_models
    request = body(science.round, [{"model": science.pk, "outcome": "recognized"}])

    for outsider in (department_officer_sokhcn, province_leader):
        assert api_for(outsider).post(DECISIONS, request, format="json").status_code == 403

    assert not Decision.objects.exists() and status_of(science) == Status.EVALUATING
    issued = api_for(movement_officer).post(DECISIONS, request, format="json").json()
    correction = {**request, "number": "46/QĐ-BDVTU", "reason": "Sai số liệu"}
    correction["entries"] = [{"model": science.pk, "outcome": "not_recognized"}]
    for outsider in (department_officer_sokhcn, province_leader):
        answer = api_for(outsider).post(f"{DECISIONS}{issued['id']}/correct/", correction, format="json")
        assert answer.status_code == 403
    assert Decision.objects.count() == 1 and status_of(science) == Status.RECOGNIZED


def test_models_and_rounds_out_of_reach_are_bad_input(
    api_for, commune_movement_officer, commune_round, evaluating_model, council_members
):
    model = scored(evaluating_model, council_members)
    api = api_for(commune_movement_officer)  # Xã Đồng Phúc's office: the province's model is not in its scope

    foreign_model = api.post(
        DECISIONS, body(commune_round, [{"model": model.pk, "outcome": "recognized"}]), format="json"
    )
    assert foreign_model.status_code == 400 and foreign_model.json()["detail"] == "Không tìm thấy mô hình."

    neighbour = api_for(User.objects.select_related("agency__unit").get(username="xa2.danvan"))
    foreign_round = neighbour.post(DECISIONS, body(commune_round, []), format="json")
    assert foreign_round.status_code == 400 and "round" in foreign_round.json()
    assert not Decision.objects.exists() and status_of(model) == Status.EVALUATING


def test_an_entry_without_an_outcome_is_a_400_naming_it(api_for, movement_officer, evaluating_model):
    request = body(evaluating_model.round, [{"model": evaluating_model.pk}])

    response = api_for(movement_officer).post(DECISIONS, request, format="json")

    assert response.status_code == 400 and "entries" in response.json()


# --- Correcting -------------------------------------------------------------------------------------


def test_a_correction_is_a_new_decision_that_refers_to_the_one_it_corrects(
    api_for,
    movement_officer,
    two_models,
    conforms,  # noqa: F811
):
    science, justice = two_models
    api = api_for(movement_officer)
    entries = [{"model": science.pk, "outcome": "recognized"}, {"model": justice.pk, "outcome": "recognized"}]
    original = api.post(DECISIONS, body(science.round, entries), format="json").json()
    reason = "Sở Tư pháp báo cáo số liệu chưa chính xác"
    correction = {
        "number": "52/QĐ-BDVTU",
        "issued_on": str(today()),
        "signer": "Hà Văn Quý",
        "reason": reason,
        "entries": [{"model": justice.pk, "outcome": "not_recognized"}],
    }

    response = api.post(f"{DECISIONS}{original['id']}/correct/", correction, format="json")

    assert response.status_code == 201, response.json()
    corrected = conforms(response, "/api/v1/model-decisions/{id}/correct/", "post")
    assert (corrected["corrects"], corrected["correction_reason"]) == (original["id"], reason)
    assert [(e["model"], e["outcome"], e["departure_reason"]) for e in corrected["entries"]] == [
        (justice.pk, "not_recognized", reason)
    ]
    again = conforms(api.get(f"{DECISIONS}{original['id']}/"), "/api/v1/model-decisions/{id}/")
    assert again["corrected_by"] == [corrected["id"]]
    assert again["entries"] == original["entries"]  # the issued decision is never edited
    assert (status_of(science), status_of(justice)) == (Status.RECOGNIZED, Status.NOT_RECOGNIZED)


def test_a_correction_names_only_models_of_the_decision_it_corrects(api_for, movement_officer, two_models):
    science, justice = two_models
    api = api_for(movement_officer)
    original = api.post(
        DECISIONS, body(science.round, [{"model": science.pk, "outcome": "recognized"}]), format="json"
    ).json()
    correction = {
        "number": "52/QĐ-BDVTU",
        "issued_on": str(today()),
        "signer": "Hà Văn Quý",
        "reason": "Bổ sung",
        "entries": [{"model": justice.pk, "outcome": "recognized"}],
    }

    response = api.post(f"{DECISIONS}{original['id']}/correct/", correction, format="json")

    assert response.status_code == 400 and "không có trong quyết định được đính chính" in response.json()["detail"]
    assert Decision.objects.count() == 1
    missing_reason = api.post(f"{DECISIONS}{original['id']}/correct/", {**correction, "reason": ""}, format="json")
    assert missing_reason.status_code == 400 and "reason" in missing_reason.json()


# --- Reading ------------------------------------------------------------------------------------------


@pytest.fixture
def decided(api_for, movement_officer, two_models):
    science, justice = two_models
    entries = [{"model": science.pk, "outcome": "recognized"}, {"model": justice.pk, "outcome": "typical"}]
    response = api_for(movement_officer).post(DECISIONS, body(science.round, entries), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_department_reads_the_decision_with_only_its_own_models_in_it(
    api_for,
    department_officer_sokhcn,
    justice_officer,
    province_leader,
    two_models,
    decided,
    conforms,  # noqa: F811
):
    science, justice = two_models
    own = conforms(api_for(department_officer_sokhcn).get(DECISIONS), DECISIONS)
    assert [d["id"] for d in own["results"]] == [decided["id"]]
    assert [e["model"] for e in own["results"][0]["entries"]] == [science.pk]
    detail = api_for(justice_officer).get(f"{DECISIONS}{decided['id']}/").json()
    assert [e["model"] for e in detail["entries"]] == [justice.pk]
    leader = api_for(province_leader).get(f"{DECISIONS}{decided['id']}/").json()
    assert {e["model"] for e in leader["entries"]} == {science.pk, justice.pk}


def test_another_commune_neither_lists_nor_opens_the_provinces_decision(api_for, decided):
    neighbour = api_for(User.objects.select_related("agency__unit").get(username="xa2.danvan"))

    assert decided["id"] not in {d["id"] for d in neighbour.get(DECISIONS).json()["results"]}
    assert neighbour.get(f"{DECISIONS}{decided['id']}/").status_code == 404
    assert neighbour.post(f"{DECISIONS}{decided['id']}/correct/", {}, format="json").status_code == 404


def test_an_official_without_the_registry_roles_reads_no_decision(api_for, commune_officer_b):
    assert api_for(commune_officer_b).get(DECISIONS).status_code == 403  # a petition handler, no council seat


def test_the_list_filters_by_round_and_refuses_a_round_out_of_scope(api_for, movement_officer, commune_round, decided):
    api = api_for(movement_officer)
    assert [d["id"] for d in api.get(DECISIONS, {"round": decided["round"]}).json()["results"]] == [decided["id"]]
    assert api.get(DECISIONS, {"round": commune_round.pk}).json()["results"] == []  # in scope, nothing decided
    neighbour = api_for(User.objects.select_related("agency__unit").get(username="xa2.danvan"))
    refused = neighbour.get(DECISIONS, {"round": commune_round.pk})
    assert refused.status_code == 400 and "round" in refused.json()
    assert neighbour.get(DECISIONS, {"round": 999999}).json() == refused.json()  # as if it did not exist


def test_the_list_runs_as_many_queries_for_three_decisions_as_for_one(
    api_for, movement_officer, province_leader, two_models, decided
):
    science, justice = two_models
    office, leader = api_for(movement_officer), api_for(province_leader)
    leader.get(DECISIONS)
    at_one = read(leader, DECISIONS)
    office.post(
        DECISIONS,
        body(science.round, [{"model": science.pk, "outcome": "typical"}], number="47/QĐ-BDVTU"),
        format="json",
    )
    correction = {
        "number": "48/QĐ-BDVTU",
        "issued_on": str(today()),
        "signer": "Hà Văn Quý",
        "reason": "Sai tên mô hình",
        "entries": [{"model": justice.pk, "outcome": "recognized"}],
    }
    assert office.post(f"{DECISIONS}{decided['id']}/correct/", correction, format="json").status_code == 201

    at_three = read(leader, DECISIONS)

    assert at_three[0].json()["count"] == 3
    assert len(at_three[1]) == len(at_one[1]) <= 6, at_three[1]
