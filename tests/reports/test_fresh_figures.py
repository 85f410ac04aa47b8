"""Fresh figures: every write path announces what it changed, and the refresh follows the commit.

The refresh is debounced per unit and day, but only once the transaction has committed: a save that
is rolled back must not hold back the corrected save that follows it. Bulk writers (the register
import, the deadline sweeps) announce each touched unit and day once, in one refresh.
"""

import csv
import datetime as dt

import pytest
import time_machine
from django.db import transaction

from petitions.importer import petitions_import
from petitions.models import Petition
from petitions.services import (
    PetitionerData,
    petition_receive,
    petitions_mark_overdue,
    petitions_recompute_deadlines,
)
from portal.models import AdministrativeUnit
from reports.models import ReportKind, ReportSnapshot
from reports.periods import parse_period
from reports.services import report_refresh

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def commune(commune_officer_a) -> AdministrativeUnit:
    return commune_officer_a.agency.unit  # Xã Đồng Phúc


@pytest.fixture
def refreshes(monkeypatch):
    """The (unit id, day) pairs and (unit id, since, until) spans of every refresh the reports app runs,
    one list per task."""
    from reports import tasks

    calls = []
    original = tasks.reports_refresh_for_changes

    def spy(*, changes):
        changes = list(changes)
        calls.append(sorted((unit.pk, *days) for unit, *days in changes))  # a day, or a span (since, until)
        return original(changes=changes)

    monkeypatch.setattr(tasks, "reports_refresh_for_changes", spy)
    return calls


def received_in_2024(unit) -> int:
    snapshot = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=unit, period_key="2024", params="")
    return snapshot.data["received"]


def receive(officer, summary: str, received_on=dt.date(2024, 5, 6)):
    return petition_receive(
        actor=officer,
        receiving_agency=officer.agency,
        kind="reflection",
        channel="online",
        received_on=received_on,
        summary=summary,
        petitioners=[PetitionerData("Hà Văn C")],
    )


def register_csv(tmp_path, *rows: dict):
    """A register file of complaints received at Xã Đồng Phúc on 4 Mar 2024 and accepted on 11 Mar."""
    base = {
        "register_number": "",
        "kind": "complaint",
        "round": "1",
        "unit_generation": "legacy",
        "unit_code": "01933",
        "received_on": "2024-03-04",
        "channel": "reception",
        "petitioner_name": "Nông Văn Dũng",
        "content": "Khiếu nại quyết định thu hồi đất; đề nghị bồi thường theo giá thị trường.",
        "field": "land_housing",
        "qualified": "yes",
        "within_authority": "yes",
        "outcome": "accepted",
        "accepted_on": "2024-03-11",
        "complexity": "normal",
        "extensions": "0",
        "settled_on": "",
        "settlement": "",
        "result": "",
    }
    path = tmp_path / "so-theo-doi-don.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(base))
        writer.writeheader()
        writer.writerows({**base, **row} for row in rows)
    return path


class Mistake(Exception):
    pass


def test_a_rolled_back_save_does_not_hold_back_the_corrected_one(
    commune, commune_officer_a, django_capture_on_commit_callbacks
):
    report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=parse_period(period="2024"))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Mistake), transaction.atomic():
        receive(commune_officer_a, "Phản ánh nhập sai")
        raise Mistake
    assert received_in_2024(commune) == 0
    with django_capture_on_commit_callbacks(execute=True):  # the corrected save, within the minute
        receive(commune_officer_a, "Phản ánh nhập đúng")
    assert received_in_2024(commune) == 1


