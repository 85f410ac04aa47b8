"""Excel import of a plan's appendix of tasks, and of indicator scores: checked row by row, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from portal.models import AuditEvent
from portal.services import NotFound, NotPermitted
from reform.importer import import_run, indicators_import, tasks_import
from reform.importer.columns import INDICATORS, TASKS
from reform.models import ImportStatus, IndicatorValue, ReformImportJob, Task
from tests.reform.conftest import make_task, today

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = today().year


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def workbook(rows: list[dict], layout=TASKS) -> bytes:
    """A workbook with the template's Vietnamese headers, for the columns the rows use."""
    keys = list(dict.fromkeys(key for row in rows for key in row))
    book = Workbook()
    sheet = book.active
    sheet.append([layout.header_of(key) for key in keys])
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def task_row(**overrides) -> dict:
    row = {
        "number": "1",
        "area": "Cải cách thủ tục hành chính",
        "title": "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của tỉnh",
        "lead_agency": "Sở Nội vụ tỉnh Bắc Kạn",
        "coordinating_agencies": None,
        "deadline": f"30/06/{YEAR}",
        "expected_output": "Báo cáo kết quả rà soát",
        "weight": None,
        "notes": None,
    }
    row.update(overrides)
    return row


def import_tasks(content: bytes, actor, plan, **kwargs):
    return tasks_import(source=content, filename="phu-luc.xlsx", actor=actor, plan=plan, **kwargs)


def appendix() -> list[dict]:
    """Five rows as a province's appendix has them: areas by name or code, agencies by name or short name."""
    return [
        task_row(coordinating_agencies="STP; Sở Tài nguyên và Môi trường tỉnh Bắc Kạn"),
        task_row(
            number="2",
            area="institutions",
            title="Xây dựng, hoàn thiện thể chế",
            lead_agency="STP",
            deadline=dt.date(YEAR, 9, 30),  # an Excel date cell
        ),
        task_row(
            number="2.1",
            area=None,  # a sub-task takes its parent's area
            title="Rà soát văn bản quy phạm pháp luật",
            lead_agency="so tu phap tinh bac kan",  # typed without diacritics
            deadline=f"31/07/{YEAR}",
            weight="1,5",
        ),
        task_row(number="3", area="Cải cách chế độ công vụ", title="Đánh giá, xếp loại công chức", lead_agency="SNV"),
        task_row(
            number="4",
            area="digital_government",
            title="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            lead_agency="Ủy ban nhân dân Huyện Ba Bể",
            deadline=f"31/12/{YEAR}",
            notes="Theo Đề án 06",
        ),
    ]


# --- tasks: the happy path --------------------------------------------------------------------------


def test_an_appendix_becomes_the_plans_tasks_with_their_sub_task(
    province_plan, reform_officer, home_affairs, justice, areas
):
    report = import_tasks(workbook(appendix()), reform_officer, province_plan)

    assert (report.ok, report.created) == (True, 5)
    tasks = {task.number: task for task in province_plan.tasks.select_related("lead_agency", "parent", "area")}
    assert sorted(tasks) == ["1", "2", "2.1", "3", "4"]
    assert tasks["1"].lead_agency == home_affairs
    assert {agency.short_name for agency in tasks["1"].coordinating_agencies.all()} == {"STP", "STNMT"}
    assert (tasks["1"].deadline, tasks["1"].original_deadline) == (dt.date(YEAR, 6, 30), dt.date(YEAR, 6, 30))
    assert (tasks["2"].lead_agency, tasks["2"].deadline, tasks["2"].area) == (
        justice,
        dt.date(YEAR, 9, 30),
        areas["institutions"],
    )
    assert tasks["2.1"].parent == tasks["2"] and tasks["2.1"].area == areas["institutions"]
    assert (tasks["2.1"].lead_agency, tasks["2.1"].weight) == (justice, Decimal("1.5"))
    assert tasks["3"].lead_agency == home_affairs and tasks["3"].parent is None
    assert tasks["4"].lead_agency.unit.name == "Huyện Ba Bể" and tasks["4"].notes == "Theo Đề án 06"
    verbs = list(AuditEvent.objects.filter(actor=reform_officer).values_list("verb", flat=True))
    assert verbs.count("reform.task_created") == 5 and verbs.count("reform.tasks_imported") == 1
    assert AuditEvent.objects.get(verb="reform.tasks_imported").payload["count"] == 5


