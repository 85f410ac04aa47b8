"""The task list's Excel export: the filtered list, within the official's scope, with the six states, as text.

The file is built by the reports app as a logged job (the "reform" family declares the export, with the right to
read tasks it needs); the button posts to the reports app's generic list export.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import AuditEvent, User
from reform.exports import TASK_LIST_EXPORT
from reform.models import Task
from reform.services import task_complete, task_create
from reports.exports import export_build
from reports.models import ExportJob, ExportStatus
from tests.reform.conftest import agency_of, make_plan, make_task

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'
TITLE, PLAN, AREA, STATUS, STATE, PROGRESS, EVIDENCE, UNIT = 3, 1, 2, 8, 9, 10, 12, 13


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2025, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def tasks(province_plan, home_affairs, justice, ba_be, reform_officer, areas):
    """The province's 2025 plan: an overdue task, one completed on time, one whose title looks like a formula;
    and Ba Bể's own plan with one task."""
    overdue = task_create(
        actor=None,
        plan=province_plan,
        area=areas["procedures"],
        title="Rà soát thủ tục đất đai",
        lead_agency=home_affairs,
        deadline=dt.date(2025, 2, 28),
        number="1",
        coordinating_agencies=[justice],
    )
    done = make_task(province_plan, justice, dt.date(2025, 3, 5), title="Công bố thủ tục tư pháp", number="2")
    task_complete(
        actor=reform_officer,
        task=done,
        evidence_number="15/BC-STP",
        evidence_date=dt.date(2025, 3, 2),
        completed_on=dt.date(2025, 3, 1),
    )
    formula = make_task(province_plan, justice, dt.date(2025, 12, 31), title=PAYLOAD, area="institutions", number="3")
    district_committee = agency_of(ba_be, "UBND")
    district = make_task(
        make_plan(district_committee), district_committee, dt.date(2025, 6, 30), title="Số hóa hồ sơ cấp huyện"
    )
    return {"overdue": overdue, "done": done, "formula": formula, "district": district}


def exported(user: User, querystring: str = "") -> list[list]:
    """The rows of the task list's file, built as the reports app builds a list export (header rows left out)."""
    job = ExportJob.objects.create(
        requested_by=user, unit=user.scope_unit, kind=TASK_LIST_EXPORT, params={"querystring": querystring}
    )
    job = export_build(job_id=job.pk)
    assert job.status == ExportStatus.DONE, job.error
    return _rows(job)


def _sheet(job: ExportJob):
    with job.file.open("rb") as file:
        return load_workbook(io.BytesIO(file.read())).active


def _rows(job: ExportJob) -> list[list]:
    return [[cell.value for cell in row] for row in _sheet(job).iter_rows(min_row=3)]


def titles(rows: list[list]) -> set[str]:
    return {row[TITLE] for row in rows}


def test_the_export_of_a_filtered_list_holds_exactly_the_filtered_tasks(tasks, reform_officer, areas):
    rows = exported(reform_officer, f"area={areas['procedures'].pk}")
    assert titles(rows) == {"Rà soát thủ tục đất đai", "Công bố thủ tục tư pháp", "Số hóa hồ sơ cấp huyện"}
    assert {row[AREA] for row in rows} == {areas["procedures"].name}
    assert titles(exported(reform_officer, "q=tu phap")) == {"Công bố thủ tục tư pháp"}  # accents ignored
    assert len(exported(reform_officer)) == 4


def test_the_export_holds_no_task_outside_the_officials_scope(tasks, district_leader):
    # Ba Bể's leader sees his district's plan, not the province's
    assert titles(exported(district_leader)) == {"Số hóa hồ sơ cấp huyện"}


def test_an_official_without_the_right_to_read_tasks_gets_an_empty_list(tasks, commune_officer_a):
    assert not commune_officer_a.has_perm("reform.view_task")
    assert exported(commune_officer_a) == []


def test_each_row_reads_the_six_state_label_status_progress_and_evidence(tasks, reform_officer, justice):
    rows = {row[TITLE]: row for row in exported(reform_officer)}
    overdue, done = rows["Rà soát thủ tục đất đai"], rows["Công bố thủ tục tư pháp"]
    assert overdue[STATE] == "Đang thực hiện quá hạn" and overdue[STATUS] == "Chưa triển khai"
    assert overdue[5] == justice.name  # the coordinating agency
    assert overdue[7].date() == dt.date(2025, 2, 28)  # a date cell
    assert done[STATE] == "Hoàn thành đúng hạn" and done[STATUS] == "Đã hoàn thành" and done[PROGRESS] == 100
    assert done[EVIDENCE] == "15/BC-STP ngày 02/03/2025"
    assert done[11].date() == dt.date(2025, 3, 1)
    assert rows[PAYLOAD][STATE] == "Đang thực hiện trong hạn"
    assert rows["Số hóa hồ sơ cấp huyện"][UNIT] == "Huyện Ba Bể"


