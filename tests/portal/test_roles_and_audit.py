import pytest
from django.contrib.auth.models import Group

from portal.choices import Role
from portal.models import AuditEvent, User
from portal.roles import ROLE_PERMISSIONS, role_groups_sync
from portal.services import official_create, official_set_roles

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_with_its_permissions():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert have == set(perms)


def test_role_sync_is_idempotent():
    before = {g.name: set(g.permissions.values_list("id", flat=True)) for g in Group.objects.all()}
    role_groups_sync()
    after = {g.name: set(g.permissions.values_list("id", flat=True)) for g in Group.objects.all()}
    assert before == after


def test_inspector_can_read_but_not_change(inspector):
    assert inspector.has_perm("portal.view_user") and inspector.has_perm("portal.view_auditevent")
    assert not inspector.has_perm("portal.change_user") and not inspector.has_perm("portal.change_agency")


def test_creating_an_official_is_audited(province_admin):
    official = official_create(
        actor=province_admin,
        username="moi.canbo",
        password="Mat-khau-rat-dai-1",
        full_name="Lý Thị Mới",
        agency=province_admin.agency,
        roles=[Role.RECEPTION_OFFICER],
    )
    assert official.has_role(Role.RECEPTION_OFFICER)
    event = AuditEvent.objects.filter(verb="official.created", target_id=str(official.pk)).get()
    assert event.actor == province_admin
    assert event.unit == province_admin.agency.unit


def test_giving_the_administrator_role_opens_the_admin_site(commune_officer_a, province_admin):
    official_set_roles(actor=province_admin, official=commune_officer_a, roles=[Role.ADMINISTRATOR])
    commune_officer_a.refresh_from_db()
    assert commune_officer_a.is_staff
    assert AuditEvent.objects.filter(verb="official.roles_set", target_id=str(commune_officer_a.pk)).exists()


def test_invalid_username_is_refused_with_a_message(province_admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        official_create(
            actor=province_admin,
            username="bad name!",
            password="Mat-khau-rat-dai-1",
            full_name="X",
            agency=province_admin.agency,
            roles=[],
        )
    assert "username" in error.value.message_dict
    assert not User.objects.filter(username="bad name!").exists()
