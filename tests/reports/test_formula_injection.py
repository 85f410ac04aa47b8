"""Text typed by users comes back from every Excel file as text, never as a live formula."""

import datetime as dt
import io

import pytest
import time_machine
from django.test import TestCase
from openpyxl import Workbook, load_workbook

from petitions.services import PetitionerData, petition_receive
from portal.models import User
from portal.xlsx import safe_cell, safe_row

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'
RISKY = [PAYLOAD, "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+9)", "\t=1+1", "\r=1+1"]


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def _sheet(client, response):
    from reports.models import ExportJob

    job = ExportJob.objects.latest("id")
    assert response.status_code == 302, response.content
    file = client.get(f"/dashboard/exports/{job.pk}/download/")
    return load_workbook(io.BytesIO(b"".join(file.streaming_content))).active


def _cells(sheet):
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _assert_no_formula(sheet, *texts):
    cells = _cells(sheet)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    for text in texts:
        assert any(isinstance(v, str) and text in v for v in values), text  # still readable as typed


def test_petition_list_export_writes_a_typed_formula_as_text(client_for, commune_officer_a):
    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2026, 11, 3),
        summary=PAYLOAD,
        petitioners=[PetitionerData("@SUM(1+9)*cmd|' /C calc'!A0")],
    )
    client = client_for(commune_officer_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/dashboard/exports/petitions/", {"querystring": ""})
    sheet = _sheet(client, response)
    _assert_no_formula(sheet, PAYLOAD, "@SUM(1+9)*cmd|' /C calc'!A0")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[6].value == PAYLOAD)
    assert row[3].value == 1 and row[3].data_type == "n"  # numbers stay numbers
    assert isinstance(row[4].value, dt.datetime) and row[4].value.date() == dt.date(2026, 11, 3)


def test_reception_register_export_writes_a_typed_formula_as_text(client_for):
    from reception.services import CitizenData, VisitData, reception_session_record

    officer = User.objects.get(username="xa.tiepdan")
    reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=dt.date(2026, 11, 2),
        kind="regular",
        received_by="staff",
        receiver_name="-Hà Minh Lan",
        visits=[
            VisitData(kind="recommendation", content=PAYLOAD, action="answered", citizens=[CitizenData(PAYLOAD)]),
        ],
    )
    client = client_for(officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/dashboard/exports/reception/", {"querystring": ""})
    sheet = _sheet(client, response)
    _assert_no_formula(sheet, PAYLOAD, "-Hà Minh Lan")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[9].value == PAYLOAD)
    assert row[5].value == 1 and row[5].data_type == "n"


def test_official_form_writes_a_unit_name_that_looks_like_a_formula_as_text(client_for, commune_officer_a):
    unit = commune_officer_a.agency.unit
    unit.name = PAYLOAD
    unit.save(update_fields=["name"])
    client = client_for(commune_officer_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/dashboard/{unit.pk}/export/", {"form": "01-xld", "year": "2026"})
    sheet = _sheet(client, response)
    _assert_no_formula(sheet, PAYLOAD)


@pytest.mark.parametrize("text", RISKY)
def test_risky_text_is_stored_as_text_and_reads_back_unchanged(text):
    streamed = Workbook(write_only=True)
    sheet = streamed.create_sheet("x")
    sheet.append(safe_row(sheet, [text, -5, 2.5, dt.date(2026, 1, 2), None, "Bình thường", "-"]))
    ordinary = Workbook()
    safe_cell(ordinary.active, 1, 1, text)
    safe_cell(ordinary.active, 1, 2, -5)
    for book in (streamed, ordinary):
        row = list(load_workbook(io.BytesIO(_saved(book))).worksheets[-1].iter_rows())[0]
        assert row[0].data_type == "s" and row[0].value == text.replace("\r", "\n")  # XML reads CR as LF
        assert row[0].quotePrefix  # Excel keeps it text even when the cell is edited
        assert row[1].value == -5 and row[1].data_type == "n"  # negative numbers stay numbers
        if book is streamed:
            assert row[2].value == 2.5 and row[3].value.date() == dt.date(2026, 1, 2)
            assert row[5].value == "Bình thường" and not row[5].quotePrefix
            assert row[6].value == "-" and row[6].data_type == "s"


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