def test_nothing_is_refreshed_before_the_commit(
    commune, commune_officer_a, refreshes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receive(commune_officer_a, "Phản ánh")
    assert refreshes == [] and len(callbacks) == 1
    callbacks[0]()  # the commit
    assert refreshes == [[(commune.pk, dt.date(2024, 5, 6))]]


def test_a_unit_and_day_goes_out_once_per_commit(
    commune, commune_officer_a, commune_officer_b, refreshes, django_capture_on_commit_callbacks
):
    neighbour = commune_officer_b.agency.unit
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        receive(commune_officer_a, "Phản ánh thứ nhất")
        receive(commune_officer_a, "Phản ánh thứ hai")
        receive(commune_officer_b, "Phản ánh của xã bên")
    day = dt.date(2024, 5, 6)
    assert refreshes == [sorted([(commune.pk, day), (neighbour.pk, day)])]  # one refresh, each unit and day once


def test_an_import_refreshes_the_units_it_touched_once_each(
    tmp_path, commune, refreshes, django_capture_on_commit_callbacks
):
    report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=parse_period(period="2024"))
    settled = {"settled_on": "2024-04-05", "settlement": "decision", "result": "partly_right"}
    rows = [
        {"register_number": "SO-2024-0101", **settled},
        {"register_number": "SO-2024-0102", **settled},
        {"register_number": "SO-2024-0103"},  # still open: today's figures move too
    ]
    with django_capture_on_commit_callbacks(execute=True):
        report = petitions_import(source=register_csv(tmp_path, *rows), filename="so.csv")
    assert report.created == 3 and not report.errors
    days = [dt.date(2024, 3, 4), dt.date(2024, 3, 11), dt.date(2024, 4, 5), TODAY]
    # and the span over which the unit's cases were open: the periods in between carried them over
    spans = [(dt.date(2024, 3, 11), TODAY)]
    expected = sorted([(commune.pk, day) for day in days] + [(commune.pk, *span) for span in spans])
    assert refreshes == [expected]  # one refresh, each unit, day and span once
    assert received_in_2024(commune) == 3
    assert received_in_2024(commune.parent) == 3  # the district's figures were computed with them


def test_a_bulk_change_refreshes_the_snapshots_that_exist_and_leaves_the_rest_to_the_first_read(
    commune, commune_officer_a
):
    from reports.services import PRECOMPUTE_AT_MOST, reports_refresh_for_changes

    report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=parse_period(period="2024"))
    receive(commune_officer_a, "Phản ánh")
    every_day = [(commune, dt.date(2023, 1, 1) + dt.timedelta(days=n)) for n in range(365 + 366)]
    assert reports_refresh_for_changes(changes=every_day[365:366]) <= PRECOMPUTE_AT_MOST  # an edit: all ahead
    assert ReportSnapshot.objects.filter(unit=commune.parent, period_key="2024-01").count() == 3
    ReportSnapshot.objects.exclude(unit=commune, period_key="2024", kind=ReportKind.PETITIONS).delete()

    assert reports_refresh_for_changes(changes=every_day) == 1  # an import's worth: only what exists
    assert received_in_2024(commune) == 1
    assert ReportSnapshot.objects.count() == 1


def classified_complaint(officer, received_on: dt.date, summary: str, name: str):
    """A complaint received at the officer's commune and found qualified and within its authority."""
    from petitions.services import petition_classify

    petition = petition_receive(
        actor=officer,
        receiving_agency=officer.agency,
        kind="complaint",
        channel="mail",
        received_on=received_on,
        summary=summary,
        petitioners=[PetitionerData(name)],
    )
    return petition_classify(
        actor=officer, petition_id=petition.pk, expected_version=petition.version, qualified=True, within_authority=True
    )


@pytest.fixture
def accepted(commune_officer_a):
    """A complaint received on 2 Nov 2026 and accepted on 5 Nov 2026 at Xã Đồng Phúc."""
    from petitions.services import petition_accept

    def make():
        petition = classified_complaint(
            commune_officer_a, dt.date(2026, 11, 2), "Khiếu nại việc bồi thường", "Nông Văn Dũng"
        )
        return petition_accept(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            accepted_on=dt.date(2026, 11, 5),
        )

    return make


def accepted_days(commune) -> list[tuple]:
    return [
        (commune.pk, dt.date(2026, 11, 2)),
        (commune.pk, dt.date(2026, 11, 5)),
        (commune.pk, dt.date(2026, 11, 5), TODAY),
        (commune.pk, TODAY),
    ]


