"""A commune officer cannot read a neighbouring commune's data by any URL."""

import pytest

from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import unit_in_scope

pytestmark = pytest.mark.django_db


def test_commune_officer_sees_only_their_commune_colleagues(commune_officer_a, commune_officer_b):
    visible = User.objects.visible_to(commune_officer_a)
    assert commune_officer_a in visible
    assert commune_officer_b not in visible
    assert all(u.agency.unit_id == commune_officer_a.agency.unit_id for u in visible)


def test_province_leader_sees_every_official_of_the_province(province_leader, commune_officer_a, commune_officer_b):
    visible = User.objects.visible_to(province_leader)
    assert {commune_officer_a, commune_officer_b, province_leader} <= set(visible)


def test_district_officer_sees_district_and_its_communes_not_the_province(
    district_officer, commune_officer_a, province_leader
):
    visible = set(User.objects.visible_to(district_officer))
    assert commune_officer_a in visible
    assert province_leader not in visible


def test_superuser_sees_everything_and_an_account_without_agency_sees_nothing(admin):
    assert User.objects.visible_to(admin).count() == User.objects.count()
    loner = User.objects.create_user("loner", password="x-long-password-1")
    assert User.objects.visible_to(loner).count() == 0
    assert not unit_in_scope(loner, AdministrativeUnit.objects.first())


def test_neighbour_official_page_is_a_404_not_a_403(client_for, commune_officer_a, commune_officer_b):
    client = client_for(commune_officer_a)
    assert client.get(f"/officials/{commune_officer_b.pk}/").status_code == 404
    assert client.get(f"/officials/{commune_officer_a.pk}/").status_code == 200


def test_neighbour_is_absent_from_the_official_list_page(client_for, commune_officer_a, commune_officer_b):
    page = client_for(commune_officer_a).get("/officials/").content.decode()
    assert commune_officer_a.username in page
    assert commune_officer_b.username not in page


def test_neighbour_is_absent_from_the_api_and_its_detail_is_404(api_for, commune_officer_a, commune_officer_b):
    api = api_for(commune_officer_a)
    usernames = {row["username"] for row in api.get("/api/v1/officials/?page_size=200").json()["results"]}
    assert commune_officer_a.username in usernames and commune_officer_b.username not in usernames
    assert api.get(f"/api/v1/officials/{commune_officer_b.pk}/").status_code == 404


def test_filtering_by_the_neighbour_agency_does_not_leak(api_for, commune_officer_a, commune_officer_b):
    api = api_for(commune_officer_a)
    body = api.get(f"/api/v1/officials/?agency={commune_officer_b.agency_id}").json()
    assert body["count"] == 0


def test_agency_page_hides_staff_outside_the_viewers_scope(client_for, commune_officer_a, commune_officer_b):
    page = client_for(commune_officer_a).get(f"/agencies/{commune_officer_b.agency_id}/").content.decode()
    assert commune_officer_b.agency.name in page  # agencies are public reference data
    assert commune_officer_b.username not in page and commune_officer_b.full_name not in page


def test_commune_administrator_cannot_open_neighbour_in_admin(client_for, commune_admin, commune_officer_b):
    client = client_for(commune_admin)
    changelist = client.get("/admin/portal/user/")
    assert changelist.status_code == 200
    assert commune_officer_b.username not in changelist.content.decode()
    change = client.get(f"/admin/portal/user/{commune_officer_b.pk}/change/")
    assert change.status_code in (302, 404)  # Django admin redirects a missing object to its index
    assert commune_officer_b.username not in client.get("/admin/portal/agency/").content.decode()


def test_commune_administrator_admin_agency_list_is_scoped(client_for, commune_admin, commune_officer_b):
    page = client_for(commune_admin).get("/admin/portal/agency/?q=").content.decode()
    assert commune_admin.agency.name in page
    assert Agency.objects.get(pk=commune_officer_b.agency_id).name not in page


def test_audit_log_is_scoped(client_for, inspector, commune_officer_b):
    from portal.models import AuditEvent

    other_province_unit = AdministrativeUnit.objects.get(generation="legacy", level="province", code="01")
    AuditEvent.objects.create(verb="test.far_away", target_repr="Hà Nội record", unit=other_province_unit)
    page = client_for(inspector).get("/audit/").content.decode()
    assert "Hà Nội record" not in page
    assert "official.created" in page  # the demo accounts of the inspector's province


def test_officials_list_page_runs_a_constant_number_of_queries(
    client_for, province_leader, django_assert_max_num_queries
):
    client = client_for(province_leader)
    with django_assert_max_num_queries(12):
        response = client.get("/officials/")
    assert response.status_code == 200


def test_commune_administrator_cannot_move_an_official_to_another_commune(client_for, commune_admin, commune_officer_b):
    client = client_for(commune_admin)
    colleague = User.objects.get(username="xa.tiepdan")
    response = client.post(
        f"/admin/portal/user/{colleague.pk}/change/",
        {
            "username": colleague.username,
            "full_name": colleague.full_name,
            "agency": commune_officer_b.agency_id,
            "is_active": "on",
            "groups": [g.pk for g in colleague.groups.all()],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "agency" in response.context["adminform"].form.errors
    colleague.refresh_from_db()
    assert colleague.agency_id == commune_admin.agency_id


def test_admin_changes_are_audited(client_for, commune_admin):
    from portal.models import AuditEvent

    client = client_for(commune_admin)
    agency = commune_admin.agency
    response = client.post(
        f"/admin/portal/agency/{agency.pk}/change/",
        {
            "name": agency.name,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "unit": agency.unit_id,
            "parent": agency.parent_id,
            "head": agency.head_id or "",
            "address": "Thôn Bản Vàng",
            "phone": "0209 3876 543",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.filter(verb="agency.changed", target_id=str(agency.pk)).get()
    assert event.actor == commune_admin and set(event.payload["fields"]) == {"address", "phone"}


def test_administrator_records_a_units_status_only_inside_their_subtree(client_for, commune_admin):
    """The remote-area flag comes from the unit's status in force (portal.unit_status), recorded in the admin."""
    client = client_for(commune_admin)
    own = commune_admin.agency.unit
    far = AdministrativeUnit.objects.get(generation="legacy", level="commune", code="00001")
    status = {"valid_from": "01/01/2026", "region": "III", "remote_area": "on"}
    assert client.post("/admin/portal/unitstatus/add/", {"unit": own.pk, **status}).status_code == 302
    own.refresh_from_db()
    assert own.remote_area is True
    client.post("/admin/portal/unitstatus/add/", {"unit": far.pk, **status})
    far.refresh_from_db()
    assert far.remote_area is False and not far.statuses.exists()
    assert (
        "remote_area"
        not in client.get(f"/admin/portal/administrativeunit/{own.pk}/change/").context["adminform"].form.fields
    )  # read only there
