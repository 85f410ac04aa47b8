"""The reform API: plans with their figures, tasks with their state, one POST per step, indicators; scoped.

Time is frozen on 15 June 2026 (Hà Nội): the province's plan is this year's, deadlines are read from that day.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from reform.choices import TaskState, TaskStatus
from reform.models import IndicatorValue, Task
from reform.services import indicator_record, task_complete
from tests.portal.test_api_schema_conformance import conforms, schema  # noqa: F401 (fixtures)
from tests.reform.conftest import make_plan, make_task

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/reform-plans/"
TASKS = "/api/v1/reform-tasks/"
INDICATORS = "/api/v1/reform-indicators/"
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def evidence(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 bao cao hoan thanh", content_type="application/pdf")


@pytest.fixture
def justice_task(province_plan, justice):
    """A task of the province's plan led by Sở Tư pháp, due in a month."""
    return make_task(province_plan, justice, days(30), title="Rà soát văn bản quy phạm pháp luật của tỉnh")


@pytest.fixture
def home_task(province_plan, home_affairs):
    return make_task(province_plan, home_affairs, days(60), title="Sắp xếp tổ chức bộ máy các sở", area="organisation")


# --- Lists and their filters ----------------------------------------------------------------------


@pytest.fixture
def tasks_of_two_years(province_committee, province_plan, justice, home_affairs, reform_officer):
    last_year = make_plan(province_committee, year=2025)
    old = make_task(last_year, justice, dt.date(2025, 12, 31), title="Số hóa hồ sơ, kết quả giải quyết thủ tục")
    overdue = make_task(province_plan, justice, days(-3), title="Công bố danh mục thủ tục hành chính")
    soon = make_task(province_plan, home_affairs, days(5), title="Đánh giá chỉ số cải cách hành chính các sở")
    done = make_task(province_plan, home_affairs, days(20), title="Kiện toàn bộ phận một cửa")
    task_complete(actor=reform_officer, task=done, evidence_number="15/BC-SNV", evidence_date=TODAY)
    return {"old": old, "overdue": overdue, "soon": soon, "done": done, "last_year": last_year}


def test_task_list_filters_by_year_status_state_and_lead_agency(api_for, reform_officer, tasks_of_two_years, justice):
    api, t = api_for(reform_officer), tasks_of_two_years
    assert ids(api.get(TASKS, {"year": 2025})) == {t["old"].pk}
    assert ids(api.get(TASKS, {"year": 2026, "status": TaskStatus.COMPLETED})) == {t["done"].pk}
    assert ids(api.get(TASKS, {"year": 2026, "state": TaskState.OVERDUE})) == {t["overdue"].pk}
    assert ids(api.get(TASKS, {"year": 2026, "state": TaskState.DUE_SOON})) == {t["soon"].pk}
    assert ids(api.get(TASKS, {"lead_agency": justice.pk})) == {t["old"].pk, t["overdue"].pk}
    assert ids(api.get(TASKS, {"plan": t["last_year"].pk})) == {t["old"].pk}


def test_each_task_says_its_state_in_vietnamese(api_for, reform_officer, tasks_of_two_years):
    rows = {row["id"]: row for row in api_for(reform_officer).get(TASKS).json()["results"]}
    overdue = rows[tasks_of_two_years["overdue"].pk]
    assert (overdue["state"], overdue["state_label"]) == ("overdue", "Đang thực hiện quá hạn")
    done = rows[tasks_of_two_years["done"].pk]
    assert (done["state"], done["status_label"]) == ("completed_on_time", "Đã hoàn thành")
    assert done["evidence_number"] == "15/BC-SNV" and done["progress"] == 100


def test_the_state_can_be_read_as_of_another_day(api_for, reform_officer, tasks_of_two_years):
    api, soon = api_for(reform_officer), tasks_of_two_years["soon"]
    a_month_ago = days(-30).isoformat()
    row = api.get(f"{TASKS}{soon.pk}/", {"on": a_month_ago}).json()
    assert row["state"] == TaskState.IN_PROGRESS
    # The state filter reads the same day as the rows it shows.
    assert soon.pk in ids(api.get(TASKS, {"state": TaskState.IN_PROGRESS, "on": a_month_ago}))
    assert soon.pk not in ids(api.get(TASKS, {"state": TaskState.DUE_SOON, "on": a_month_ago}))
    assert api.get(TASKS, {"on": "15/06/2026"}).status_code == 400