def test_recomputed_deadlines_refresh_the_units_they_touched(
    commune, accepted, refreshes, django_capture_on_commit_callbacks
):
    petition = accepted()
    Petition.objects.filter(pk=petition.pk).update(settlement_due=dt.date(2026, 11, 30), deadline=dt.date(2026, 11, 30))
    with django_capture_on_commit_callbacks(execute=True):
        assert petitions_recompute_deadlines() == 1
    # once, not once per petition: the days it was received and accepted, and today (with the span of
    # the fixture's acceptance, made in the same test transaction)
    assert refreshes == [accepted_days(commune)]
    with django_capture_on_commit_callbacks(execute=True):
        assert petitions_recompute_deadlines() == 0  # run twice: nothing moved, nothing announced
    assert len(refreshes) == 1


def test_the_overdue_sweep_refreshes_the_units_it_marked(
    commune, accepted, refreshes, django_capture_on_commit_callbacks
):
    petition = accepted()
    Petition.objects.filter(pk=petition.pk).update(deadline=dt.date(2026, 11, 10))
    with django_capture_on_commit_callbacks(execute=True):
        assert petitions_mark_overdue() == 1
    assert refreshes == [accepted_days(commune)]
    with django_capture_on_commit_callbacks(execute=True):
        assert petitions_mark_overdue() == 0  # run twice: marked once, announced once
    assert len(refreshes) == 1


def test_a_session_moved_to_another_day_refreshes_both_days(commune, refreshes, django_capture_on_commit_callbacks):
    from portal.models import User
    from reception.services import CitizenData, VisitData, reception_session_record, reception_session_update

    officer = User.objects.get(username="xa.tiepdan")  # the reception officer of Xã Đồng Phúc
    session = reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=dt.date(2026, 10, 30),
        kind="regular",
        received_by="staff",
        receiver_name="Hà Minh Lan, công chức tư pháp",
        visits=[
            VisitData(
                kind="recommendation",
                content="Kiến nghị sửa cầu treo Nà Làng",
                action="answered",
                citizens=[CitizenData(full_name="Đinh Văn Sáu", id_number="006070000111")],
            )
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        reception_session_update(
            actor=officer, session_id=session.pk, expected_version=session.version, date=dt.date(2026, 11, 2)
        )
    assert refreshes == [[(commune.pk, dt.date(2026, 10, 30)), (commune.pk, dt.date(2026, 11, 2))]]


def test_a_backdated_settlement_refreshes_the_month_it_was_settled_in(
    commune, commune_officer_a, django_capture_on_commit_callbacks
):
    from petitions.services import petition_accept, petition_settle

    complaint = classified_complaint(commune_officer_a, dt.date(2026, 9, 28), "Khiếu nại bồi thường đất", "Hà Văn D")
    complaint = petition_accept(
        actor=commune_officer_a,
        petition_id=complaint.pk,
        expected_version=complaint.version,
        accepted_on=dt.date(2026, 10, 1),
    )
    october = parse_period(period="2026-10")
    report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=october)

    with django_capture_on_commit_callbacks(execute=True):  # settled today, dated back to 28 October
        petition_settle(
            actor=commune_officer_a,
            petition_id=complaint.pk,
            expected_version=complaint.version,
            settled_on=dt.date(2026, 10, 28),
            decision_no="21/QĐ-UBND",
            result="wrong",
        )

    snapshot = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=commune, period_key=october.key, params="")
    assert snapshot.data["settled"] >= 1
    live = report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=october)
    assert snapshot.data == live.data  # the dashboard's October is what a fresh computation says


def test_a_backdated_acceptance_moves_the_months_the_case_was_carried_over_into(
    commune, commune_officer_a, django_capture_on_commit_callbacks
):
    """Accepted on 15 Sep, recorded on 20 Nov: October held neither day, yet its case was open all month."""
    from petitions.services import petition_accept

    complaint = classified_complaint(commune_officer_a, dt.date(2026, 9, 8), "Khiếu nại về ranh giới đất", "Ma Văn E")
    october = parse_period(period="2026-10")
    before = report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=october)
    assert before.data["carried_over"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        petition_accept(
            actor=commune_officer_a,
            petition_id=complaint.pk,
            expected_version=complaint.version,
            accepted_on=dt.date(2026, 9, 15),
        )

    snapshot = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=commune, period_key=october.key, params="")
    assert snapshot.data["carried_over"] == 1  # refreshed after the commit, not at night
    assert snapshot.data == report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=october).data


