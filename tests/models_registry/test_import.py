"""Bulk registration from the Excel template: checked row by row, all or nothing, through an upload job."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from models_registry.choices import CollectiveKind, Field, ForceRole, OwnerKind, Status
from models_registry.importer import import_run, import_template, models_import
from models_registry.importer.columns import COLUMNS, header_of
from models_registry.models import ImportStatus, MobilizationModel, ModelImportJob
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db

TRAN_PHU = "02179"  # Xã Trần Phú (Na Rì), legacy map, in Bắc Kạn
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def registration(round_, **overrides) -> dict:
    """One row of the workbook, by column key: the department's model, every required element filled."""
    row = {
        "round": round_.pk,
        "name": "Khéo vận động tổ chức, cá nhân sử dụng dịch vụ công trực tuyến toàn trình",
        "field": "Xây dựng hệ thống chính trị",
        "owner_kind": "Tập thể",
        "collective_kind": "Cơ quan, đơn vị",
        "owner_name": "Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        "situation": "Người dân phải đến Sở nhiều lần để nộp hồ sơ giấy.",
        "goals": "100% thủ tục được nộp trực tuyến toàn trình.",
        "content": "Hướng dẫn tại chỗ, hỗ trợ qua điện thoại và Zalo.",
        "outputs": "Tỷ lệ hồ sơ trực tuyến, số lượt hỗ trợ.",
    }
    row.update(overrides)
    return row


def workbook(rows: list[dict], *, headers: list[str] | None = None) -> bytes:
    """A workbook with the template's Vietnamese headers (those of the keys used, unless given)."""
    keys = list(dict.fromkeys(key for row in rows for key in row))
    sheet_book = Workbook()
    sheet = sheet_book.active
    sheet.append(headers if headers is not None else [header_of(key) for key in keys])
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    sheet_book.save(buffer)
    return buffer.getvalue()


def run(content: bytes, actor, **kwargs):
    return models_import(source=content, filename="mo-hinh.xlsx", actor=actor, **kwargs)


# --- the happy path ------------------------------------------------------------------------------


def test_rows_become_draft_models_of_the_officials_agency(province_round, department_officer_sokhcn, sokhcn):
    individual = registration(
        province_round,
        name="Vận động nhân dân trồng chè vàng, cây dẻ, cây trám",
        field="kinh te",  # without diacritics, as people type it
        owner_kind="Cá nhân",
        collective_kind=None,
        owner_name="Hoàng Văn Tam",
        owner_position="Nông dân thôn Bản Chán",
        unit_code=1933,  # Excel dropped the leading zero of Xã Đồng Phúc's 01933
        address="Thôn Bản Chán, xã Đồng Phúc",
        lead_forces="Hộ ông Hoàng Văn Tam: trồng mẫu, hướng dẫn kỹ thuật",
        coordinating_forces="Chi hội Nông dân thôn; Hợp tác xã: bao tiêu sản phẩm",
        resources_money="150.000.000",
        labour_days=300,
        starts_on=dt.date(2026, 2, 1),
        ends_on="31/12/2026",
    )
    content = workbook([registration(province_round), individual])

    report = run(content, department_officer_sokhcn)

    assert (report.ok, report.created, report.unchanged) == (True, 2, 0)
    agency_model, tea = MobilizationModel.objects.filter(round=province_round).order_by("pk")
    assert agency_model.status == tea.status == Status.DRAFT
    assert agency_model.registering_agency == tea.registering_agency == sokhcn
    assert agency_model.unit == sokhcn.unit  # no unit code: the registering agency's unit
    assert (agency_model.field, agency_model.owner_kind, agency_model.collective_kind) == (
        Field.POLITICAL_SYSTEM,
        OwnerKind.COLLECTIVE,
        CollectiveKind.AGENCY,
    )
    assert tea.unit.code == "01933" and tea.unit.name == "Xã Đồng Phúc"
    assert (tea.field, tea.owner_kind, tea.owner_name, tea.owner_position) == (
        Field.ECONOMY,
        OwnerKind.INDIVIDUAL,
        "Hoàng Văn Tam",
        "Nông dân thôn Bản Chán",
    )
    assert (tea.resources_money, tea.labour_days) == (Decimal("150000000"), 300)
    assert (tea.starts_on, tea.ends_on) == (dt.date(2026, 2, 1), dt.date(2026, 12, 31))
    assert [(f.role, f.name, f.task) for f in tea.forces.order_by("pk")] == [
        (ForceRole.LEAD, "Hộ ông Hoàng Văn Tam", "trồng mẫu, hướng dẫn kỹ thuật"),
        (ForceRole.COORDINATING, "Chi hội Nông dân thôn", ""),
        (ForceRole.COORDINATING, "Hợp tác xã", "bao tiêu sản phẩm"),
    ]
    verbs = list(AuditEvent.objects.filter(actor=department_officer_sokhcn).values_list("verb", flat=True))
    assert verbs.count("model.created") == 2 and verbs.count("model.imported") == 1