def test_a_plan_of_another_scope_filters_to_nothing(api_for, commune_reform_officer, justice_task, province_plan):
    response = api_for(commune_reform_officer).get(TASKS, {"plan": province_plan.pk})
    # The plan is not among the choices a commune official has: the filter is refused, nothing is listed.
    assert response.status_code == 400 and "plan" in response.json()
    assert ids(api_for(commune_reform_officer).get(TASKS)) == set()
    assert ids(api_for(commune_reform_officer).get(PLANS)) == set()


def test_a_commune_official_gets_404_on_a_provincial_plan_and_its_task(
    api_for, commune_reform_officer, justice_task, province_plan
):
    api = api_for(commune_reform_officer)
    assert api.get(f"{TASKS}{justice_task.pk}/").status_code == 404
    assert api.get(f"{PLANS}{province_plan.pk}/").status_code == 404
    body = {"evidence_number": "01/BC", "evidence_date": TODAY.isoformat()}
    assert api.post(f"{TASKS}{justice_task.pk}/complete/", body).status_code == 404
    justice_task.refresh_from_db()
    assert justice_task.status == TaskStatus.NOT_STARTED


def test_a_commune_leading_a_provincial_task_sees_that_task_and_its_plan_only(
    api_for, commune_reform_officer, justice_task, province_plan
):
    commune = commune_reform_officer.agency
    led = make_task(province_plan, commune, days(30), title="Thí điểm bộ phận một cửa cấp xã")
    api = api_for(commune_reform_officer)
    assert ids(api.get(TASKS)) == {led.pk}
    assert ids(api.get(PLANS)) == {province_plan.pk}
    figures = api.get(f"{PLANS}{province_plan.pk}/").json()["task_figures"]
    assert figures["planned"] == 2  # the plan's figures, as its page shows them (its rows stay scoped)
    assert api.get(f"{TASKS}{justice_task.pk}/").status_code == 404


# --- Completion with evidence ----------------------------------------------------------------------


