"""The reform plan progress report (Excel): tasks by area and state as of the period's end, the total row the sum of
the rows and equal to the family's figures, then every task with its deadline then, state, progress and evidence."""

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from portal.models import User
from reform.report_forms import plan_progress_report
from reform.services import (
    extension_decide,
    extension_request,
    task_cancel,
    task_complete,
    task_confirm_completion,
    task_progress_record,
)
from reports import registry
from tests.reform.conftest import agency_of, make_plan, make_task

pytestmark = pytest.mark.django_db

YEAR_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture(autouse=True)
def frozen_today():
    """10 March 2025: the 2024 plans were entered after the fact, their year is over."""
    with time_machine.travel(dt.datetime(2025, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def on_day(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC), tick=False)


def complete(task, on: dt.date, note: str = ""):
    officer = User.objects.get(username="tinh.cchc" if task.plan.unit.level == "province" else "huyen.cchc")
    task_complete(
        actor=officer, task=task, evidence_number=f"{task.pk}/BC-UBND", evidence_date=on, completed_on=on, note=note
    )


@pytest.fixture
def plans(province_committee, home_affairs, justice, ba_be, justice_officer, reform_officer):
    """Bắc Kạn's 2024 plan (four tasks: on time, late, never done, cancelled), Ba Bể's 2024 plan (one done, one
    running into 2025) and the province's 2023 plan, which a 2024 report leaves out."""
    province = make_plan(province_committee, year=2024)
    on_time = make_task(province, home_affairs, dt.date(2024, 6, 30), title="Rà soát thủ tục cấp phép")
    complete(on_time, dt.date(2024, 6, 20), note="Đã công bố 45 thủ tục được đơn giản hóa")
    late = make_task(province, justice, dt.date(2024, 3, 31), area="institutions", title="Rà soát văn bản QPPL")
    complete(late, dt.date(2024, 5, 10))
    # Never done: 40% by September; in 2025 its deadline is extended and it reaches 80%.
    never = make_task(province, justice, dt.date(2024, 9, 30), title="Số hóa hồ sơ thủ tục hành chính")
    with on_day(dt.date(2024, 9, 15)):
        task_progress_record(actor=justice_officer, task=never, progress=40, text="Đã số hóa 40% hồ sơ")
    extension_request(actor=justice_officer, task=never, requested_deadline=dt.date(2025, 6, 30), reason="Thiết bị")
    extension_decide(actor=reform_officer, task=never, approve=True)
    task_progress_record(actor=justice_officer, task=never, progress=80, text="Đã số hóa 80% hồ sơ")
    dropped = make_task(province, justice, dt.date(2024, 10, 31), title="Thí điểm một cửa liên thông")
    task_cancel(actor=None, task=dropped, reason="Không còn phù hợp", cancelled_on=dt.date(2024, 8, 1))

    district_committee = agency_of(ba_be, "UBND")
    district = make_plan(district_committee, year=2024)
    done = make_task(district, district_committee, dt.date(2024, 11, 30), area="digital_government")
    complete(done, dt.date(2024, 11, 15))
    make_task(district, district_committee, dt.date(2025, 6, 30), title="Chuẩn hóa quy trình nội bộ")

    earlier = make_plan(province_committee, year=2023)
    complete(make_task(earlier, home_affairs, dt.date(2023, 12, 31), title="Nhiệm vụ năm 2023"), dt.date(2023, 12, 1))
    return {"province": province, "district": district, "never": never, "on_time": on_time}


def workbook(unit, start=YEAR_2024[0], end=YEAR_2024[1]):
    return load_workbook(io.BytesIO(plan_progress_report(unit, start, end)))


def table(sheet) -> dict[str, list]:
    """The summary's rows by their name (column A), below the row of column numbers."""
    rows = list(sheet.iter_rows(values_only=True))
    numbers = next(i for i, row in enumerate(rows) if row[0] == "A")
    return {row[0]: list(row[1:14]) for row in rows[numbers + 1 :] if row[0] and not row[0].startswith("Kiểm tra")}


def tasks_by_title(sheet) -> dict[str, dict]:
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    names = rows[header]
    return {row[4]: dict(zip(names, row, strict=True)) for row in rows[header + 1 :]}


def test_the_summary_is_titled_in_vietnamese_with_the_unit_the_years_and_the_day_it_stands_at(plans, bac_kan):
    book = workbook(bac_kan)
    assert book.sheetnames == ["Tổng hợp", "Nhiệm vụ"]
    texts = [cell.value for cell in book["Tổng hợp"]["A"] if cell.value]
    assert texts[0] == "Báo cáo tiến độ thực hiện kế hoạch cải cách hành chính"
    assert texts[1].startswith("Đơn vị: ") and "Bắc Kạn" in texts[1]
    assert texts[2] == "Kế hoạch cải cách hành chính năm 2024; tình hình tính đến ngày 31/12/2024"
    headers = [cell.value for row in book["Tổng hợp"].iter_rows(min_row=5, max_row=6) for cell in row if cell.value]
    assert "Tình trạng nhiệm vụ đến ngày 31/12/2024" in headers
    assert {"Hoàn thành đúng hạn", "Đang thực hiện quá hạn", "Đã hủy", "Hoàn thành so với kế hoạch"} <= set(headers)


def test_each_area_counts_its_tasks_by_state_as_of_the_years_end(plans, bac_kan):
    rows = table(workbook(bac_kan)["Tổng hợp"])
    # on time, late, in progress, overdue, due soon, cancelled | planned, completed, fallen due, of those completed
    procedures = rows["Cải cách thủ tục hành chính"]
    assert procedures[:10] == [1, 0, 1, 1, 0, 1, 3, 1, 2, 1]
    assert procedures[10:] == [33.33, 50.0, 100.0]
    assert rows["Cải cách thể chế"][:10] == [0, 1, 0, 0, 0, 0, 1, 1, 1, 1]
    assert rows["Cải cách thể chế"][12] == 0.0  # completed, none on time
    assert rows["Cải cách tổ chức bộ máy"][:10] == [0] * 10  # every area in use has its row
    assert rows["Cải cách tổ chức bộ máy"][10:] == [None, None, None]  # no denominator, no rate


def test_the_total_row_is_the_sum_of_the_area_rows_and_the_familys_figures(plans, bac_kan):
    rows = table(workbook(bac_kan)["Tổng hợp"])
    total = rows.pop("Tổng cộng")
    assert total[:10] == [sum(row[i] for row in rows.values()) for i in range(10)]
    family = registry.family("reform")
    figures = family.compute(bac_kan, *YEAR_2024, family.parameters())["subtree"]
    assert total[6:10] == [figures[key] for key in ("planned", "completed", "fallen_due", "completed_of_due")]
    assert total[6:10] == [5, 3, 4, 3]
    assert total[10:] == [figures[key] for key in ("completion_rate", "completion_rate_due", "on_time_rate")]
    assert total[10:] == [60.0, 75.0, 66.67]


def test_the_district_report_counts_only_the_districts_plans(plans, ba_be):
    total = table(workbook(ba_be)["Tổng hợp"])["Tổng cộng"]
    assert total[:8] == [1, 0, 1, 0, 0, 0, 2, 1]


def test_the_task_sheet_shows_deadline_state_and_progress_as_they_stood_at_the_years_end(plans, bac_kan):
    tasks = tasks_by_title(workbook(bac_kan)["Nhiệm vụ"])
    assert "Nhiệm vụ năm 2023" not in tasks
    never = tasks["Số hóa hồ sơ thủ tục hành chính"]
    assert never["Thời hạn"].date() == dt.date(2024, 9, 30)  # the extension came in 2025
    assert never["Tình trạng"] == "Đang thực hiện quá hạn"
    assert never["Tiến độ (%)"] == 40  # not the 80% reported in 2025
    assert never["Ngày hoàn thành"] is None and not never["Văn bản minh chứng"]
    this_year = tasks_by_title(workbook(bac_kan, dt.date(2024, 1, 1), dt.date(2025, 12, 31))["Nhiệm vụ"])
    now = this_year["Số hóa hồ sơ thủ tục hành chính"]
    assert (now["Thời hạn"].date(), now["Tình trạng"], now["Tiến độ (%)"]) == (
        dt.date(2025, 6, 30),
        "Đang thực hiện trong hạn",
        80,
    )


def test_a_completed_task_shows_its_completion_date_evidence_and_result(plans, bac_kan):
    tasks = tasks_by_title(workbook(bac_kan)["Nhiệm vụ"])
    done = tasks["Rà soát thủ tục cấp phép"]
    assert done["Tình trạng"] == "Hoàn thành đúng hạn"
    assert done["Tiến độ (%)"] == 100
    assert done["Ngày hoàn thành"].date() == dt.date(2024, 6, 20)
    assert done["Văn bản minh chứng"] == f"{plans['on_time'].pk}/BC-UBND ngày 20/06/2024"
    assert done["Kết quả, sản phẩm"] == "Đã công bố 45 thủ tục được đơn giản hóa"
    assert done["Kế hoạch"] == "Kế hoạch cải cách hành chính năm 2024 (2024)"
    assert tasks["Thí điểm một cửa liên thông"]["Ghi chú"] == "Lý do hủy: Không còn phù hợp"


def test_a_completion_awaiting_confirmation_counts_only_from_the_day_it_is_confirmed(
    plans, bac_kan, province_committee, justice, justice_officer, reform_officer
):
    plan = make_plan(province_committee, year=2024, title="Kế hoạch số hóa", requires_confirmation=True)
    task = make_task(plan, justice, dt.date(2024, 9, 30), title="Số hóa sổ hộ tịch")
    task_complete(
        actor=justice_officer, task=task, evidence_number="77/BC-STP", evidence_date=dt.date(2024, 6, 1),
        completed_on=dt.date(2024, 6, 1),
    )  # fmt: skip
    row = tasks_by_title(workbook(bac_kan)["Nhiệm vụ"])["Số hóa sổ hộ tịch"]
    assert row["Tình trạng"] == "Đang thực hiện quá hạn"
    assert row["Ghi chú"] == "Đã báo cáo hoàn thành ngày 01/06/2024, chờ xác nhận"
    assert row["Ngày hoàn thành"] is None and not row["Văn bản minh chứng"]
    task_confirm_completion(actor=reform_officer, task=task)
    # confirmed today (10/03/2025): the 2024 year still ends with it open, today's figures count it
    assert tasks_by_title(workbook(bac_kan)["Nhiệm vụ"])["Số hóa sổ hộ tịch"]["Tình trạng"] == "Đang thực hiện quá hạn"
    now = tasks_by_title(workbook(bac_kan, dt.date(2024, 1, 1), dt.date(2025, 12, 31))["Nhiệm vụ"])["Số hóa sổ hộ tịch"]
    assert (now["Tình trạng"], now["Văn bản minh chứng"], now["Ghi chú"]) == (
        "Hoàn thành đúng hạn",
        "77/BC-STP ngày 01/06/2024",
        None,
    )


def test_sub_tasks_are_listed_indented_below_their_parent(plans, bac_kan, justice):
    parent = make_task(plans["province"], justice, dt.date(2024, 12, 31), title="Cải cách thủ tục đất đai")
    make_task(plans["province"], justice, dt.date(2024, 6, 30), title="Rà soát thủ tục đất đai", parent=parent)
    sheet = workbook(bac_kan)["Nhiệm vụ"]
    rows = [(row[0].value, row[4]) for row in sheet.iter_rows() if row[4].value]
    titles = [cell.value for _stt, cell in rows]
    at = titles.index("Cải cách thủ tục đất đai")
    assert titles[at + 1] == "Rà soát thủ tục đất đai"
    parent_stt, child = rows[at][0], rows[at + 1]
    assert child[0] == f"{parent_stt}.1"
    assert child[1].alignment.indent > rows[at][1].alignment.indent
    # the summary counts the plan's tasks, not its sub-tasks
    assert table(workbook(bac_kan)["Tổng hợp"])["Tổng cộng"][6] == 6


def test_a_title_typed_as_a_formula_is_written_as_text(plans, bac_kan, justice):
    make_task(plans["province"], justice, dt.date(2024, 12, 31), title=PAYLOAD)
    book = workbook(bac_kan)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert PAYLOAD in tasks_by_title(book["Nhiệm vụ"])


def test_the_report_takes_the_same_few_queries_whatever_the_number_of_tasks(
    plans, bac_kan, justice, django_assert_max_num_queries
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            plan_progress_report(bac_kan, *YEAR_2024)
        return len(captured)

    before = queries()
    for index in range(8):
        task = make_task(plans["province"], justice, dt.date(2024, 12, 31), title=f"Nhiệm vụ thêm {index}")
        make_task(plans["province"], justice, dt.date(2024, 12, 31), title=f"Nhiệm vụ con {index}", parent=task)
    assert queries() == before
    with django_assert_max_num_queries(4):
        plan_progress_report(bac_kan, *YEAR_2024)