def test_a_span_refreshes_the_periods_it_overlaps_even_when_its_days_went_out_in_another_refresh(
    commune, commune_officer_a, django_capture_on_commit_callbacks
):
    """Refreshes are debounced per unit and day: the days of one write may go out in two tasks. A span
    is judged on its own, so the task that carries it refreshes October whatever carried the days."""
    from petitions.services import petition_accept
    from reports.services import reports_refresh_for_changes

    complaint = classified_complaint(commune_officer_a, dt.date(2026, 9, 8), "Khiếu nại về lối đi", "Lý Văn G")
    october = parse_period(period="2026-10")
    report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=october)
    with django_capture_on_commit_callbacks(execute=False):  # its own refresh is left out
        petition_accept(
            actor=commune_officer_a,
            petition_id=complaint.pk,
            expected_version=complaint.version,
            accepted_on=dt.date(2026, 9, 15),
        )

    def october_carried_over() -> int:
        snapshot = ReportSnapshot.objects.get(kind=ReportKind.PETITIONS, unit=commune, period_key=october.key)
        return snapshot.data["carried_over"]

    reports_refresh_for_changes(changes=[(commune, dt.date(2026, 9, 15)), (commune, TODAY)])  # the days alone
    assert october_carried_over() == 0
    reports_refresh_for_changes(changes=[(commune, dt.date(2026, 9, 15), TODAY)])  # the span, in a task of its own
    assert october_carried_over() == 1


def test_a_step_that_moves_no_date_announces_no_span(accepted, refreshes, django_capture_on_commit_callbacks):
    """Steps on a case open for months must not refresh every period since it arrived."""
    from petitions.services.common import case_dates, spans_moved

    petition = accepted()
    assert spans_moved(petition.unit_id, case_dates(petition), case_dates(petition), TODAY) == set()
    later = (petition.accepted_on, None, dt.date(2027, 1, 5))  # a due date after today has no figures yet
    assert spans_moved(petition.unit_id, case_dates(petition), later, TODAY) == set()
    backdated = (dt.date(2026, 10, 1), None, petition.settlement_due)
    assert spans_moved(petition.unit_id, case_dates(petition), backdated, TODAY) == {
        (petition.unit_id, dt.date(2026, 10, 1), dt.date(2026, 11, 5))
    }


def test_the_nightly_job_moves_a_running_periods_agency_figures_to_the_new_day(commune, commune_officer_a):
    """An agency's overdue figure for this year is measured at today: it moves overnight with no record changed."""
    from petitions.services import petition_accept
    from reports.families import PetitionParams
    from reports.tasks import refresh_all_task

    complaint = classified_complaint(commune_officer_a, dt.date(2026, 10, 1), "Khiếu nại về tiền đền bù", "Hà Văn H")
    petition_accept(
        actor=commune_officer_a,
        petition_id=complaint.pk,
        expected_version=complaint.version,
        accepted_on=dt.date(2026, 10, 2),
    )
    year = parse_period(period="2026")
    params = PetitionParams(agency_id=commune_officer_a.agency_id)
    due = Petition.objects.get(pk=complaint.pk).case.settlement_due
    with time_machine.travel(dt.datetime.combine(due, dt.time(2, 0), tzinfo=dt.UTC), tick=False):
        before = report_refresh(kind=ReportKind.PETITIONS, unit=commune, period=year, params=params)
    assert before.data["overdue_open"] == 0  # due that day: not overdue yet
    refresh_all_task()  # the night of 20 Nov, long after the due date
    after = ReportSnapshot.objects.get(pk=before.pk)
    assert after.data["overdue_open"] == 1