def test_a_sub_task_may_join_a_task_already_in_the_plan(province_plan, reform_officer, home_affairs):
    existing = make_task(province_plan, home_affairs, dt.date(YEAR, 12, 31), number="1")

    report = import_tasks(
        workbook([task_row(number="1.1", area=None, title="Bước một")]), reform_officer, province_plan
    )

    assert report.ok
    assert Task.objects.get(number="1.1").parent == existing


# --- tasks: bad rows write nothing -------------------------------------------------------------------


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row_and_column(province_plan, reform_officer):
    rows = [
        task_row(),  # a good row: it is not written either
        task_row(number="2", lead_agency="Sở Giao thông vận tải"),
        task_row(number="3", deadline="31/02/2026"),
        task_row(number="4", title=None),
        task_row(number="5", area="Cải cách hành chính nói chung"),
    ]

    report = import_tasks(workbook(rows), reform_officer, province_plan)

    assert not report.ok and report.created == 0
    assert [(row, column) for row, column, _message in report.errors] == [
        (3, "Cơ quan chủ trì"),
        (4, "Thời hạn"),
        (5, "Nội dung nhiệm vụ"),
        (6, "Lĩnh vực"),
    ]
    messages = report.error_lines()
    assert messages[0].startswith("Dòng 3, cột Cơ quan chủ trì: Không có cơ quan “Sở Giao thông vận tải”")
    assert "Ngày “31/02/2026” không hợp lệ" in messages[1]
    assert "Cần nhập nội dung nhiệm vụ." in messages[2]
    assert "Không có lĩnh vực “Cải cách hành chính nói chung”" in messages[3]
    assert not province_plan.tasks.exists()
    assert not AuditEvent.objects.filter(verb__in=["reform.task_created", "reform.tasks_imported"]).exists()


def test_an_ambiguous_short_name_is_an_error_naming_the_candidates(province_plan, reform_officer):
    report = import_tasks(workbook([task_row(lead_agency="UBND")]), reform_officer, province_plan)

    ((row, column, message),) = report.errors
    assert (row, column) == (2, "Cơ quan chủ trì")
    assert message.startswith("Có nhiều cơ quan “UBND”: Ủy ban nhân dân tỉnh Bắc Kạn (mã")
    assert not province_plan.tasks.exists()


def test_numbers_must_be_new_to_the_file_and_to_the_plan(province_plan, reform_officer, home_affairs):
    make_task(province_plan, home_affairs, dt.date(YEAR, 12, 31), number="7")
    rows = [task_row(number="1"), task_row(number="1"), task_row(number="7"), task_row(number="9.1", area=None)]

    report = import_tasks(workbook(rows), reform_officer, province_plan)

    assert report.error_lines() == [
        "Dòng 3, cột STT: Số thứ tự 1 đã có ở dòng 2 của tệp.",
        "Dòng 4, cột STT: Kế hoạch đã có nhiệm vụ số thứ tự 7.",
        "Dòng 5, cột STT: Không có nhiệm vụ số thứ tự 9 (nhiệm vụ cha) trong tệp hoặc trong kế hoạch.",
    ]
    assert province_plan.tasks.count() == 1


def test_a_dry_run_checks_the_file_and_writes_nothing(province_plan, reform_officer):
    report = import_tasks(workbook(appendix()), reform_officer, province_plan, dry_run=True)

    assert (report.ok, report.dry_run, report.created) == (True, True, 5)
    assert not province_plan.tasks.exists()
    assert not AuditEvent.objects.filter(verb__startswith="reform.task").exists()


def test_an_official_who_does_not_manage_the_plan_is_refused_by_the_importer_itself(
    province_plan, justice_officer, commune_reform_officer
):
    content = workbook(appendix())

    with pytest.raises(NotPermitted):  # sees the plan (Sở Tư pháp leads nothing yet, but it is the province's)
        import_tasks(content, justice_officer, province_plan)
    with pytest.raises(NotFound):  # a commune's reform officer cannot even see the province's plan
        import_tasks(content, commune_reform_officer, province_plan)
    assert not province_plan.tasks.exists()


# --- indicators ---------------------------------------------------------------------------------------


