import datetime as dt

import pytest

from petitions.choices import Status
from petitions.models import Petition

pytestmark = pytest.mark.django_db

CONTRACT = {
    "register_number",
    "kind",
    "status",
    "received_on",
    "accepted_on",
    "deadline",
    "deadline_state",
    "settled_on",
    "unit",
    "case",
}


def test_list_exposes_the_contract_fields(api_for, commune_officer_a, receive):
    receive()
    row = api_for(commune_officer_a).get("/api/v1/petitions/").json()["results"][0]
    assert CONTRACT <= set(row)
    assert row["deadline_state"] == "overdue"  # acceptance was due 11 Nov 2026; today is 20 Nov
    assert row["deadline"] == "2026-11-11"


def test_create_through_the_api(api_for, commune_officer_a):
    response = api_for(commune_officer_a).post(
        "/api/v1/petitions/",
        {
            "kind": "recommendation",
            "channel": "online",
            "received_on": "2026-11-19",
            "summary": "Kiến nghị sửa đường liên thôn",
            "petitioners": [{"full_name": "Ma Văn Đường"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "received" and body["register_number"].startswith("L01933-2026-")
    assert body["notice_due"] == "2026-12-04"  # 10 working days after Thu 19 Nov 2026, skipping 24 Nov


def test_create_is_validated(api_for, commune_officer_a):
    response = api_for(commune_officer_a).post("/api/v1/petitions/", {"kind": "rumour"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()


def test_each_transition_is_a_post_action_and_binding_steps_wait_for_approval(api_for, commune_officer_a, receive):
    from portal.models import User

    api = api_for(commune_officer_a)
    head = api_for(User.objects.get(username="xa.lanhdao"))
    petition = receive()
    body = api.post(
        f"/api/v1/petitions/{petition.pk}/classify/",
        {
            "version": petition.version,
            "qualified": "yes",
            "within_authority": "yes",
            "field": "land_housing",
            "complexity": "normal",
        },
        format="json",
    ).json()
    assert body["status"] == "classified"  # classifying needs no approval
    proposed = api.post(
        f"/api/v1/petitions/{petition.pk}/accept/",
        {"version": body["version"], "accepted_on": "2026-11-05"},
        format="json",
    )
    assert proposed.status_code == 202 and proposed.json()["status"] == "submitted"
    assert api.get(f"/api/v1/petitions/{petition.pk}/").json()["status"] == "classified"
    queue = head.get("/api/v1/proposals/").json()["results"]
    assert [q["step"] for q in queue] == ["accept"]
    approved = head.post(f"/api/v1/proposals/{queue[0]['id']}/approve/", {}, format="json").json()
    assert approved["status"] == "approved"
    body = api.get(f"/api/v1/petitions/{petition.pk}/").json()
    assert body["status"] == "accepted" and body["deadline"] == "2026-12-07"
    api.post(
        f"/api/v1/petitions/{petition.pk}/settle/",
        {"version": body["version"], "settled_on": "2026-11-19", "decision_no": "30/QĐ-UBND", "result": "right"},
        format="json",
    )
    proposal_id = head.get("/api/v1/proposals/").json()["results"][0]["id"]
    head.post(f"/api/v1/proposals/{proposal_id}/approve/", {}, format="json")
    body = api.get(f"/api/v1/petitions/{petition.pk}/").json()
    assert body["status"] == "settled" and body["settled_on"] == "2026-11-19"


def test_refused_and_stale_transitions_are_409(api_for, commune_officer_a, receive):
    api = api_for(commune_officer_a)
    petition = receive()
    not_now = api.post(f"/api/v1/petitions/{petition.pk}/settle/", {"version": petition.version}, format="json")
    assert not_now.status_code == 409
    api.post(
        f"/api/v1/petitions/{petition.pk}/classify/",
        {
            "version": petition.version,
            "qualified": "yes",
            "within_authority": "yes",
            "field": "other",
            "complexity": "normal",
        },
        format="json",
    )
    stale = api.post(
        f"/api/v1/petitions/{petition.pk}/classify/",
        {
            "version": petition.version,
            "qualified": "yes",
            "within_authority": "no",
            "field": "other",
            "complexity": "normal",
        },
        format="json",
    )
    assert stale.status_code == 409 and "tải lại" in stale.json()["detail"]
    assert Petition.objects.get(pk=petition.pk).within_authority is True


def test_bad_action_input_is_400_with_field_errors(api_for, commune_officer_a, receive):
    petition = receive()
    response = api_for(commune_officer_a).post(
        f"/api/v1/petitions/{petition.pk}/classify/",
        {
            "version": petition.version,
            "qualified": "no",
            "within_authority": "yes",
            "field": "other",
            "complexity": "normal",
        },
        format="json",
    )
    assert response.status_code == 400 and "unqualified_reason" in response.json()


def test_api_is_scoped_and_uses_the_same_filters(api_for, commune_officer_b, province_leader, receive):
    petition = receive(received_on=dt.date(2026, 10, 1))
    neighbour = api_for(commune_officer_b)
    assert neighbour.get("/api/v1/petitions/").json()["count"] == 0
    assert neighbour.get(f"/api/v1/petitions/{petition.pk}/").status_code == 404
    assert neighbour.post(f"/api/v1/petitions/{petition.pk}/classify/", {}, format="json").status_code == 404
    leader = api_for(province_leader)
    assert leader.get("/api/v1/petitions/?deadline_state=overdue").json()["count"] == 1
    assert leader.get("/api/v1/petitions/?kind=denunciation").json()["count"] == 0
    assert leader.get(f"/api/v1/petitions/?unit={petition.unit_id}").json()["count"] == 1


def test_leader_may_read_but_not_act_through_the_api(api_for, province_leader, receive):
    petition = receive()
    api = api_for(province_leader)
    assert api.get(f"/api/v1/petitions/{petition.pk}/").status_code == 200
    assert api.post(f"/api/v1/petitions/{petition.pk}/classify/", {}, format="json").status_code == 403
    assert api.post("/api/v1/petitions/", {}, format="json").status_code == 403


def test_cases_endpoint_lists_petitions_of_a_case(api_for, commune_officer_a, receive):
    first = receive()
    receive(case=first.case)
    body = api_for(commune_officer_a).get(f"/api/v1/cases/{first.case_id}/").json()
    assert len(body["petitions"]) == 2 and body["status"] == Status.RECEIVED


def test_petition_list_query_count_is_constant(api_for, commune_officer_a, receive, django_assert_max_num_queries):
    for _ in range(15):
        receive()
    with django_assert_max_num_queries(8):
        assert api_for(commune_officer_a).get("/api/v1/petitions/").status_code == 200


def test_verification_and_enforcement_resources(api_for, commune_officer_a, commune_head, accepted, commune_officer_b):
    from portal.models import Agency, User

    petition = accepted()
    api = api_for(commune_officer_a)
    lead = User.objects.get(username="huyen.xulydon")
    agency = Agency.objects.get(name="Thanh tra Huyện Ba Bể")
    created = api_for(commune_head).post(
        "/api/v1/verifications/",
        {"petition": petition.pk, "agency": agency.pk, "lead": lead.pk, "due_on": "2026-12-01"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    step = api.post(
        f"/api/v1/verifications/{created.json()['id']}/steps/",
        {"step": "collect-documents", "happened_on": "2026-11-20"},
        format="json",
    )
    assert step.status_code == 201 and step.json()["label"] == "Thu thập tài liệu, chứng cứ"
    assert api.get("/api/v1/verifications/").json()["count"] == 1
    assert api_for(commune_officer_b).get("/api/v1/verifications/").json()["count"] == 0
    refused = api.post(
        "/api/v1/measures/",
        {
            "petition_id": petition.pk,
            "kind": "discipline",
            "description": "x",
            "responsible": "x",
            "due_on": "2026-12-31",
        },
        format="json",
    )
    assert refused.status_code == 400 and "quyết định" in refused.json()["detail"]
