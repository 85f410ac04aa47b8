"""De-identification past retention: a dry run that changes nothing, then exactly the closed old cases, once."""

import datetime as dt
import io
import logging
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from petitions.choices import Kind, Status
from petitions.models import Case, EnforcementMeasure, Petition, PetitionDocument, Petitioner
from petitions.services import PetitionerData, petition_document_add
from portal.models import AuditEvent
from privacy.choices import PLACEHOLDER_NAME
from privacy.models import Deidentification
from privacy.retention import deidentified_values, retention_apply, retention_dry_run
from privacy.tasks import retention_sweep_task
from reception.choices import ReceivedBy, SessionKind
from reception.models import ReceptionVisit, VisitCitizen
from reception.services import CitizenData, reception_session_record
from tests.petitions.conftest import frozen_today, receive  # noqa: F401 (fixtures: today is 20 Nov 2026)
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db

OLD = dt.date(2015, 3, 2)  # more than 10 years before 20 Nov 2026
RECENT = dt.date(2024, 5, 6)


def _closed(petition: Petition, on: dt.date) -> Petition:
    """Close a petition and its case on a past day (the workflow itself is the petitions tests' business)."""
    Petition.objects.filter(pk=petition.pk).update(status=Status.CLOSED, closed_on=on)
    Case.objects.filter(pk=petition.case_id).update(status=Status.CLOSED)
    petition.refresh_from_db()
    return petition


def _person(name: str, id_number: str, phone: str) -> list[PetitionerData]:
    return [PetitionerData(full_name=name, id_number=id_number, phone=phone, address="Thôn Nà Phài", ethnicity="01")]


IDENTITIES = {
    "old_complaint": ("Hoàng Văn Cũ", "006011110001", "0911110001"),
    "old_denunciation": ("Bế Thị Mật", "006011110002", "0911110002"),
    "recent": ("Nông Văn Mới", "006011110003", "0911110003"),
    "open": ("Lý Thị Đang", "006011110004", "0911110004"),
    "enforcing": ("Ma Văn Thi", "006011110005", "0911110005"),
    "appealed": ("Triệu Thị Hai", "006011110006", "0911110006"),
}