def test_a_formula_looking_title_is_written_as_text(tasks, reform_officer):
    job = ExportJob.objects.create(
        requested_by=reform_officer, unit=reform_officer.scope_unit, kind=TASK_LIST_EXPORT, params={}
    )
    sheet = _sheet(export_build(job_id=job.pk))
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert PAYLOAD in [cell.value for cell in cells]  # reads exactly as typed


def test_the_first_row_names_the_filters_and_the_date(tasks, reform_officer, areas):
    job = ExportJob.objects.create(
        requested_by=reform_officer,
        unit=reform_officer.scope_unit,
        kind=TASK_LIST_EXPORT,
        params={"querystring": f"year=2025&area={areas['procedures'].pk}&state=overdue"},
    )
    job = export_build(job_id=job.pk)
    sheet = _sheet(job)
    first, header = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=2)]
    assert first[0] == "Danh sách nhiệm vụ cải cách hành chính"
    assert first[1] == (
        f"Điều kiện lọc: Năm: 2025; Lĩnh vực: {areas['procedures'].name}; Theo dõi thời hạn: Đang thực hiện quá hạn"
    )
    assert "10/03/2025" in first[2]
    assert header[:4] == ["STT", "Kế hoạch", "Lĩnh vực", "Nội dung nhiệm vụ"] and header[9] == "Theo dõi thời hạn"
    assert [row[TITLE] for row in _rows(job)] == ["Rà soát thủ tục đất đai"]


def test_the_export_takes_as_many_queries_for_many_tasks_as_for_few(tasks, province_plan, justice, reform_officer):
    def count() -> int:
        job = ExportJob.objects.create(
            requested_by=reform_officer, unit=reform_officer.scope_unit, kind=TASK_LIST_EXPORT, params={}
        )
        with CaptureQueriesContext(connection) as queries:
            export_build(job_id=job.pk)
        return len(queries)

    few = count()
    for day in range(1, 25):
        make_task(province_plan, justice, dt.date(2025, 4, day), title=f"Nhiệm vụ {day}")
    assert count() == few
    assert Task.objects.count() == 28


def test_the_list_button_queues_a_logged_job_whose_file_the_official_downloads(
    client_for, tasks, reform_officer, areas
):
    client = client_for(reform_officer)
    querystring = f"area={areas['procedures'].pk}"
    form = {"querystring": querystring, "kind": TASK_LIST_EXPORT}
    page = client.get(reverse("reform:tasks"), {"area": areas["procedures"].pk}).content.decode()
    assert f'action="{reverse("reports:export-list")}"' in page and f'value="{TASK_LIST_EXPORT}"' in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = client.post(reverse("reports:export-list"), form)
    job = ExportJob.objects.get(requested_by=reform_officer, kind=TASK_LIST_EXPORT)
    assert queued.status_code == 302 and queued["Location"] == reverse("reports:export", args=[job.pk])
    assert job.params == {"querystring": querystring}
    assert AuditEvent.objects.filter(verb="export.requested", actor=reform_officer).exists()
    download = client.get(reverse("reports:export-download", args=[job.pk]))
    content = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert len(list(content.iter_rows(min_row=3))) == 3


def test_an_official_who_may_not_read_tasks_cannot_ask_for_the_export(client_for, commune_officer_a):
    answer = client_for(commune_officer_a).post(
        reverse("reports:export-list"), {"querystring": "", "kind": TASK_LIST_EXPORT}
    )
    assert answer.status_code == 403
    assert not ExportJob.objects.exists()


def test_the_export_is_asked_for_by_post_only(client_for, reform_officer):
    assert client_for(reform_officer).get(reverse("reports:export-list")).status_code == 405


def test_the_reports_app_exports_only_lists_a_family_declared(client_for, reform_officer):
    client = client_for(reform_officer)
    assert client.post(reverse("reports:export-list"), {"kind": "01-kqgq", "querystring": ""}).status_code == 404
    assert client.post(reverse("reports:export-list"), {"kind": "nothing", "querystring": ""}).status_code == 404
    assert not ExportJob.objects.exists()
