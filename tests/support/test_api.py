"""The support API: the lists' filters and scoping, and the commune's steps with their status codes."""

import pytest

from support.choices import ActivityStatus
from support.services import activity_record

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def test_an_agency_lists_its_own_assignments_and_a_commune_its_own(
    api_for, assignment, health_officer, school_officer, commune_leader, neighbour_leader
):
    def ids(user):
        body = api_for(user).get("/api/v1/support-assignments/?year=2026", **HOST).json()
        return {row["id"] for row in body["results"]}

    assert ids(health_officer) == {assignment.pk} and ids(commune_leader) == {assignment.pk}
    assert ids(school_officer) == set() and ids(neighbour_leader) == set()


def test_the_commune_confirms_through_the_api(api_for, assignment, health_officer, commune_leader, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    listed = api_for(commune_leader).get("/api/v1/support-activities/?status=submitted", **HOST).json()
    assert [row["id"] for row in listed["results"]] == [activity.pk]

    stale = api_for(commune_leader).post(
        f"/api/v1/support-activities/{activity.pk}/confirm/", {"version": activity.version + 1}, format="json"
    )
    assert stale.status_code == 409
    response = api_for(commune_leader).post(
        f"/api/v1/support-activities/{activity.pk}/confirm/", {"version": activity.version}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == ActivityStatus.CONFIRMED


def test_the_agency_cannot_confirm_its_own_report(api_for, assignment, health_officer, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    response = api_for(health_officer).post(f"/api/v1/support-activities/{activity.pk}/confirm/", {}, format="json")
    assert response.status_code == 403 and "xã nhận hỗ trợ" in response.json()["detail"]


def test_a_return_without_a_reason_is_a_400(api_for, assignment, health_officer, commune_leader, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    response = api_for(commune_leader).post(
        f"/api/v1/support-activities/{activity.pk}/return/", {"reason": ""}, format="json"
    )
    assert response.status_code == 400 and response.json()["detail"] == "Nhập lý do trả lại."


def test_another_commune_gets_a_404(api_for, assignment, health_officer, neighbour_leader, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    response = api_for(neighbour_leader).post(f"/api/v1/support-activities/{activity.pk}/confirm/", {}, format="json")
    assert response.status_code == 404
