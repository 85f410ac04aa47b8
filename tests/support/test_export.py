"""The support lists' Excel exports: the filtered list, within the official's scope, typed text kept as text.

Built by the reports app as a logged job (the "support" family declares both exports); the list pages post
their query string to the reports app's generic list export.
"""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports import export_build
from reports.models import ExportJob, ExportStatus
from support.exports import ACTIVITY_LIST_EXPORT, ASSIGNMENT_LIST_EXPORT
from support.services import activity_confirm, activity_record, assignment_create

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def delivered(health_officer, commune_leader, assignment, examination, danvan, other_department, hoang_tri):
    """Đồng Phúc confirmed an examination and has a draft whose description looks like a formula; Hoàng Trĩ
    is supported by another department."""
    confirmed = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    activity_confirm(actor=commune_leader, activity=confirmed)
    activity_record(
        actor=health_officer, assignment=assignment, data=examination(description=PAYLOAD, date=dt.date(2026, 11, 2))
    )
    assignment_create(
        actor=danvan,
        year=2026,
        agency=other_department,
        communes=[hoang_tri],
        decision_number="126/QĐ-UBND",
        decision_date=dt.date(2026, 1, 15),
    )


def exported(user, kind: str, querystring: str = "") -> list[tuple]:
    job = ExportJob.objects.create(
        requested_by=user, unit=user.scope_unit, kind=kind, params={"querystring": querystring}
    )
    job = export_build(job_id=job.pk)
    assert job.status == ExportStatus.DONE, job.error
    with job.file.open("rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    return list(sheet.iter_rows(min_row=3, values_only=True)), sheet


def test_the_activity_export_holds_the_filtered_list_with_its_figures(delivered, commune_leader):
    rows, sheet = exported(commune_leader, ACTIVITY_LIST_EXPORT, "status=confirmed")

    assert len(rows) == 1
    (row,) = rows
    assert row[1].date() == dt.date(2026, 10, 12)
    assert row[2] == "Xã Đồng Phúc" and row[3] == "Sở Y tế tỉnh Bắc Kạn"
    assert row[7] == 45_000_000 and row[9] == 320
    assert row[12] == "Xã đã xác nhận"
    assert "Trạng thái: Xã đã xác nhận" in sheet["B1"].value


def test_typed_text_that_looks_like_a_formula_stays_text(delivered, health_officer):
    rows, sheet = exported(health_officer, ACTIVITY_LIST_EXPORT)

    cell = next(row for row in sheet.iter_rows(min_row=3) if row[5].value == PAYLOAD)[5]
    assert cell.data_type == "s"
    assert len(rows) == 2


def test_an_agency_exports_only_its_own_assignments_and_the_province_all(delivered, school_officer, danvan):
    school_rows, _sheet = exported(school_officer, ASSIGNMENT_LIST_EXPORT)
    province_rows, _sheet = exported(danvan, ASSIGNMENT_LIST_EXPORT)

    assert [row[2] for row in school_rows] == ["Xã Hoàng Trĩ"]
    assert sorted(row[2] for row in province_rows) == ["Xã Hoàng Trĩ", "Xã Đồng Phúc"]
    dong_phuc = next(row for row in province_rows if row[2] == "Xã Đồng Phúc")
    assert (dong_phuc[8], dong_phuc[9], dong_phuc[10]) == (1, 0, 45_000_000)  # confirmed, waiting, value


def test_the_list_pages_offer_the_export_of_what_they_show(client, delivered, danvan):
    client.force_login(danvan)
    for route, kind in (("support:assignments", ASSIGNMENT_LIST_EXPORT), ("support:activities", ACTIVITY_LIST_EXPORT)):
        page = client.get(reverse(route), {"year": "2026"}, HTTP_HOST="localhost").content.decode()
        assert f'value="{kind}"' in page
        assert reverse("reports:export-list") in page

    response = client.post(
        reverse("reports:export-list"),
        {"kind": ACTIVITY_LIST_EXPORT, "querystring": "status=confirmed"},
        HTTP_HOST="localhost",
    )
    job = ExportJob.objects.get(kind=ACTIVITY_LIST_EXPORT)
    assert response.status_code == 302 and response["Location"] == reverse("reports:export", args=[job.pk])


def test_an_official_who_may_not_read_support_cannot_ask_for_the_export(client, commune_officer_a):
    client.force_login(commune_officer_a)  # a petition handler: no support role

    answer = client.post(
        reverse("reports:export-list"), {"kind": ACTIVITY_LIST_EXPORT, "querystring": ""}, HTTP_HOST="localhost"
    )

    assert answer.status_code == 403
    assert not ExportJob.objects.filter(kind=ACTIVITY_LIST_EXPORT).exists()