def scores() -> list[dict]:
    return [
        {"unit_code": "06", "year": 2023, "kind": "PAPI", "score": 42.51, "max_points": 80, "rank": 35},
        {"unit_code": 6, "year": 2023, "kind": "papi", "component": "participation", "score": "5,21", "max_points": 10},
        {"unit_code": "06", "year": 2023, "kind": "SIPAS", "component": "access", "score": 86.4, "max_points": 100},
        {
            "unit_code": "06",
            "year": 2023,
            "kind": "PAR Index",
            "scheme": "1150/QĐ-BNV",
            "component": "I",
            "label": "Công tác chỉ đạo, điều hành cải cách hành chính",
            "score": 8.5,
            "max_points": 9,
            "source": "Quyết định công bố PAR Index 2023",
        },
    ]


def test_indicator_scores_are_recorded_with_one_audit_event(reform_officer, bac_kan):
    report = indicators_import(source=workbook(scores(), INDICATORS), filename="chi-so.xlsx", actor=reform_officer)

    assert (report.ok, report.created) == (True, 4)
    values = {(value.kind, value.component): value for value in IndicatorValue.objects.filter(unit=bac_kan)}
    assert values[("papi", "")].score == Decimal("42.51") and values[("papi", "")].rank == 35
    assert values[("papi", "participation")].component_label == "Tham gia của người dân ở cấp cơ sở"
    assert values[("papi", "participation")].score == Decimal("5.21")
    assert values[("sipas", "access")].max_points == Decimal("100")
    par = values[("par_index", "I")]
    assert (par.scheme, par.component_label, par.score) == (
        "1150/QĐ-BNV",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        Decimal("8.50"),
    )
    assert AuditEvent.objects.filter(verb="reform.indicators_imported").count() == 1
    assert not AuditEvent.objects.filter(verb="reform.indicator_recorded").exists()

    again = indicators_import(source=workbook(scores(), INDICATORS), filename="chi-so.xlsx", actor=reform_officer)

    assert (again.ok, again.created, again.unchanged) == (True, 0, 4)
    assert IndicatorValue.objects.count() == 4


def test_a_bad_papi_component_writes_no_score(reform_officer):
    rows = [*scores(), {"unit_code": "06", "year": 2023, "kind": "PAPI", "component": "tham_nhung", "score": 6}]

    report = indicators_import(source=workbook(rows, INDICATORS), filename="chi-so.xlsx", actor=reform_officer)

    ((row, column, message),) = report.errors
    assert (row, column) == (6, "Mã thành phần")
    assert message.startswith("“tham_nhung” không phải là một thành phần của PAPI; các mã hợp lệ: participation")
    assert not IndicatorValue.objects.exists()
    assert not AuditEvent.objects.filter(verb="reform.indicators_imported").exists()


def test_a_unit_outside_the_officials_scope_is_not_found(commune_reform_officer):
    rows = [{"unit_code": "06", "year": 2023, "kind": "PAPI", "score": 40}]

    report = indicators_import(source=workbook(rows, INDICATORS), filename="chi-so.xlsx", actor=commune_reform_officer)

    assert report.error_lines() == ["Dòng 2, cột Mã đơn vị: Không có đơn vị mã 06 trong phạm vi của bạn."]


# --- pages and the upload job ---------------------------------------------------------------------


def upload(content: bytes, name: str = "phu-luc-nhiem-vu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def test_an_upload_is_imported_by_a_job_whose_page_shows_the_report(
    client_for, province_plan, reform_officer, django_capture_on_commit_callbacks
):
    client = client_for(reform_officer)
    page = client.get(f"/reform/import/?plan={province_plan.pk}").content.decode()
    assert f'<option value="{province_plan.pk}" selected>' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reform/import/", {"plan": province_plan.pk, "file": upload(workbook(appendix()))})

    job = ReformImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reform/import/{job.pk}/"
    assert (job.status, job.kind, job.plan, job.file.name) == (ImportStatus.DONE, "tasks", province_plan, "")
    assert "Đã thêm 5 nhiệm vụ vào kế hoạch." in client.get(response["Location"]).content.decode()
    assert province_plan.tasks.count() == 5
    assert f"/reform/import/{job.pk}/" in client.get("/reform/import/").content.decode()  # the recent jobs

    assert import_run(job.pk).finished_at == job.finished_at  # a repeated task changes nothing
    assert province_plan.tasks.count() == 5


