"""The national benchmark dataset (bench/national), generated at a tiny scale into the test database.

It needs PostgreSQL (COPY), like `make bench-data`. Each run happens inside a transaction rolled back at its end,
so a second run starts from the same database: the same rows must come out. The rows must be ones the app itself
would have written: the report families add up, the services' own checks and the deadline engine agree.
"""

import datetime as dt
import hashlib

import pytest
from django.db import connection, transaction

from bench.national import generate
from bench.national.days import AS_OF
from petitions.models import Case, Petition
from petitions.services import deadlines_refresh
from portal.choices import Generation, Level
from portal.models import AdministrativeUnit
from portal.text import fold
from reports.engine import petition_report

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the national dataset is written with COPY: needs PostgreSQL"
    ),
]

SCALE = 0.0002  # 1,000 petitions, 400 visits, 20 models, 10 reform tasks
SAMPLES = {  # the rows whose content is compared between runs
    "petitions_petition": "id, register_number, lookup_code, case_id, unit_id, kind, status, received_on, "
    "accepted_on, settled_on, deadline, deadlines::text, search_text",
    "petitions_case": "id, code, unit_id, lead_petition_id, status, accepted_on, settlement_due, settled_on",
    "reception_receptionsession": "id, unit_id, agency_id, date, kind, received_by, receiver_name",
    "reception_receptionvisit": "id, session_id, people_count, kind, field, action, guided_to_id",
    "models_registry_mobilizationmodel": "id, round_id, unit_id, name, status, registered_on, recognized_on",
    "reform_task": "id, plan_id, lead_agency_id, title, status, deadline, completed_on",
}
NOT_ACCEPTED = {"guided", "transferred", "urged", "stored"}


def _fingerprint() -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of its first 200 rows."""
    prints = {}
    with connection.cursor() as cursor:
        for table, columns in SAMPLES.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            count = cursor.fetchone()[0]
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id LIMIT 200")
            digest = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
            prints[table] = (count, digest)
    return prints


def _generate_and_roll_back(check=None) -> dict[str, tuple[int, str]]:
    with transaction.atomic():
        report = generate(connection, scale=SCALE, progress=lambda text: None)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # every foreign key checked now, not at a commit
        prints = _fingerprint()
        if check is not None:
            check(report)
        transaction.set_rollback(True)
    return prints


def test_the_same_scale_gives_the_same_rows_and_they_are_valid_for_the_app():
    first = _generate_and_roll_back(check=_check_valid)
    second = _generate_and_roll_back()

    assert first == second
    # a day's last matter (its duplicate, its second round) or session (its visits) may pass the day's share
    assert 1000 <= first["petitions_petition"][0] <= 1003
    assert 400 <= first["reception_receptionvisit"][0] <= 406
    assert first["models_registry_mobilizationmodel"][0] == 20
    assert first["reform_task"][0] == 10


def _check_valid(report) -> None:
    """Everything the app would check of the generated records, while they are in the database."""
    petitions = Petition.objects.filter(register_number__regex=r"^L?\d+-\d{4}-\d{6}$")
    assert report.tables["petitions_petition"].rows == petitions.count() >= 1000
    _both_maps_are_used(petitions)
    _statuses_agree_with_dates(petitions)
    _deadlines_are_the_engines(petitions)
    _cases_copy_their_lead(petitions)
    _a_province_adds_up_from_its_children(petitions)
    _rows_carry_their_units_ancestors()


def _rows_carry_their_units_ancestors() -> None:
    """Scopes read the province and district written beside each row: they are the unit's own."""
    from portal.models import unit_ancestries

    for model in (Petition, Case):
        rows = list(model.objects.values_list("unit_id", "province_id", "district_id"))
        ancestries = unit_ancestries({unit_id for unit_id, _p, _d in rows})
        assert all(ancestries[unit_id] == (province, district) for unit_id, province, district in rows), model
    # a case is counted where its lead petition was received, as case_sync copies it
    led = Case.objects.filter(lead_petition__isnull=False)
    leads = list(led.values_list("lead_unit", "lead_province", "lead_district", "lead_petition__unit"))
    ancestries = unit_ancestries({row[3] for row in leads})
    assert all((unit, (p, d)) == (lead, ancestries[lead]) for unit, p, d, lead in leads)


def _both_maps_are_used(petitions) -> None:
    legacy = petitions.filter(unit__generation=Generation.LEGACY, received_on__lt=dt.date(2025, 7, 1))
    current = petitions.filter(unit__generation=Generation.CURRENT, received_on__gte=dt.date(2025, 7, 1))
    assert legacy.exists() and current.exists()
    # from 1 July 2025 nothing is received on the legacy map; before it nothing on the new one
    assert not petitions.filter(unit__generation=Generation.CURRENT, received_on__lt=dt.date(2025, 7, 1)).exists()
    assert not petitions.filter(unit__generation=Generation.LEGACY, received_on__gte=dt.date(2025, 7, 1)).exists()
    for model, path in (
        ("reception.ReceptionSession", "unit__generation"),
        ("models_registry.MobilizationModel", "unit__generation"),
        ("reform.Plan", "unit__generation"),
    ):
        from django.apps import apps

        generations = set(apps.get_model(model).objects.values_list(path, flat=True))
        assert generations == {Generation.LEGACY, Generation.CURRENT}, model