def test_the_lead_agency_completes_with_evidence_and_the_plans_figures_move(
    api_for,
    justice_officer,
    justice_task,
    home_task,
    province_plan,
    reform_officer,
    settings,
    tmp_path,
    conforms,  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path
    manager = api_for(reform_officer)
    before = conforms(manager.get(f"{PLANS}{province_plan.pk}/"), "/api/v1/reform-plans/{id}/")["task_figures"]
    assert (before["planned"], before["completed"], before["completion_rate"]) == (2, 0, "0.00")

    detail = api_for(justice_officer).get(f"{TASKS}{justice_task.pk}/").json()
    assert detail["offered_steps"] == ["progress", "complete", "request-extension"]
    body = {
        "evidence_number": "35/BC-STP",
        "evidence_date": days(-1).isoformat(),
        "note": "Đã rà soát 120 văn bản, đề nghị bãi bỏ 6 văn bản",
        "file": evidence(),
        "version": detail["version"],
    }
    response = api_for(justice_officer).post(f"{TASKS}{justice_task.pk}/complete/", body, format="multipart")
    done = conforms(response, "/api/v1/reform-tasks/{id}/complete/", "post")
    assert (done["status"], done["state"], done["completed_on"]) == ("completed", "completed_on_time", "2026-06-15")
    assert done["completions"][0]["evidence_number"] == "35/BC-STP" and done["completions"][0]["has_file"]
    assert done["offered_steps"] == []

    after = conforms(manager.get(PLANS), "/api/v1/reform-plans/")["results"][0]["task_figures"]
    assert (after["completed"], after["completion_rate"], after["on_time_rate"]) == (1, "50.00", "100.00")
    assert after["states"]["completed_on_time"] == 1


def test_completion_without_evidence_is_refused_in_vietnamese(api_for, justice_officer, justice_task):
    response = api_for(justice_officer).post(f"{TASKS}{justice_task.pk}/complete/", {"note": "Đã xong"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Cần nhập số văn bản minh chứng việc hoàn thành."}
    response = api_for(justice_officer).post(f"{TASKS}{justice_task.pk}/complete/", {"evidence_number": "35/BC"})
    assert response.json() == {"detail": "Cần nhập ngày của văn bản minh chứng."}
    justice_task.refresh_from_db()
    assert justice_task.status == TaskStatus.NOT_STARTED


def test_progress_is_reported_and_listed_on_the_task(api_for, justice_officer, justice_task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body = {"progress": 40, "text": "Đã rà soát 48/120 văn bản", "document_number": "20/BC-STP", "file": evidence()}
    response = api_for(justice_officer).post(f"{TASKS}{justice_task.pk}/progress/", body, format="multipart")
    assert response.status_code == 200, response.json()
    task = response.json()
    assert (task["status"], task["progress"]) == ("in_progress", 40)
    assert task["updates"][0]["text"] == "Đã rà soát 48/120 văn bản"
    assert task["updates"][0]["reported_by_name"] == "Lục Thị Hạnh"
    full = api_for(justice_officer).post(f"{TASKS}{justice_task.pk}/progress/", {"progress": 100, "text": "Xong"})
    assert full.status_code == 400 and "minh chứng" in full.json()["detail"]


# --- Who may take which step -----------------------------------------------------------------------


@pytest.fixture
def confirming_plan(province_committee):
    return make_plan(province_committee, title="Kế hoạch kiểm soát thủ tục hành chính", requires_confirmation=True)


def test_a_department_officer_cannot_confirm_or_cancel(
    api_for, justice_officer, reform_officer, confirming_plan, justice
):
    task = make_task(confirming_plan, justice, days(30))
    lead = api_for(justice_officer)
    body = {"evidence_number": "40/BC-STP", "evidence_date": TODAY.isoformat()}
    reported = lead.post(f"{TASKS}{task.pk}/complete/", body).json()
    assert reported["status"] == TaskStatus.REPORTED and reported["offered_steps"] == []

    assert lead.post(f"{TASKS}{task.pk}/confirm/").status_code == 403
    refused = lead.post(f"{TASKS}{task.pk}/cancel/", {"reason": "Không còn phù hợp"})
    assert refused.status_code == 403 and "cải cách hành chính" in refused.json()["detail"]
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED

    manager = api_for(reform_officer)
    offered = manager.get(f"{TASKS}{task.pk}/").json()["offered_steps"]
    assert {"confirm", "return-completion", "cancel"} <= set(offered)
    confirmed = manager.post(f"{TASKS}{task.pk}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == TaskStatus.COMPLETED


def test_a_returned_completion_carries_its_reason(api_for, justice_officer, reform_officer, confirming_plan, justice):
    task = make_task(confirming_plan, justice, days(30))
    api_for(justice_officer).post(
        f"{TASKS}{task.pk}/complete/", {"evidence_number": "40/BC-STP", "evidence_date": TODAY.isoformat()}
    )
    manager = api_for(reform_officer)
    assert manager.post(f"{TASKS}{task.pk}/return-completion/", {}).status_code == 400
    returned = manager.post(f"{TASKS}{task.pk}/return-completion/", {"reason": "Thiếu danh mục văn bản"}).json()
    assert returned["status"] == TaskStatus.IN_PROGRESS
    assert returned["completions"][0]["return_reason"] == "Thiếu danh mục văn bản"


def test_a_manager_cancels_and_reopens_a_task(api_for, reform_officer, justice_task):
    api = api_for(reform_officer)
    cancelled = api.post(f"{TASKS}{justice_task.pk}/cancel/", {"reason": "Trùng nhiệm vụ khác"}).json()
    assert (cancelled["status"], cancelled["state"], cancelled["cancel_reason"]) == (
        "cancelled",
        "cancelled",
        "Trùng nhiệm vụ khác",
    )
    reopened = api.post(f"{TASKS}{justice_task.pk}/reopen/", {"reason": "Hủy nhầm"}).json()
    assert reopened["status"] == TaskStatus.IN_PROGRESS
    refused = api.post(f"{TASKS}{justice_task.pk}/reopen/", {"reason": "Lần nữa"})
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Chỉ mở lại nhiệm vụ đã hoàn thành hoặc đã hủy."}


# --- Extensions -----------------------------------------------------------------------------------


def test_an_extension_request_then_approval_moves_the_deadline(
    api_for,
    justice_officer,
    reform_officer,
    justice_task,
    conforms,  # noqa: F811
):
    asked = api_for(justice_officer).post(
        f"{TASKS}{justice_task.pk}/request-extension/",
        {"requested_deadline": days(90).isoformat(), "reason": "Chờ hướng dẫn của Bộ Tư pháp"},
    )
    assert asked.status_code == 200, asked.json()
    assert asked.json()["extensions"][0]["status"] == "pending"
    assert "decide-extension" not in asked.json()["offered_steps"]

    manager = api_for(reform_officer)
    assert "decide-extension" in manager.get(f"{TASKS}{justice_task.pk}/").json()["offered_steps"]
    response = manager.post(
        f"{TASKS}{justice_task.pk}/decide-extension/", {"approve": True, "note": "Đồng ý", "deadline": days(75)}
    )
    task = conforms(response, "/api/v1/reform-tasks/{id}/decide-extension/", "post")
    assert task["deadline"] == days(75).isoformat()
    assert task["original_deadline"] == days(30).isoformat()
    extension = task["extensions"][0]
    assert (extension["status"], extension["previous_deadline"], extension["granted_deadline"]) == (
        "approved",
        days(30).isoformat(),
        days(75).isoformat(),
    )


def test_a_refusal_needs_a_reason(api_for, justice_officer, reform_officer, justice_task):
    api_for(justice_officer).post(
        f"{TASKS}{justice_task.pk}/request-extension/", {"requested_deadline": days(90), "reason": "Chờ hướng dẫn"}
    )
    response = api_for(reform_officer).post(f"{TASKS}{justice_task.pk}/decide-extension/", {"approve": False})
    assert response.status_code == 400 and response.json() == {"detail": "Cần nêu lý do không đồng ý gia hạn."}


# --- Versions -------------------------------------------------------------------------------------


def test_a_stale_version_is_a_409_and_changes_nothing(api_for, reform_officer, justice_officer, justice_task):
    manager = api_for(reform_officer)
    loaded = manager.get(f"{TASKS}{justice_task.pk}/").json()["version"]
    edited = manager.patch(f"{TASKS}{justice_task.pk}/", {"title": "Rà soát văn bản (sửa)", "version": loaded})
    assert edited.status_code == 200 and edited.json()["version"] == loaded + 1

    stale = manager.patch(f"{TASKS}{justice_task.pk}/", {"notes": "Ghi chú", "version": loaded}, format="json")
    assert stale.status_code == 409 and "người khác cập nhật" in stale.json()["detail"]
    stale_step = api_for(justice_officer).post(
        f"{TASKS}{justice_task.pk}/progress/", {"progress": 10, "text": "Bắt đầu", "version": loaded}
    )
    assert stale_step.status_code == 409
    justice_task.refresh_from_db()
    assert (justice_task.notes, justice_task.progress) == ("", 0)


# --- Creating plans and tasks ---------------------------------------------------------------------


def test_a_reform_officer_creates_a_plan_and_its_task(
    api_for, reform_officer, bac_kan, province_committee, justice, home_affairs, areas
):
    api = api_for(reform_officer)
    body = {
        "unit": bac_kan.pk,
        "owner_agency": province_committee.pk,
        "year": 2026,
        "title": "Kế hoạch chuyển đổi số năm 2026",
        "decision_number": "88/KH-UBND",
        "decision_date": "2026-01-20",
        "areas": [areas["digital_government"].pk],
    }
    created = api.post(PLANS, body, format="json")
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert plan["areas"] == [areas["digital_government"].pk] and plan["task_figures"]["planned"] == 0

    task = {
        "plan": plan["id"],
        "area": areas["digital_government"].pk,
        "title": "Số hóa hồ sơ tiếp nhận tại bộ phận một cửa",
        "lead_agency": justice.pk,
        "coordinating_agencies": [home_affairs.pk],
        "deadline": "2026-09-30",
        "weight": "2",
    }
    response = api.post(TASKS, task, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["coordinating_agencies"] == [{"id": home_affairs.pk, "name": home_affairs.name}]
    wrong_area = api.post(TASKS, {**task, "area": areas["institutions"].pk}, format="json")
    assert wrong_area.status_code == 400 and "không thuộc kế hoạch" in wrong_area.json()["detail"]

    renamed = api.patch(f"{PLANS}{plan['id']}/", {"decision_signer": "Nguyễn Văn An"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["decision_signer"] == "Nguyễn Văn An"


def test_a_department_officer_may_not_create_plans_or_tasks(api_for, justice_officer, province_plan, bac_kan, justice):
    api = api_for(justice_officer)
    plan = {"unit": bac_kan.pk, "owner_agency": justice.pk, "year": 2026, "title": "Kế hoạch của Sở"}
    assert api.post(PLANS, plan, format="json").status_code == 403
    assert api.patch(f"{PLANS}{province_plan.pk}/", {"title": "Sửa"}, format="json").status_code == 403


# --- Indicators -----------------------------------------------------------------------------------


def test_indicators_are_recorded_by_reform_officers_and_read_within_the_scope(
    api_for, reform_officer, commune_reform_officer, justice_officer, bac_kan
):
    body = {"unit": bac_kan.pk, "year": 2025, "kind": "par_index", "score": "84.50", "max_points": "100", "rank": 30}
    created = api_for(reform_officer).post(INDICATORS, body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["kind_label"] == "Chỉ số cải cách hành chính (PAR Index)"
    assert api_for(justice_officer).post(INDICATORS, body, format="json").status_code == 403

    value = IndicatorValue.objects.get(pk=created.json()["id"])
    assert ids(api_for(reform_officer).get(INDICATORS, {"kind": "par_index", "year": 2025})) == {value.pk}
    assert ids(api_for(commune_reform_officer).get(INDICATORS)) == set()
    assert api_for(commune_reform_officer).get(f"{INDICATORS}{value.pk}/").status_code == 404
    too_high = api_for(reform_officer).post(INDICATORS, {**body, "score": "120"}, format="json")
    assert too_high.status_code == 400 and "vượt điểm tối đa" in too_high.json()["detail"]


def test_indicator_list_answers_match_the_schema(api_for, reform_officer, bac_kan, conforms):  # noqa: F811
    indicator_record(actor=None, unit=bac_kan, year=2024, kind="papi", component="transparency", score="5.31")
    conforms(api_for(reform_officer).get(INDICATORS), "/api/v1/reform-indicators/")


# --- Query counts ---------------------------------------------------------------------------------


@pytest.fixture
def many_tasks(province_committee, province_plan, justice, home_affairs, reform_officer):
    """22 tasks over two plans, some coordinated, some completed, with a sub-task."""
    second = make_plan(province_committee, title="Kế hoạch kiểm soát thủ tục hành chính năm 2026")
    tasks = []
    for n in range(22):
        plan = province_plan if n % 2 else second
        lead, other = (justice, home_affairs) if n % 3 else (home_affairs, justice)
        task = make_task(plan, lead, days(n * 5 - 20), title=f"Nhiệm vụ số {n + 1}", number=str(n + 1))
        task.coordinating_agencies.add(other)
        tasks.append(task)
    for task in tasks[:5]:
        task_complete(actor=reform_officer, task=task, evidence_number=f"{task.number}/BC", evidence_date=TODAY)
    make_task(province_plan, justice, days(40), parent=tasks[7], title="Nhiệm vụ con")
    return tasks


def test_the_task_list_runs_a_bounded_number_of_queries(
    api_for,
    reform_officer,
    justice_officer,
    many_tasks,
    django_assert_max_num_queries,
    conforms,  # noqa: F811
):
    for user in (reform_officer, justice_officer):
        api = api_for(user)
        api.get(TASKS)  # warm the caches (permissions, content types)
        # Rows, their coordinating agencies, the count: whatever the number of tasks.
        with django_assert_max_num_queries(4):
            response = api.get(TASKS, {"year": 2026, "page_size": 100})
        assert response.json()["count"] >= 15
    rows = conforms(api_for(reform_officer).get(TASKS, {"page_size": 100}), "/api/v1/reform-tasks/")["results"]
    assert len(rows) == 23 and all(row["coordinating_agencies"] for row in rows if row["parent"] is None)


def test_the_plan_list_computes_every_plans_figures_in_one_query(
    api_for, reform_officer, many_tasks, django_assert_max_num_queries
):
    api = api_for(reform_officer)
    api.get(PLANS)
    # Rows, their areas, the count, and one grouped query of figures for the page's plans.
    with django_assert_max_num_queries(5):
        plans = api.get(PLANS).json()["results"]
    assert sorted(plan["task_figures"]["planned"] for plan in plans) == [11, 11]
    assert sum(plan["task_figures"]["completed"] for plan in plans) == 5


def test_the_task_detail_runs_a_bounded_number_of_queries(
    api_for, reform_officer, many_tasks, django_assert_max_num_queries
):
    parent = Task.objects.get(pk=many_tasks[7].pk)
    api = api_for(reform_officer)
    api.get(f"{TASKS}{parent.pk}/")
    # The row, five prefetches, and the guards of the steps offered.
    with django_assert_max_num_queries(10):
        detail = api.get(f"{TASKS}{parent.pk}/").json()
    assert len(detail["children"]) == 1