@pytest.fixture
def cases(receive, commune_officer_a, settings, tmp_path):  # noqa: F811
    """Petitions of Xã Đồng Phúc in every situation the sweep must tell apart; returns them by name."""
    settings.MEDIA_ROOT = tmp_path
    made = {}
    for key, (name, id_number, phone) in IDENTITIES.items():
        kind = Kind.DENUNCIATION if key == "old_denunciation" else Kind.COMPLAINT
        made[key] = receive(
            kind=kind,
            received_on=dt.date(2014, 6, 2),
            summary=f"Đơn số {len(made) + 1} về đất đai",
            petitioners=_person(name, id_number, phone),
        )
    made["scan"] = petition_document_add(
        actor=commune_officer_a,
        petition_id=made["old_denunciation"].pk,
        uploaded_file=SimpleUploadedFile("don.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        title="Bản chụp đơn tố cáo",
        doc_type="petition_scan",
    )
    for key in ("old_complaint", "old_denunciation", "enforcing", "appealed"):
        _closed(made[key], OLD)
    _closed(made["recent"], RECENT)
    EnforcementMeasure.objects.create(
        petition=made["enforcing"], kind="return_land", description="Trả đất", responsible="UBND xã", due_on=OLD
    )
    appeal = receive(received_on=dt.date(2015, 4, 1), summary="Khiếu nại lần hai", name="Triệu Thị Hai")
    Petition.objects.filter(pk=appeal.pk).update(parent=made["appealed"], round=2)
    made["appeal"] = appeal
    return made


@pytest.fixture
def old_visit(commune_officer_a):
    """A reception visit of 2018 that brought no petition, and one of 2026."""
    officer = commune_officer_a.__class__.objects.select_related("agency__unit").get(username="xa.tiepdan")

    def session(day, name):
        return reception_session_record(
            actor=officer,
            agency=officer.agency,
            date=day,
            kind=SessionKind.REGULAR,
            received_by=ReceivedBy.STAFF,
            receiver_name="Hoàng Văn Khuổi, công chức tư pháp",
            visits=[visit(citizens=[CitizenData(full_name=name, id_number="006070009999", phone="0987000999")])],
        )

    return session(dt.date(2018, 5, 7), "Đinh Thị Xưa").visits.get(), session(dt.date(2026, 11, 16), "Đinh Văn Nay")


def _snapshot():
    rows = {}
    for model in (Petitioner, VisitCitizen, PetitionDocument, AuditEvent):
        rows[model.__name__] = list(model.objects.order_by("pk").values())
    return rows


def _raw_rows(table: str, column: str, ids) -> list[str]:
    """The stored rows as text, read past the ORM (whatever field a later change adds is in them)."""
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", list(ids))  # noqa: S608 (test)
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def test_the_dry_run_changes_nothing_and_counts_what_would_change(cases, old_visit):
    before = _snapshot()
    report = retention_dry_run()
    assert _snapshot() == before
    unit = cases["old_complaint"].unit.name
    assert report.rows[(unit, "petitions")] == {
        "cases": 1,
        "visits": 0,
        "petitioners": 1,
        "visitors": 0,
        "documents": 0,
        "files": 0,
    }
    assert report.rows[(unit, "denunciations")]["cases"] == 1
    assert report.rows[(unit, "denunciations")]["documents"] == 1
    assert report.rows[(unit, "reception")]["visits"] == 1 and report.rows[(unit, "reception")]["visitors"] == 1
    assert report.totals["cases"] == 2


def test_the_command_is_a_dry_run_unless_told_to_apply(cases):
    out = io.StringIO()
    call_command("privacy_retention", stdout=out)
    assert "Chạy thử" in out.getvalue() and "cases 2" in out.getvalue()
    assert not Deidentification.objects.exists()
    call_command("privacy_retention", "--apply", "--batch-size", "1", stdout=out)
    assert Deidentification.objects.filter(kind="case").count() == 2


def test_apply_de_identifies_exactly_the_closed_cases_past_retention(cases, old_visit):
    retention_apply()
    done = {Petitioner.objects.get(petition=cases[key]).full_name for key in ("old_complaint", "old_denunciation")}
    assert done == {PLACEHOLDER_NAME}
    for key in ("recent", "open", "enforcing", "appealed"):
        name, id_number, phone = IDENTITIES[key]
        person = Petitioner.objects.get(petition=cases[key])
        assert (person.full_name, person.id_number, person.phone) == (name, id_number, phone), key
    old, (recent_session) = old_visit
    assert VisitCitizen.objects.get(visit=old).full_name == PLACEHOLDER_NAME
    assert VisitCitizen.objects.get(visit__session=recent_session).full_name == "Đinh Văn Nay"


def test_no_trace_of_the_identity_is_left_in_the_rows_of_those_persons(
    cases, old_visit, django_capture_on_commit_callbacks
):
    scan = cases["scan"]
    stored = scan.file.path
    people = list(Petitioner.objects.filter(petition__in=[cases["old_complaint"], cases["old_denunciation"]]))
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply()
    rows = _raw_rows(Petitioner._meta.db_table, "id", [person.pk for person in people])
    rows += _raw_rows(VisitCitizen._meta.db_table, "visit_id", [old_visit[0].pk])
    secrets = [*IDENTITIES["old_complaint"], *IDENTITIES["old_denunciation"], "Đinh Thị Xưa", "006070009999"]
    secrets += ["Thôn Nà Phài", "hoang van cu", "be thi mat", "dinh thi xua"]
    assert len(rows) == 3
    for row in rows:
        assert not [secret for secret in secrets if secret.lower() in row.lower()], row
    person = Petitioner.objects.get(pk=people[0].pk)
    assert {name: getattr(person, name) for name in deidentified_values()} == deidentified_values()
    # The scan carries handwriting: its row and its file are gone.
    assert not PetitionDocument.objects.filter(pk=scan.pk).exists()
    assert not os.path.exists(stored)


def test_the_audit_says_what_was_done_and_never_whom(cases, old_visit):
    retention_apply()
    events = list(AuditEvent.objects.filter(verb__startswith="privacy."))
    by_case = {event.payload.get("case_id"): event for event in events if event.verb == "privacy.case_deidentified"}
    assert set(by_case) == {cases["old_complaint"].case_id, cases["old_denunciation"].case_id}
    denunciation = by_case[cases["old_denunciation"].case_id]
    assert denunciation.payload["category"] == "denunciations"
    assert (denunciation.payload["petitioners"], denunciation.payload["documents"]) == (1, 1)
    assert "full_name" in denunciation.payload["fields"]
    [visits] = [event for event in events if event.verb == "privacy.visits_deidentified"]
    assert (visits.payload["visits"], visits.payload["visitors"]) == (1, 1)
    text = " ".join(f"{event.target_repr} {event.payload} {event.before} {event.after}" for event in events)
    for name, id_number, phone in IDENTITIES.values():
        assert name not in text and id_number not in text and phone not in text
    assert "Đinh Thị Xưa" not in text


def test_running_it_twice_changes_nothing_the_second_time(cases, old_visit):
    first = retention_apply()
    assert first.totals["cases"] == 2 and first.totals["visits"] == 1
    after_first = _snapshot()
    second = retention_apply()
    assert second.totals == dict.fromkeys(second.totals, 0)
    assert _snapshot() == after_first
    assert retention_dry_run().totals["cases"] == 0


def test_a_case_reopened_or_appealed_later_is_never_touched(cases):
    # The appeal's case is open: the appealed one waits, and so does the appeal's own (open) case.
    retention_apply()
    assert not Deidentification.objects.filter(object_id__in=[cases["appealed"].case_id, cases["appeal"].case_id])
    assert Petitioner.objects.get(petition=cases["appeal"]).full_name == "Triệu Thị Hai"


def test_a_visit_that_brought_a_petition_goes_with_its_case(cases, old_visit):
    old, _recent = old_visit
    ReceptionVisit.objects.filter(pk=old.pk).update(petition=cases["old_complaint"])
    retention_apply()
    assert VisitCitizen.objects.get(visit=old).full_name == PLACEHOLDER_NAME
    event = AuditEvent.objects.get(verb="privacy.case_deidentified", payload__case_id=cases["old_complaint"].case_id)
    assert event.payload["visitors"] == 1
    assert not AuditEvent.objects.filter(verb="privacy.visits_deidentified").exists()


def test_the_years_come_from_the_settings(cases, settings):
    settings.PRIVACY_RETENTION_YEARS = {**settings.PRIVACY_RETENTION_YEARS, "petitions": 2}
    report = retention_dry_run()
    # 2 years: the complaint closed in May 2024 is now past retention as well.
    assert report.rows[(cases["recent"].unit.name, "petitions")]["cases"] == 2


def test_the_monthly_task_is_scheduled_and_only_logs_a_dry_run(cases, caplog):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention-dry-run"]
    assert entry["task"] == "privacy.tasks.retention_sweep_task"
    assert entry["schedule"].day_of_month == {1}
    with caplog.at_level(logging.INFO, logger="privacy.tasks"):
        totals = retention_sweep_task.delay().get()
    assert totals["cases"] == 2
    assert "dry run" in caplog.text
    assert not Deidentification.objects.exists()
    assert not [name for name, *_rest in IDENTITIES.values() if name in caplog.text]


def test_small_batches_reach_every_case_and_visit(cases, old_visit):
    report = retention_apply(batch_size=1)
    assert (report.totals["cases"], report.totals["visits"]) == (2, 1)
    assert AuditEvent.objects.filter(verb="privacy.case_deidentified").count() == 2
