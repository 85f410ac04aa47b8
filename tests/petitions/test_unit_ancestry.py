"""A petition and a case carry their unit's province and district, so that an official's scope and a dashboard's
drill-down are one indexed equality (issue 17). Whatever way a row is written, those are its unit's, and a scope
found by them holds exactly the rows the units' paths say."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from petitions.models import Case, Petition, Petitioner
from portal.choices import Level
from portal.models import AdministrativeUnit, unit_ancestries
from tests.reports.test_reconciliation import demo_register  # noqa: F401 (the demo register, loaded once)

pytestmark = pytest.mark.django_db


def _units_with_petitions() -> list[AdministrativeUnit]:
    """Every unit with petitions and every unit above one, on both maps."""
    paths = set(Petition.objects.values_list("unit__path", flat=True))
    prefixes = {"/".join(path.split("/")[:depth]) + "/" for path in paths for depth in range(2, 5)}
    return list(AdministrativeUnit.objects.filter(path__in=prefixes))


def test_every_row_carries_its_units_province_and_district(demo_register):  # noqa: F811
    for model in (Petition, Case):
        rows = list(model.objects.values_list("unit_id", "province_id", "district_id"))
        ancestries = unit_ancestries({unit_id for unit_id, _province, _district in rows})
        assert len(rows) > 100
        assert all(ancestries[unit] == (province, district) for unit, province, district in rows), model


def test_every_case_is_counted_where_its_lead_petition_is(demo_register):  # noqa: F811
    """What a report counts at a unit is the cases whose lead petition it received (CASE_UNIT_PATH): the lead's unit
    and ancestors are copied onto the case with its facts."""
    led = Case.objects.filter(lead_petition__isnull=False)
    rows = list(led.values_list("lead_unit", "lead_province", "lead_district", "lead_petition__unit"))
    ancestries = unit_ancestries({row[3] for row in rows})
    assert len(rows) > 100
    assert all((unit, (province, district)) == (lead, ancestries[lead]) for unit, province, district, lead in rows)


def test_a_subtree_by_the_ancestors_is_the_subtree_by_the_paths(demo_register):  # noqa: F811
    units = _units_with_petitions()
    assert {unit.level for unit in units} == {Level.PROVINCE, Level.DISTRICT, Level.COMMUNE}
    for model, unit_field in ((Petition, "unit"), (Case, "unit"), (Petitioner, "petition__unit")):
        for unit in units:
            by_path = set(model.objects.filter(**{f"{unit_field}__path__startswith": unit.path}).values_list("pk"))
            assert set(model.objects.in_subtree(unit).values_list("pk")) == by_path, (model, unit.name)


def test_the_list_of_a_district_shows_its_communes_petitions_and_no_others(
    demo_register,  # noqa: F811
    district_officer,
    client,
):
    district = district_officer.agency.unit
    expected = Petition.objects.filter(unit__path__startswith=district.path).count()
    client.force_login(district_officer)

    page = client.get("/petitions/", HTTP_HOST="localhost")

    assert page.status_code == 200 and page.context["page"].paginator.count == expected > 0


def test_the_migration_fills_the_ancestors_of_rows_written_before_it(demo_register):  # noqa: F811
    fill = importlib.import_module("petitions.migrations.0014_unit_ancestry").fill
    some_province = AdministrativeUnit.objects.filter(level=Level.PROVINCE).first()
    migration = importlib.import_module("petitions.migrations.0014_unit_ancestry")
    Petition.objects.update(province=some_province, district=None)
    Case.objects.update(province=some_province, district=None, lead_unit=None, lead_province=None)

    editor = SimpleNamespace(connection=connection)
    for table in ("petitions_case", "petitions_petition"):
        fill(table).code(None, editor)
    migration.fill_leads(None, editor)

    test_every_row_carries_its_units_province_and_district(None)
    test_every_case_is_counted_where_its_lead_petition_is(None)
