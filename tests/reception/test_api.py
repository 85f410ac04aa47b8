import pytest

from petitions.models import Petition
from portal.models import User
from reception.models import ReceptionSession

pytestmark = pytest.mark.django_db

SESSION = {
    "date": "2026-11-19",
    "kind": "regular",
    "received_by": "staff",
    "receiver_name": "Hà Minh Lan",
    "visits": [
        {
            "kind": "recommendation",
            "content": "Kiến nghị sửa đường",
            "action": "answered",
            "citizens": [{"full_name": "Lò Văn Một"}],
        },
        {
            "kind": "complaint",
            "content": "Khiếu nại thu hồi đất",
            "action": "petition",
            "citizens": [{"full_name": "Lò Thị Hai", "id_number": "006080001234"}],
        },
    ],
}


def test_create_a_session_with_nested_visits(api_for, reception_officer):
    response = api_for(reception_officer).post("/api/v1/reception-sessions/", SESSION, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["visits"]) == 2
    assert body["visits"][1]["petition"] == Petition.objects.get().register_number


def test_invalid_visit_is_a_400_with_the_reason(api_for, reception_officer):
    bad = {
        **SESSION,
        "visits": [
            {"kind": "complaint", "content": "x", "action": "refused", "citizens": [{"full_name": "Lò Văn Một"}]}
        ],
    }
    response = api_for(reception_officer).post("/api/v1/reception-sessions/", bad, format="json")
    assert response.status_code == 400 and "Điều 9" in response.json()["detail"]
    assert not ReceptionSession.objects.exists()


def test_update_with_version_and_conflict(api_for, reception_officer):
    api = api_for(reception_officer)
    created = api.post("/api/v1/reception-sessions/", SESSION, format="json").json()
    updated = api.patch(
        f"/api/v1/reception-sessions/{created['id']}/",
        {"version": created["version"], "notes": "Bổ sung"},
        format="json",
    )
    assert updated.status_code == 200 and updated.json()["notes"] == "Bổ sung"
    stale = api.patch(
        f"/api/v1/reception-sessions/{created['id']}/", {"version": created["version"], "notes": "x"}, format="json"
    )
    assert stale.status_code == 409


def test_visits_endpoint_filters_like_the_html_list_and_is_scoped(api_for, reception_officer, province_leader):
    api_for(reception_officer).post("/api/v1/reception-sessions/", SESSION, format="json")
    leader = api_for(province_leader)
    assert leader.get("/api/v1/reception-visits/").json()["count"] == 2
    assert leader.get("/api/v1/reception-visits/?action=petition").json()["count"] == 1
    neighbour = api_for(User.objects.get(username="xa2.tiepdan"))
    assert neighbour.get("/api/v1/reception-visits/").json()["count"] == 0
    assert neighbour.get("/api/v1/reception-sessions/").json()["count"] == 0


def test_denouncer_met_at_reception_is_hidden_from_others(api_for, reception_officer, province_leader):
    secret = {
        **SESSION,
        "visits": [
            {
                "kind": "denunciation",
                "content": "Tố cáo cán bộ",
                "action": "answered",
                "citizens": [{"full_name": "Người Tố Cáo"}],
            }
        ],
    }
    created = api_for(reception_officer).post("/api/v1/reception-sessions/", secret, format="json")
    assert created.status_code == 201, created.json()
    leader_response = api_for(province_leader).get("/api/v1/reception-visits/")
    assert leader_response.status_code == 200 and leader_response.json()["count"] == 1
    row = leader_response.json()["results"][0]
    assert (row["kind"], row["content"]) == ("denunciation", "Tố cáo cán bộ")  # the visit shows, not who came
    assert row["citizens"] == [{"hidden": True}]
    leader_session = api_for(province_leader).get(f"/api/v1/reception-sessions/{created.json()['id']}/")
    assert leader_session.status_code == 200
    assert leader_session.json()["visits"][0]["citizens"] == [{"hidden": True}]
    own_response = api_for(reception_officer).get("/api/v1/reception-visits/")
    assert own_response.status_code == 200 and own_response.json()["count"] == 1
    own = own_response.json()["results"][0]
    assert own["citizens"][0]["full_name"] == "Người Tố Cáo"


def test_session_list_query_count_is_constant(api_for, reception_officer, django_assert_max_num_queries):
    api = api_for(reception_officer)
    for _ in range(5):
        api.post("/api/v1/reception-sessions/", SESSION, format="json")
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/reception-sessions/").status_code == 200
