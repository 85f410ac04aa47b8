"""Bulk import of an agency's activities from Excel: all or nothing, rows updated by their key, clear errors."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from portal.models import AuditEvent
from portal.services import NotPermitted
from support.choices import ActivityStatus
from support.importer import ACTIVITIES, activities_import
from support.models import Activity, SupportImportJob
from support.services import activity_confirm, activity_submit

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã dòng",
    "Xã",
    "Ngày thực hiện",
    "Loại hỗ trợ",
    "Nội dung",
    "Tiền mặt (đồng)",
    "Hiện vật quy đổi (đồng)",
    "Số lượng",
    "Số người hưởng lợi",
    "Trong đó nữ",
    "Trong đó người dân tộc thiểu số",
]


def workbook(*rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def examination_row(key="SYT-01", commune=None, **changes):
    row = {
        "key": key,
        "commune": commune,
        "date": dt.date(2026, 10, 12),
        "type": "Khám bệnh, cấp thuốc miễn phí",
        "description": "Khám bệnh cho người cao tuổi thôn Nà Làng",
        "money": None,
        "in_kind": "45.000.000",
        "quantity": 320,
        "people": 320,
        "female": 170,
        "minority": 290,
    }
    row.update(changes)
    return list(row.values())


def run(officer, content: bytes, **kwargs):
    return activities_import(source=content, filename="hoat-dong.xlsx", actor=officer, **kwargs)


@pytest.fixture
def two_rows(assignment, dong_phuc):
    return workbook(
        examination_row("SYT-01", dong_phuc.code),
        examination_row(
            "SYT-02",
            "Đồng Phúc",
            date="05/11/2026",
            type="guidance",
            description="Hướng dẫn phòng dịch cho y tế thôn",
            in_kind=None,
            money=2_000_000,
            quantity=None,
            people=None,
            female=None,
            minority=None,
        ),
    )


def test_a_valid_file_adds_the_activities_as_drafts_of_the_agencys_assignment(health_officer, assignment, two_rows):
    report = run(health_officer, two_rows)

    assert report.ok, report.error_lines()
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    first, second = Activity.objects.filter(assignment=assignment).order_by("import_key")
    assert first.in_kind_vnd == 45_000_000 and first.beneficiaries_female == 170
    assert first.status == ActivityStatus.DRAFT and first.import_key == "SYT-01"
    assert second.date == dt.date(2026, 11, 5) and second.money_vnd == 2_000_000
    assert second.activity_type.code == "guidance"
    assert AuditEvent.objects.filter(verb="support.activities_imported", actor=health_officer).count() == 1


def test_importing_the_same_file_again_changes_nothing(health_officer, assignment, two_rows):
    run(health_officer, two_rows)
    versions = list(Activity.objects.order_by("pk").values_list("version", flat=True))

    report = run(health_officer, two_rows)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert list(Activity.objects.order_by("pk").values_list("version", flat=True)) == versions


def test_a_corrected_row_updates_the_draft_with_its_key(health_officer, assignment, dong_phuc, two_rows):
    run(health_officer, two_rows)

    report = run(health_officer, workbook(examination_row("SYT-01", dong_phuc.code, people=350, female=180)))

    assert (report.created, report.updated) == (0, 1)
    activity = Activity.objects.get(import_key="SYT-01")
    assert (activity.beneficiaries, activity.beneficiaries_female) == (350, 180)
    assert Activity.objects.count() == 2


def test_a_change_to_an_activity_the_commune_confirmed_refuses_the_whole_file(
    health_officer, commune_leader, assignment, dong_phuc, two_rows
):
    run(health_officer, two_rows)
    confirmed = Activity.objects.get(import_key="SYT-01")
    activity_submit(actor=health_officer, activity=confirmed)
    activity_confirm(actor=commune_leader, activity=confirmed)

    report = run(
        health_officer,
        workbook(
            examination_row("SYT-01", dong_phuc.code, in_kind=90_000_000), examination_row("SYT-03", dong_phuc.code)
        ),
    )

    assert not report.ok
    assert report.errors[0][:2] == (2, "Mã dòng")
    assert "Xã đã xác nhận" in report.errors[0][2]
    assert not Activity.objects.filter(import_key="SYT-03").exists()
    assert Activity.objects.get(import_key="SYT-01").in_kind_vnd == 45_000_000


def test_a_commune_the_agency_is_not_assigned_to_is_named_and_nothing_is_written(
    health_officer, assignment, dong_phuc, hoang_tri
):
    report = run(
        health_officer, workbook(examination_row("SYT-01", dong_phuc.code), examination_row("SYT-02", hoang_tri.name))
    )

    assert report.error_lines() == [
        f"Dòng 3, cột Xã: Cơ quan của bạn không được phân công phụ trách xã “{hoang_tri.name}”; xem trang “Danh mục”."
    ]
    assert Activity.objects.count() == 0


def test_every_bad_cell_is_reported_with_its_row_and_column(health_officer, assignment, dong_phuc):
    report = run(
        health_officer,
        workbook(
            examination_row("SYT-01", dong_phuc.code, date="31/02/2026", money="mười triệu"),
            examination_row("SYT-01", dong_phuc.code, female=400, type="Làm nhà"),
            examination_row("SYT-03", dong_phuc.code, description=""),
        ),
    )

    assert report.errors == [
        (2, "Ngày thực hiện", "Ngày “31/02/2026” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy."),
        (2, "Tiền mặt (đồng)", "Số tiền phải là số nguyên không âm (đồng)."),
        (3, "Mã dòng", "Mã dòng đã có ở dòng 2 của tệp."),
        (3, "Loại hỗ trợ", "Không có loại hỗ trợ “Làm nhà” đang áp dụng; xem trang “Danh mục”."),
        (3, "Trong đó nữ", "Không được lớn hơn số người hưởng lợi (320)."),
        (4, "Nội dung", "Nhập nội dung hoạt động."),
    ]
    assert Activity.objects.count() == 0


def test_a_date_outside_the_assignment_is_refused_by_the_same_rule_as_the_page(health_officer, assignment, dong_phuc):
    report = run(health_officer, workbook(examination_row("SYT-01", dong_phuc.code, date=dt.date(2025, 12, 1))))

    assert report.errors == [
        (2, "Ngày thực hiện", f"Ngày 01/12/2025 cơ quan của bạn không phụ trách {dong_phuc.name}.")
    ]


def test_a_missing_required_column_is_named(health_officer, assignment):
    report = run(health_officer, workbook(["SYT-01"], headers=["Mã dòng"]))

    assert (1, "Xã", "Thiếu cột bắt buộc.") in report.errors
    assert Activity.objects.count() == 0


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(health_officer, assignment, two_rows):
    report = run(health_officer, two_rows, dry_run=True)

    assert report.ok and report.dry_run and report.created == 2
    assert Activity.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="support.activities_imported").exists()


def test_submitting_on_import_sends_the_activities_to_the_commune(health_officer, assignment, two_rows):
    run(health_officer, two_rows, submit=True)

    assert set(Activity.objects.values_list("status", flat=True)) == {ActivityStatus.SUBMITTED}


def test_an_officer_of_an_agency_without_assignments_cannot_import(school_officer, assignment, two_rows):
    with pytest.raises(NotPermitted):
        run(school_officer, two_rows)


def test_the_template_lists_the_assigned_communes_and_its_sample_row_imports(
    client, health_officer, assignment, dong_phuc
):
    client.force_login(health_officer)
    response = client.get(reverse("support:import-template"), HTTP_HOST="localhost")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    main, lists = book["Hoạt động"], book["Danh mục"]
    assert [cell.value for cell in main[1]] == [str(column.header) for column in ACTIVITIES.columns]
    assert (dong_phuc.code, dong_phuc.name) in [(row[0], row[1]) for row in lists.iter_rows(values_only=True)]
    assert "Hướng dẫn" in book.sheetnames

    report = run(health_officer, response.content)
    assert report.ok, report.error_lines()
    assert report.created == 1


def test_the_page_imports_a_file_and_shows_what_it_did(
    client, health_officer, assignment, two_rows, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(health_officer)
    upload = SimpleUploadedFile("hoat-dong.xlsx", two_rows)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support:import"), {"file": upload}, HTTP_HOST="localhost")
    response = client.get(response["Location"], HTTP_HOST="localhost")

    job = SupportImportJob.objects.get()
    assert response.request["PATH_INFO"] == reverse("support:import-job", args=[job.pk])
    assert "Đã thêm 2 hoạt động, cập nhật 0 hoạt động" in response.content.decode()
    assert Activity.objects.count() == 2


def test_the_import_page_is_refused_to_officials_who_report_for_no_commune(client, school_officer, commune_leader):
    for official in (school_officer, commune_leader):
        client.force_login(official)
        assert client.get(reverse("support:import"), HTTP_HOST="localhost").status_code == 403


def test_another_officials_import_job_is_not_found(
    client, health_officer, assignment, two_rows, danvan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(health_officer)
    client.post(reverse("support:import"), {"file": SimpleUploadedFile("a.xlsx", two_rows)}, HTTP_HOST="localhost")
    job = SupportImportJob.objects.get()

    client.force_login(danvan)
    assert client.get(reverse("support:import-job", args=[job.pk]), HTTP_HOST="localhost").status_code == 404