def test_the_templates_sample_row_imports_as_it_is(province_round, department_officer_sokhcn):
    template = import_template(user=department_officer_sokhcn)

    report = run(template, department_officer_sokhcn)

    assert report.ok and report.created == 1
    model = MobilizationModel.objects.get(round=province_round)
    assert model.owner_name == "Chi bộ thôn Nà Dâu"
    assert model.unit.name == "Xã Trần Phú"
    assert model.collective_kind == CollectiveKind.PARTY_CELL


def test_the_template_has_vietnamese_headers_a_help_sheet_and_the_open_rounds(
    province_round, department_officer_sokhcn
):
    book = load_workbook(io.BytesIO(import_template(user=department_officer_sokhcn)))

    assert book.sheetnames == ["Mô hình", "Hướng dẫn", "Đợt đăng ký", "Danh mục"]
    headers = [cell.value for cell in book["Mô hình"][1]]
    assert headers[:4] == ["Mã đợt", "Tên mô hình", "Lĩnh vực", "Tập thể hay cá nhân"]
    assert len(headers) == len(COLUMNS)
    assert book["Mô hình"]["A2"].value == province_round.pk
    help_rows = {row[0]: row[1] for row in book["Hướng dẫn"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert help_rows["Tên mô hình"] == "Có" and help_rows["Kinh phí (đồng)"] is None
    rounds = list(book["Đợt đăng ký"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1]) for row in rounds] == [(province_round.pk, province_round.name)]
    assert [row[0] for row in book["Danh mục"].iter_rows(min_row=2, max_col=1, values_only=True) if row[0]] == [
        "Kinh tế",
        "Văn hóa - xã hội",
        "Quốc phòng - an ninh",
        "Xây dựng hệ thống chính trị",
    ]


def test_importing_the_same_file_twice_creates_nothing_new(province_round, department_officer_sokhcn):
    content = workbook([registration(province_round)])
    assert run(content, department_officer_sokhcn).created == 1

    again = run(content, department_officer_sokhcn)

    assert (again.ok, again.created, again.unchanged) == (True, 0, 1)
    assert MobilizationModel.objects.filter(round=province_round).count() == 1


def test_a_dry_run_says_what_would_be_created_and_writes_nothing(province_round, department_officer_sokhcn):
    report = run(workbook([registration(province_round)]), department_officer_sokhcn, dry_run=True)

    assert (report.ok, report.dry_run, report.created) == (True, True, 1)
    assert not MobilizationModel.objects.exists()
    assert not AuditEvent.objects.filter(verb__in=["model.created", "model.imported"]).exists()


def test_the_movement_office_registers_for_another_agency(province_round, movement_officer, sokhcn):
    report = run(workbook([registration(province_round, registering_agency="SKHCN")]), movement_officer)

    assert report.ok
    assert MobilizationModel.objects.get().registering_agency == sokhcn


# --- bad rows ------------------------------------------------------------------------------------


def test_bad_rows_write_nothing_and_are_listed_by_row_and_column(province_round, department_officer_sokhcn):
    rows = [
        registration(province_round),  # a good row: not written either
        registration(province_round, name="Mô hình hai", field="Nông nghiệp"),
        registration(province_round, name="Mô hình ba", situation="", outputs=None),
        registration(province_round, name="Mô hình bốn", round=999999),
        registration(province_round, name="Mô hình năm", unit_code="99999", ends_on="31/02/2026"),
        registration(province_round, name="Mô hình sáu", owner_kind="Cá nhân", resources_money="-5"),
        registration(province_round),  # the first row again
    ]

    report = run(workbook(rows), department_officer_sokhcn)

    assert not report.ok and report.created == 0
    assert report.errors == [
        (
            3,
            "Lĩnh vực",
            "Giá trị “Nông nghiệp” không hợp lệ; chọn một trong: Kinh tế, Văn hóa - xã hội, Quốc phòng - an ninh, "
            "Xây dựng hệ thống chính trị.",
        ),
        (4, "Thực trạng và lý do xây dựng", "Thiếu nội dung bắt buộc của bản đăng ký."),
        (4, "Sản phẩm, kết quả kiểm chứng được", "Thiếu nội dung bắt buộc của bản đăng ký."),
        (5, "Mã đợt", "Không có đợt đăng ký “999999” trong phạm vi của bạn."),
        (6, "Mã địa bàn", "Không có địa bàn mã 99999 thuộc Tỉnh Bắc Kạn, đơn vị phát động đợt."),
        (6, "Ngày kết thúc", "Ngày “31/02/2026” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy."),
        (7, "Loại tập thể", "Điển hình cá nhân không có loại tập thể; hãy để trống."),
        (7, "Kinh phí (đồng)", "Kinh phí phải là số đồng không âm, ví dụ 5000000 hoặc 5.000.000."),
        (8, "Tên mô hình", "Mô hình này đã có ở dòng 2 của tệp."),
    ]
    assert not MobilizationModel.objects.exists()
    assert not AuditEvent.objects.filter(verb="model.imported").exists()


def test_a_unit_outside_the_uploaders_scope_is_refused(province_round, commune_movement_officer):
    """Xã Đồng Phúc's officer may register with the province's round, but only models of Đồng Phúc."""
    rows = [registration(province_round, unit_code=TRAN_PHU, owner_name="Chi bộ thôn Nà Dâu")]

    report = run(workbook(rows), commune_movement_officer)

    assert report.errors == [(2, "Mã địa bàn", "Xã Trần Phú (mã 02179) nằm ngoài phạm vi của bạn.")]
    assert not MobilizationModel.objects.exists()


def test_a_round_whose_registration_has_closed_is_refused(province_round, department_officer_sokhcn):
    closed_on = timezone.localdate() - dt.timedelta(days=1)
    type(province_round).objects.filter(pk=province_round.pk).update(
        registration_opens=closed_on - dt.timedelta(days=30), registration_closes=closed_on
    )

    report = run(workbook([registration(province_round)]), department_officer_sokhcn)

    assert report.errors == [(2, "Mã đợt", f"Đợt đăng ký đã hết hạn (hạn cuối ngày {closed_on:%d/%m/%Y}).")]


def test_a_department_cannot_register_for_another_agency(province_round, department_officer_sokhcn):
    report = run(
        workbook([registration(province_round, registering_agency="Sở Nội vụ tỉnh Bắc Kạn")]), department_officer_sokhcn
    )

    assert report.errors == [(2, "Cơ quan đăng ký", "Chỉ đăng ký mô hình thay cho cơ quan của mình.")]


def test_an_official_who_may_not_register_models_gets_the_services_refusal(province_round, inspector):
    report = run(workbook([registration(province_round)]), inspector)

    assert report.errors == [(2, "", "Bạn không có quyền đăng ký mô hình.")]
    assert not MobilizationModel.objects.exists()


def test_unknown_and_missing_columns_refuse_the_file(province_round, department_officer_sokhcn):
    book = Workbook()
    book.active.append(["Mã đợt", "ten mo hinh", "Ghi chú", "Tên mô hình"])
    book.active.append([province_round.pk, "Một", "", "Hai"])
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()

    report = run(content, department_officer_sokhcn)

    assert report.errors == [
        (1, "Ghi chú", "Cột không được hỗ trợ; xem trang “Hướng dẫn” của tệp mẫu."),
        (1, "Tên mô hình", "Cột bị lặp."),
        (1, "Lĩnh vực", "Thiếu cột bắt buộc."),
        (1, "Tập thể hay cá nhân", "Thiếu cột bắt buộc."),
        (1, "Chủ thể", "Thiếu cột bắt buộc."),
        (1, "Thực trạng và lý do xây dựng", "Thiếu cột bắt buộc."),
        (1, "Mục tiêu và tiêu chí đánh giá", "Thiếu cột bắt buộc."),
        (1, "Nội dung và cách làm", "Thiếu cột bắt buộc."),
        (1, "Sản phẩm, kết quả kiểm chứng được", "Thiếu cột bắt buộc."),
    ]


def test_a_header_without_rows_is_refused(department_officer_sokhcn):
    report = run(workbook([], headers=[header_of(column.key) for column in COLUMNS]), department_officer_sokhcn)

    assert report.errors == [(2, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")]


def test_an_excel_date_read_as_a_number_is_a_date(province_round, department_officer_sokhcn):
    report = run(workbook([registration(province_round, starts_on=46082)]), department_officer_sokhcn)  # 1/3/2026

    assert report.ok
    assert MobilizationModel.objects.get().starts_on == dt.date(2026, 3, 1)


def test_a_file_that_is_not_a_workbook_is_refused_as_a_whole(province_round, department_officer_sokhcn):
    report = models_import(source=b"not a workbook", filename="mo-hinh.docx", actor=department_officer_sokhcn)

    assert report.errors == [(0, "", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")]


# --- the upload job and its pages ------------------------------------------------------------------


def upload(content: bytes, name: str = "danh-sach-mo-hinh.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def test_an_upload_is_imported_by_a_job_whose_page_shows_the_report(
    client_for, province_round, department_officer_sokhcn, django_capture_on_commit_callbacks
):
    client = client_for(department_officer_sokhcn)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/models/import/", {"file": upload(workbook([registration(province_round)]))})

    job = ModelImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/models/import/{job.pk}/"
    assert (job.status, job.requested_by, job.file.name) == (ImportStatus.DONE, department_officer_sokhcn, "")
    assert job.report["created"] == 1
    page = client.get(f"/models/import/{job.pk}/").content.decode()
    assert "Đã tạo 1 mô hình ở dạng bản nháp, bỏ qua 0 mô hình đã có." in page
    assert MobilizationModel.objects.get().status == Status.DRAFT


def test_the_job_page_lists_the_bad_rows(
    client_for, province_round, department_officer_sokhcn, django_capture_on_commit_callbacks
):
    client = client_for(department_officer_sokhcn)
    content = workbook([registration(province_round, field="Nông nghiệp")])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/models/import/", {"file": upload(content)})

    page = client.get(f"/models/import/{ModelImportJob.objects.get().pk}/").content.decode()

    assert "Tệp có lỗi, chưa nhập mô hình nào" in page
    assert "Giá trị “Nông nghiệp” không hợp lệ" in page


def test_another_official_cannot_open_the_job(
    client_for, province_round, department_officer_sokhcn, movement_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(department_officer_sokhcn).post(
            "/models/import/", {"file": upload(workbook([registration(province_round)]))}
        )
    job = ModelImportJob.objects.get()

    assert client_for(movement_officer).get(f"/models/import/{job.pk}/").status_code == 404


def test_running_a_finished_job_again_changes_nothing(
    client_for, province_round, department_officer_sokhcn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(department_officer_sokhcn).post(
            "/models/import/", {"file": upload(workbook([registration(province_round)]))}
        )
    job = ModelImportJob.objects.get()

    again = import_run(job.pk)

    assert again.status == ImportStatus.DONE and again.finished_at == job.finished_at
    assert MobilizationModel.objects.count() == 1


def test_the_upload_form_refuses_other_files_and_states_the_limits(client_for, department_officer_sokhcn):
    client = client_for(department_officer_sokhcn)
    page = client.get("/models/import/").content.decode()
    assert "tệp tải lên tối đa 20 MB" in page and "tối đa 100.000 dòng" in page

    response = client.post("/models/import/", {"file": upload(b"%PDF-1.4", "danh-sach.pdf")})

    assert "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)." in response.content.decode()
    assert not ModelImportJob.objects.exists()


def test_the_template_downloads_for_an_official_who_registers(client_for, province_round, department_officer_sokhcn):
    response = client_for(department_officer_sokhcn).get("/models/import/template.xlsx")

    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book["Đợt đăng ký"]["A2"].value == province_round.pk


def test_an_official_without_registration_rights_cannot_upload(client_for, inspector):
    assert client_for(inspector).get("/models/import/").status_code == 403


def test_a_row_the_service_refuses_leaves_the_other_rows_unwritten(
    province_round, department_officer_sokhcn, monkeypatch
):
    from models_registry import services
    from portal.services import DomainError

    real_create = services.model_create

    def refusing(**kwargs):
        if kwargs["data"]["name"] == "Mô hình hai":
            raise DomainError("Địa bàn của mô hình không thuộc đơn vị phát động đợt đăng ký.")
        return real_create(**kwargs)

    monkeypatch.setattr(services, "model_create", refusing)
    rows = [registration(province_round), registration(province_round, name="Mô hình hai")]

    report = run(workbook(rows), department_officer_sokhcn)

    assert report.errors == [(3, "", "Địa bàn của mô hình không thuộc đơn vị phát động đợt đăng ký.")]
    assert report.created == 0
    assert not MobilizationModel.objects.exists()
    assert not AuditEvent.objects.filter(verb="model.created").exists()


def test_the_petition_imports_limits_apply(province_round, department_officer_sokhcn):
    from portal.sheets import MAX_COLUMNS

    headers = [header_of("round"), *[f"Cột {n}" for n in range(MAX_COLUMNS)]]
    content = workbook([registration(province_round)], headers=headers)

    report = run(content, department_officer_sokhcn)

    assert report.errors == [
        (0, "", f"Dòng tiêu đề có {MAX_COLUMNS + 1} cột; tối đa {MAX_COLUMNS} cột, hãy xóa các cột không dùng.")
    ]


def test_the_import_pages_speak_vietnamese(
    client_for, province_round, department_officer_sokhcn, django_capture_on_commit_callbacks
):
    from tests.portal.test_vietnamese_pages import english_on

    client = client_for(department_officer_sokhcn)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/models/import/", {"file": upload(workbook([registration(province_round, field="x")]))})
    job = ModelImportJob.objects.get()

    for url in ("/models/import/", f"/models/import/{job.pk}/"):
        assert not english_on(client.get(url).content.decode()), url