def _statuses_agree_with_dates(petitions) -> None:
    for p in petitions.order_by("id"):
        dates = [p.classified_on, p.processed_on, p.notice_sent_on, p.accepted_on, p.settled_on, p.overdue_since]
        assert all(d is None or p.received_on <= d for d in dates[:-1]), p.pk
        assert p.received_on <= AS_OF and all(d is None or d <= AS_OF + dt.timedelta(days=1) for d in dates), p.pk
        assert p.deadline is None or p.deadline > p.received_on, p.pk
        assert p.notice_due is not None and p.notice_due > p.received_on, p.pk
        assert p.settlement_due is None or p.settlement_due > p.accepted_on, p.pk
        assert len(p.summary) <= 255 and p.search_text == fold(f"{p.register_number} {p.summary} {p.content}")
        if p.status == "received":
            assert p.classified_on is None and p.qualified is None and not p.outcome, p.pk
        elif p.status == "classified":
            assert p.classified_on is not None and p.processed_on is None and not p.outcome, p.pk
        elif p.status == "processed":
            assert p.processed_on and p.accepted_on is None and p.outcome in NOT_ACCEPTED, p.pk
            assert p.deadline is None, p.pk
        elif p.status == "accepted":
            assert p.accepted_on and p.settled_on is None and p.deadline == p.settlement_due, p.pk
            assert (p.overdue_since is not None) == (p.deadline < AS_OF), p.pk
        else:
            assert p.status == "settled" and p.settled_on >= p.accepted_on and p.settlement_form, p.pk
            assert p.deadline is None, p.pk
        if p.round == 2:
            assert p.kind == "complaint" and p.parent_id is not None and p.case_id != p.parent.case_id, p.pk
    for p in petitions.order_by("id")[:150]:
        p.full_clean(exclude=["case", "register_number"])  # what every service validates before saving


def _deadlines_are_the_engines(petitions) -> None:
    """The stored deadlines are exactly what `deadlines_refresh` computes from the petition's facts."""
    for p in petitions.filter(accepted_on__isnull=False).order_by("id")[:120]:
        stored = (p.deadlines, p.notice_due, p.acceptance_due, p.settlement_due, p.deadline)
        deadlines_refresh(p)
        assert (p.deadlines, p.notice_due, p.acceptance_due, p.settlement_due, p.deadline) == stored, p.pk
    for p in petitions.filter(accepted_on__isnull=True).order_by("id")[:60]:
        stored = (p.deadlines, p.notice_due, p.acceptance_due, p.deadline)
        deadlines_refresh(p)
        assert (p.deadlines, p.notice_due, p.acceptance_due, p.deadline) == stored, p.pk


def _cases_copy_their_lead(petitions) -> None:
    """Each accepted petition leads its case, whose settlement facts are its own (what case_sync copies)."""
    for p in petitions.filter(accepted_on__isnull=False).select_related("case"):
        case = p.case
        assert case.lead_petition_id == p.pk
        assert (case.status, case.accepted_on, case.settlement_due, case.settled_on, case.within_authority) == (
            p.status,
            p.accepted_on,
            p.settlement_due,
            p.settled_on,
            True,
        )
    duplicates = petitions.filter(unqualified_reason__startswith="Đơn trùng") | petitions.filter(outcome="urged")
    assert duplicates.exists()
    joined = Case.objects.filter(petitions__in=petitions).values("pk").distinct().count()
    assert 0.05 < (petitions.count() - joined) / petitions.count() < 0.2  # about one petition in ten joins a case


def _a_province_adds_up_from_its_children(petitions) -> None:
    """The petitions family of the legacy province with most petitions: its children (districts, then its own
    agencies' row) add up to it, over the legacy map's whole life."""
    start, end = dt.date(2016, 1, 1), dt.date(2025, 6, 30)
    counts = {}
    for province in AdministrativeUnit.objects.filter(generation=Generation.LEGACY, level=Level.PROVINCE):
        within = petitions.filter(unit__path__startswith=province.path, received_on__range=(start, end))
        counts[province.pk] = within.count()
    busiest = AdministrativeUnit.objects.get(pk=max(counts, key=counts.get))
    report = petition_report(busiest, start, end)
    assert report["received"] == counts[busiest.pk] > 0
    assert report["must_settle"] > 0 and report["settled"] > 0
    for key in ("received", "carried_over", "accepted", "must_settle", "settled", "settled_on_time", "overdue_open"):
        assert sum(child[key] for child in report["children"]) == report[key], key