def test_the_job_page_lists_the_bad_rows(client_for, province_plan, reform_officer, django_capture_on_commit_callbacks):
    client = client_for(reform_officer)
    content = workbook([task_row(), task_row(number="2", deadline="ngày mai")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reform/import/", {"plan": province_plan.pk, "file": upload(content)})

    page = client.get(response["Location"]).content.decode()

    assert "Tệp có lỗi, chưa nhập nhiệm vụ nào" in page
    assert "Ngày “ngày mai” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy." in page
    assert not province_plan.tasks.exists()


def test_a_dry_run_upload_says_what_would_be_added(
    client_for, province_plan, reform_officer, django_capture_on_commit_callbacks
):
    client = client_for(reform_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reform/import/", {"plan": province_plan.pk, "file": upload(workbook(appendix())), "dry_run": "on"}
        )

    page = client.get(response["Location"]).content.decode()

    assert "Kiểm tra xong (không ghi gì): tệp hợp lệ, 5 nhiệm vụ sẽ được thêm vào kế hoạch." in page
    assert not province_plan.tasks.exists()


def test_another_official_cannot_open_the_job(
    client_for, province_plan, reform_officer, province_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(reform_officer).post(
            "/reform/import/", {"plan": province_plan.pk, "file": upload(workbook(appendix()))}
        )
    job = ReformImportJob.objects.get()

    assert client_for(province_admin).get(f"/reform/import/{job.pk}/").status_code == 404


def test_officials_who_do_not_set_up_plans_cannot_open_the_import(client_for, justice_officer, inspector):
    assert client_for(justice_officer).get("/reform/import/").status_code == 403
    assert client_for(inspector).get("/reform/indicators/import/").status_code == 403


def test_the_plans_template_downloads_and_imports_once_its_sample_row_is_filled(
    client_for, province_plan, reform_officer, home_affairs, django_capture_on_commit_callbacks
):
    client = client_for(reform_officer)
    response = client.get(f"/reform/import/template/?plan={province_plan.pk}")

    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["Nhiệm vụ", "Danh mục"]
    lists = [[cell for cell in row if cell is not None] for row in book["Danh mục"].iter_rows(values_only=True)]
    assert any("Cải cách thể chế" in row for row in lists)
    assert any(home_affairs.pk in row and "SNV" in row for row in lists)
    sheet = book["Nhiệm vụ"]
    assert [cell.value for cell in sheet[1]][:4] == ["STT", "Lĩnh vực", "Nội dung nhiệm vụ", "Cơ quan chủ trì"]
    sheet["C2"] = "Kiểm soát thủ tục hành chính trên Cổng dịch vụ công"  # the official fills the sample row in
    filled = io.BytesIO()
    book.save(filled)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reform/import/", {"plan": province_plan.pk, "file": upload(filled.getvalue())})

    job = ReformImportJob.objects.get()
    assert job.report["ok"] and job.report["created"] == 1, job.report
    task = province_plan.tasks.get()
    assert (task.number, task.title, task.lead_agency) == (
        "1",
        "Kiểm soát thủ tục hành chính trên Cổng dịch vụ công",
        home_affairs,
    )


def test_the_indicator_template_downloads_and_imports_as_it_is(
    client_for, reform_officer, bac_kan, django_capture_on_commit_callbacks
):
    client = client_for(reform_officer)
    page = client.get("/reform/indicators/import/").content.decode()
    assert "/reform/import/template/?kind=indicators" in page and "tối đa 100.000 dòng" in page
    response = client.get("/reform/import/template/?kind=indicators")
    assert response.status_code == 200 and response["Content-Type"] == XLSX

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/reform/indicators/import/", {"file": upload(response.content, "chi-so.xlsx")})

    job = ReformImportJob.objects.get()
    assert created["Location"] == f"/reform/import/{job.pk}/"
    assert (job.kind, job.report["ok"], job.report["created"]) == ("indicators", True, 1)
    value = IndicatorValue.objects.get()
    assert (value.unit, value.kind, value.component) == (bac_kan, "papi", "participation")
    assert "Đã ghi 1 điểm chỉ số" in client.get(created["Location"]).content.decode()


def test_a_template_for_a_plan_the_official_does_not_manage_is_not_found(
    client_for, province_plan, commune_reform_officer
):
    response = client_for(commune_reform_officer).get(f"/reform/import/template/?plan={province_plan.pk}")

    assert response.status_code == 404
