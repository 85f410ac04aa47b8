"""The report API contract of issue 6, snapshots, locking and refresh."""

import datetime as dt

import pytest
import time_machine
from django.test import TestCase

from petitions.services import petition_accept, petition_classify, petition_settle
from portal.models import AdministrativeUnit
from reports.models import ReportKind, ReportSnapshot
from reports.periods import parse_period
from reports.services import report_lock, report_refresh
from reports.tasks import refresh_all_task

pytestmark = pytest.mark.django_db

PETITION_KEYS = {
    "unit",
    "from",
    "to",
    "computed_at",
    "received",
    "carried_over",
    "accepted",
    "must_settle",
    "settled",
    "settled_on_time",
    "resolution_rate",
    "on_time_rate",
    "overdue_open",
    "by_kind",
    "children",
}
RECEPTION_KEYS = {
    "sessions",
    "visits",
    "citizens",
    "delegations",
    "head_sessions",
    "delegated_sessions",
    "required_head_days",
    "held_head_days",
    "compliance_rate",
    "children",
}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")


@pytest.fixture
def settled_case(commune_officer_a):
    from petitions.services import PetitionerData, petition_receive

    p = petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="complaint",
        channel="mail",
        received_on=dt.date(2024, 3, 1),
        summary="Khiếu nại",
        petitioners=[PetitionerData("Hà Văn A")],
    )
    p = petition_classify(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=True
    )
    p = petition_accept(
        actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, accepted_on=dt.date(2024, 3, 5)
    )
    return petition_settle(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        settled_on=dt.date(2024, 3, 20),
        decision_no="1/QĐ",
        result="right",
    )


def test_petition_report_follows_the_contract(api_for, province_leader, province, settled_case):
    body = api_for(province_leader).get(f"/api/v1/reports/petitions/?unit={province.pk}&period=2024").json()
    assert PETITION_KEYS <= set(body)
    assert (body["from"], body["to"]) == ("2024-01-01", "2024-12-31")
    assert (body["received"], body["accepted"], body["settled"], body["resolution_rate"]) == (1, 1, 1, 100.0)
    assert set(body["by_kind"]) == {"complaint", "denunciation", "recommendation_reflection"}
    assert [c["name"] for c in body["children"]][:2] == ["Thành phố Bắc Kạn", "Huyện Pác Nặm"]


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("period=2024-Q3", "2024-07-01", "2024-09-30"),
        ("period=2024-H1", "2024-01-01", "2024-06-30"),
        ("period=2024-9M", "2024-01-01", "2024-09-30"),
        ("period=2024-02", "2024-02-01", "2024-02-29"),
        ("from=2023-08-01&to=2024-07-31", "2023-08-01", "2024-07-31"),
    ],
)
def test_every_period_form_is_understood(api_for, province_leader, province, query, start, end):
    body = api_for(province_leader).get(f"/api/v1/reports/petitions/?unit={province.pk}&{query}").json()
    assert (body["from"], body["to"]) == (start, end)


def test_bad_period_kind_or_unit_is_a_clear_400(api_for, province_leader, province):
    api = api_for(province_leader)
    assert "period" in api.get(f"/api/v1/reports/petitions/?unit={province.pk}&period=2024-Q5").json()
    assert api.get(f"/api/v1/reports/petitions/?unit={province.pk}&period=2024&kind=x").status_code == 400
    assert api.get("/api/v1/reports/petitions/?period=2024").status_code == 400


def test_reports_are_scoped_to_the_officials_subtree(api_for, commune_officer_b, commune_officer_a, province):
    neighbour = api_for(commune_officer_b)
    assert neighbour.get(f"/api/v1/reports/petitions/?unit={province.pk}&period=2024").status_code == 404
    own = commune_officer_b.agency.unit
    assert neighbour.get(f"/api/v1/reports/reception/?unit={own.pk}&period=2024").status_code == 200
    other = commune_officer_a.agency.unit
    assert neighbour.get(f"/api/v1/reports/reception/?unit={other.pk}&period=2024").status_code == 404


def test_reception_report_follows_the_contract(api_for, province_leader, province):
    body = api_for(province_leader).get(f"/api/v1/reports/reception/?unit={province.pk}&period=2024").json()
    assert RECEPTION_KEYS <= set(body) and len(body["children"]) == 8 + 1  # the districts and the province level


def test_a_snapshot_answers_until_refreshed(province, settled_case):
    period = parse_period(period="2024")
    first = report_refresh(kind=ReportKind.PETITIONS, unit=province, period=period)
    assert first.data["settled"] == 1
    ReportSnapshot.objects.filter(pk=first.pk).update(data={**first.data, "settled": 99})
    again = report_refresh(kind=ReportKind.PETITIONS, unit=province, period=period)
    assert again.pk == first.pk and again.data["settled"] == 1


def test_refresh_task_run_twice_gives_the_same_snapshots(province, settled_case):
    refresh_all_task.delay(years=[2024]).get()
    first = {(s.kind, s.unit_id, s.period_key): s.data for s in ReportSnapshot.objects.all()}
    refresh_all_task.delay(years=[2024]).get()
    second = {(s.kind, s.unit_id, s.period_key): s.data for s in ReportSnapshot.objects.all()}
    assert first == second and len(first) == ReportSnapshot.objects.count()
    assert (ReportKind.PETITIONS, province.pk, "2024-Q1") in first


def test_a_locked_period_is_frozen_and_later_edits_are_reported(
    province, settled_case, province_leader, commune_officer_a
):
    period = parse_period(period="2024-Q1")
    locked = report_lock(actor=province_leader, kind=ReportKind.PETITIONS, unit=province, period=period)
    assert locked.data["settled"] == 1
    from petitions.services import PetitionerData, petition_receive

    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2024, 2, 1),
        summary="Kiến nghị nhập muộn",
        petitioners=[PetitionerData("Hà Văn B")],
    )
    after = report_refresh(kind=ReportKind.PETITIONS, unit=province, period=period)
    assert after.data["received"] == 1  # the submitted figure stays
    assert after.changed_after_lock["fields"]["received"] == [1, 2]


def test_a_change_schedules_a_refresh_of_the_affected_snapshots(province, commune_officer_a):
    from petitions.services import PetitionerData, petition_receive

    period = parse_period(period="2024")
    report_refresh(kind=ReportKind.PETITIONS, unit=province, period=period)
    with TestCase.captureOnCommitCallbacks(execute=True):
        petition_receive(
            actor=commune_officer_a,
            receiving_agency=commune_officer_a.agency,
            kind="reflection",
            channel="online",
            received_on=dt.date(2024, 5, 6),
            summary="Phản ánh",
            petitioners=[PetitionerData("Hà Văn C")],
        )
    snapshot = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=province, period_key="2024")
    assert snapshot.data["received"] == 1
    commune = commune_officer_a.agency.unit
    assert ReportSnapshot.objects.filter(unit=commune, period_key="2024-05").exists()


def test_refresh_reports_command_runs_the_same_work(province, capsys):
    from django.core.management import call_command

    call_command("refresh_reports", "--unit", "06", "--period", "2024-Q2")
    assert "Refreshed 3 snapshots" in capsys.readouterr().out  # petitions, reception, ethnicity
    assert ReportSnapshot.objects.filter(unit=province, period_key="2024-Q2").count() == 3
