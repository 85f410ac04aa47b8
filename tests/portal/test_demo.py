import pytest
from django.core.management import call_command

from portal.choices import Role
from portal.models import Agency, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_the_accounts(capsys):
    call_command("seed_demo")  # the test database holds the legacy organisation only; this adds the 2025 map's
    capsys.readouterr()
    agencies, users = Agency.objects.count(), User.objects.count()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Agency.objects.count() == agencies and User.objects.count() == users
    assert "tinh.lanhdao" in out and "xa.tiepdan" in out and "demo12345" in out
    assert out.index("tn.lanhdao") < out.index("tinh.lanhdao")  # the accounts of today's map come first


def test_demo_has_an_account_for_every_role_at_every_level():
    for prefix in ("tinh", "huyen", "xa"):
        accounts = User.objects.filter(username__startswith=f"{prefix}.")
        roles = {group for user in accounts for group in user.groups.values_list("name", flat=True)}
        assert roles == {role.value for role in Role}


def test_demo_province_has_agencies_at_each_level():
    assert Agency.objects.filter(unit__path__startswith="legacy/06/", unit__level="province").count() >= 8
    assert Agency.objects.filter(unit__path__startswith="legacy/06/", unit__level="district").count() == 8 * 4
    assert Agency.objects.filter(unit__path__startswith="legacy/06/", unit__level="commune").count() == 108
