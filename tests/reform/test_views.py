"""The reform pages as officials use them: the plan page's states and rates, "my tasks" with its quick reports,
the task page's steps, the lists, the indicators page; scoping (404 outside), no English, bounded queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import User
from reform.choices import IndicatorKind, OneStopKind, TaskState, TaskStatus
from reform.models import Plan, Task
from reform.services import (
    extension_request,
    indicator_record,
    onestop_record,
    task_complete,
    task_progress_record,
)
from tests.portal.test_vietnamese_pages import english_on
from tests.reform.conftest import agency_of, make_plan, make_task, today

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def neighbour_reform_officer(db) -> User:
    """xa2.cchc: the reform officer of the neighbouring commune (Xã Hoàng Trĩ)."""
    return User.objects.get(username="xa2.cchc")


@pytest.fixture
def commune_plan(dong_phuc) -> Plan:
    return make_plan(agency_of(dong_phuc, "UBND"), title="Kế hoạch cải cách hành chính của xã")


def complete(task: Task, actor=None, *, on: dt.date | None = None, number: str = "15/BC-SNV"):
    # An official reports (the system's actor=None trips TaskCompletion.reported_by's blank check).
    actor = actor or User.objects.get(username="tinh.cchc")
    return task_complete(actor=actor, task=task, evidence_number=number, evidence_date=on or today(), completed_on=on)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the plan page -----------------------------------------------------------------------------------------


def test_plan_page_shows_the_six_states_and_both_rates_with_their_denominators(
    client_for, reform_officer, province_plan, home_affairs, justice
):
    first = make_task(province_plan, home_affairs, today(), title="Rà soát quy định về thủ tục hành chính")
    second = make_task(province_plan, justice, today(), title="Số hóa hồ sơ, kết quả giải quyết thủ tục")
    make_task(province_plan, justice, today() + dt.timedelta(days=30), title="Đánh giá chỉ số SIPAS")
    complete(first)
    complete(second)

    page = page_text(client_for(reform_officer).get(f"/reform/plans/{province_plan.pk}/"))

    assert "66.67%" in page and "2/3" in page
    assert "trên tổng số nhiệm vụ của kế hoạch" in page
    assert "100.00%" in page and "trên số nhiệm vụ đã đến hạn" in page
    assert "làm tròn nửa lên đến 2 chữ số thập phân" in page
    for state in TaskState:
        assert str(state.label) in page
    assert 'data-state="completed_on_time"' in page  # the badge carries its text and its colour
    assert "Rà soát quy định về thủ tục hành chính" in page
    assert "Cải cách thủ tục hành chính" in page  # grouped under the task's area


def test_plan_page_as_of_an_earlier_date_recomputes_the_states(client_for, reform_officer, province_plan, home_affairs):
    year_start = dt.date(today().year, 1, 1)
    if today() - year_start < dt.timedelta(days=20):
        pytest.skip("needs three weeks of the plan's year behind us")
    task = make_task(province_plan, home_affairs, today() - dt.timedelta(days=5))
    complete(task, on=today() - dt.timedelta(days=2))  # late: three days after its deadline
    client = client_for(reform_officer)

    now = page_text(client.get(f"/reform/plans/{province_plan.pk}/"))
    before = page_text(client.get(f"/reform/plans/{province_plan.pk}/?on={today() - dt.timedelta(days=10):%Y-%m-%d}"))

    assert 'data-state-count="completed_late">1<' in now.replace(" ", "")
    assert 'data-state-count="due_soon">1<' in before.replace(" ", "")
    assert "tính đến ngày" in before


def test_plan_page_shows_sub_tasks_under_their_parent_and_manager_buttons(
    client_for, reform_officer, justice_officer, province_plan, home_affairs, justice
):
    parent = make_task(province_plan, home_affairs, today() + dt.timedelta(days=40), title="Nhiệm vụ lớn", number="1")
    make_task(province_plan, justice, today() + dt.timedelta(days=20), title="Phần việc nhỏ", parent=parent)

    manager_page = page_text(client_for(reform_officer).get(f"/reform/plans/{province_plan.pk}/"))
    assert manager_page.index("Nhiệm vụ lớn") < manager_page.index("Phần việc nhỏ")
    assert 'class="subtask"' in manager_page
    assert "Thêm nhiệm vụ" in manager_page and f"/reform/import/?plan={province_plan.pk}" in manager_page

    reader_page = page_text(client_for(justice_officer).get(f"/reform/plans/{province_plan.pk}/"))
    assert "Thêm nhiệm vụ" not in reader_page


def test_official_of_another_commune_gets_404_on_the_plan_and_its_task(
    client_for, neighbour_reform_officer, commune_plan, dong_phuc
):
    task = make_task(commune_plan, agency_of(dong_phuc, "UBND"), today() + dt.timedelta(days=10))
    client = client_for(neighbour_reform_officer)

    assert client.get(f"/reform/plans/{commune_plan.pk}/").status_code == 404
    assert client.get(f"/reform/tasks/{task.pk}/").status_code == 404
    assert (
        client.post(f"/reform/tasks/{task.pk}/update_progress/", {"update_progress-progress": "10"}).status_code == 404
    )
    assert commune_plan.title not in client.get("/reform/").content.decode()


def test_officials_without_reform_rights_are_refused(client_for, commune_officer_b):
    assert client_for(commune_officer_b).get("/reform/").status_code == 403


# --- the plan list and the forms -------------------------------------------------------------------------------


def test_plan_list_shows_each_plans_tasks_and_rate_and_the_manager_button(
    client_for, reform_officer, justice_officer, province_plan, home_affairs
):
    done = make_task(province_plan, home_affairs, today())
    make_task(province_plan, home_affairs, today() + dt.timedelta(days=30))
    complete(done)

    page = page_text(client_for(reform_officer).get("/reform/"))
    assert province_plan.title in page and "1/2 hoàn thành" in page and "50.00%" in page
    assert "Lập kế hoạch" in page
    assert "Lập kế hoạch" not in page_text(client_for(justice_officer).get("/reform/"))


def test_reform_officer_makes_a_plan_and_adds_a_task_from_the_forms(
    client_for, reform_officer, province_committee, justice, areas
):
    client = client_for(reform_officer)
    assert client.get("/reform/plans/new/").status_code == 200
    response = client.post(
        "/reform/plans/new/",
        {
            "owner_agency": province_committee.pk,
            "year": today().year,
            "title": "Kế hoạch cải cách hành chính bổ sung",
            "decision_number": "99/KH-UBND",
            "areas": [areas["procedures"].pk, areas["digital_government"].pk],
            "requires_confirmation": "on",
        },
    )
    plan = Plan.objects.get(title="Kế hoạch cải cách hành chính bổ sung")
    assert response.status_code == 302 and response.url == f"/reform/plans/{plan.pk}/"
    assert plan.requires_confirmation and plan.areas.count() == 2

    form_page = client.get(f"/reform/plans/{plan.pk}/tasks/new/").content.decode()
    assert areas["institutions"].name not in form_page  # only the plan's areas are offered
    response = client.post(
        f"/reform/plans/{plan.pk}/tasks/new/",
        {
            "number": "1",
            "title": "Công bố danh mục thủ tục hành chính",
            "area": areas["procedures"].pk,
            "lead_agency": justice.pk,
            "deadline": f"{today() + dt.timedelta(days=60):%Y-%m-%d}",
            "weight": "1",
        },
    )
    assert response.status_code == 302
    task = plan.tasks.get()
    assert task.lead_agency == justice and task.title == "Công bố danh mục thủ tục hành chính"


def test_department_officer_cannot_open_the_plan_form(client_for, justice_officer, province_plan):
    client = client_for(justice_officer)
    assert client.get("/reform/plans/new/").status_code == 403
    assert client.get(f"/reform/plans/{province_plan.pk}/edit/").status_code == 403


# --- "my tasks" and the task page's steps -------------------------------------------------------------------------


def test_department_officer_reports_progress_then_completion_with_evidence_from_my_tasks(
    client_for, justice_officer, province_plan, justice, home_affairs
):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=3), title="Rà soát văn bản quy phạm")
    make_task(province_plan, home_affairs, today() + dt.timedelta(days=3), title="Việc của Sở Nội vụ")
    client = client_for(justice_officer)

    page = page_text(client.get("/reform/tasks/mine/"))
    assert "Rà soát văn bản quy phạm" in page and "Việc của Sở Nội vụ" not in page
    assert "Sắp đến hạn" in page and "Báo cáo hoàn thành" in page

    prefix = f"t{task.pk}"
    response = client.post(
        f"/reform/tasks/{task.pk}/update_progress/",
        {
            "prefix": prefix,
            "next": "/reform/tasks/mine/",
            f"{prefix}-version": task.version,
            f"{prefix}-progress": "60",
            f"{prefix}-text": "Đã rà soát 12/20 văn bản",
        },
        follow=True,
    )
    assert "Đã cập nhật tiến độ." in page_text(response)
    task.refresh_from_db()
    assert task.progress == 60 and task.status == TaskStatus.IN_PROGRESS

    response = client.post(
        f"/reform/tasks/{task.pk}/complete/",
        {
            "prefix": prefix,
            "next": "/reform/tasks/mine/",
            f"{prefix}-version": task.version,
            f"{prefix}-evidence_number": "88/BC-STP",
            f"{prefix}-evidence_date": f"{today():%Y-%m-%d}",
            f"{prefix}-completed_on": f"{today():%Y-%m-%d}",
            f"{prefix}-upload": SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    assert "Đã báo cáo hoàn thành nhiệm vụ." in page_text(response)
    assert "Rà soát văn bản quy phạm" not in page_text(response)  # done: no longer in the list
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED and task.evidence_number == "88/BC-STP"

    detail = page_text(client.get(f"/reform/tasks/{task.pk}/"))
    assert "88/BC-STP" in detail and "bao-cao.pdf" in detail and "Đã rà soát 12/20 văn bản" in detail


def test_completion_without_evidence_shows_the_vietnamese_error(client_for, justice_officer, province_plan, justice):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=10))

    response = client_for(justice_officer).post(
        f"/reform/tasks/{task.pk}/complete/",
        {"complete-version": task.version, "complete-evidence_date": f"{today():%Y-%m-%d}"},
        follow=True,
    )

    assert "Cần nhập số văn bản minh chứng việc hoàn thành." in page_text(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_a_stale_version_is_refused_with_a_message(client_for, justice_officer, province_plan, justice):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=10))
    client = client_for(justice_officer)
    task_progress_record(actor=justice_officer, task=task, progress=10, text="Bắt đầu")

    response = client.post(
        f"/reform/tasks/{task.pk}/update_progress/",
        {"update_progress-version": task.version, "update_progress-progress": "30", "update_progress-text": "Tiếp"},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in page_text(response)
    task.refresh_from_db()
    assert task.progress == 10


def test_manager_approves_an_extension_and_the_new_deadline_shows_the_old_one_struck_through(
    client_for, justice_officer, reform_officer, province_plan, justice
):
    old = today() + dt.timedelta(days=5)
    new = today() + dt.timedelta(days=45)
    task = make_task(province_plan, justice, old)
    response = client_for(justice_officer).post(
        f"/reform/tasks/{task.pk}/request_extension/",
        {
            "request_extension-version": task.version,
            "request_extension-requested_deadline": f"{new:%Y-%m-%d}",
            "request_extension-reason": "Chờ hướng dẫn của Bộ Tư pháp",
        },
        follow=True,
    )
    assert "Đã gửi đề nghị gia hạn." in page_text(response)

    client = client_for(reform_officer)
    page = page_text(client.get(f"/reform/tasks/{task.pk}/"))
    assert "Quyết định gia hạn" in page
    task.refresh_from_db()
    response = client.post(
        f"/reform/tasks/{task.pk}/decide_extension/",
        {"decide_extension-version": task.version, "decide_extension-decision": "approve"},
        follow=True,
    )
    page = page_text(response)
    assert "Đã quyết định về đề nghị gia hạn." in page
    assert f"{old:%d/%m/%Y}</del>" in page and f"{new:%d/%m/%Y}" in page
    assert "Chờ hướng dẫn của Bộ Tư pháp" in page

    plan_page = page_text(client.get(f"/reform/plans/{province_plan.pk}/"))
    assert re.search(rf"<del[^>]*>{old:%d/%m/%Y}</del> <span data-deadline>{new:%d/%m/%Y}</span>", plan_page)


def test_manager_refusing_an_extension_must_say_why(
    client_for, justice_officer, reform_officer, province_plan, justice
):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=5))
    extension_request(
        actor=justice_officer, task=task, requested_deadline=today() + dt.timedelta(days=30), reason="Thiếu người"
    )
    response = client_for(reform_officer).post(
        f"/reform/tasks/{task.pk}/decide_extension/", {"decide_extension-decision": "refuse"}, follow=True
    )
    assert "Cần nêu lý do không đồng ý gia hạn." in page_text(response)


def test_lead_agency_is_offered_only_its_own_steps(client_for, justice_officer, reform_officer, province_plan, justice):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=5))
    lead_page = page_text(client_for(justice_officer).get(f"/reform/tasks/{task.pk}/"))
    assert "Cập nhật tiến độ" in lead_page and "Đề nghị gia hạn" in lead_page
    assert "Hủy nhiệm vụ" not in lead_page
    manager_page = page_text(client_for(reform_officer).get(f"/reform/tasks/{task.pk}/"))
    assert "Hủy nhiệm vụ" in manager_page and "Sửa nhiệm vụ" in manager_page


def test_plan_owner_confirms_or_returns_a_reported_completion(
    client_for, justice_officer, reform_officer, province_committee, justice
):
    plan = make_plan(province_committee, title="Kế hoạch cần xác nhận", requires_confirmation=True)
    task = make_task(plan, justice, today() + dt.timedelta(days=5))
    complete(task, justice_officer)
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED

    client = client_for(reform_officer)
    response = client.post(
        f"/reform/tasks/{task.pk}/return_completion/",
        {"return_completion-version": task.version, "return_completion-reason": "Thiếu văn bản kèm theo"},
        follow=True,
    )
    page = page_text(response)
    assert "Đã trả lại báo cáo hoàn thành." in page and "Thiếu văn bản kèm theo" in page

    task.refresh_from_db()
    complete(task, justice_officer, number="90/BC-STP")
    task.refresh_from_db()
    response = client.post(f"/reform/tasks/{task.pk}/confirm/", {"version": task.version}, follow=True)
    assert "Đã xác nhận hoàn thành." in page_text(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED


def test_evidence_file_is_served_as_an_attachment_to_those_who_see_the_task(
    client_for, justice_officer, neighbour_reform_officer, province_plan, justice
):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=5))
    update = task_progress_record(
        actor=justice_officer,
        task=task,
        progress=20,
        text="Có tài liệu",
        upload=SimpleUploadedFile("tien-do.pdf", PDF, content_type="application/pdf"),
    )

    response = client_for(justice_officer).get(f"/reform/tasks/{task.pk}/files/progress/{update.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        client_for(neighbour_reform_officer).get(f"/reform/tasks/{task.pk}/files/progress/{update.pk}/").status_code
        == 404
    )


# --- the task list -------------------------------------------------------------------------------------------------


def test_task_list_filters_by_state_and_shows_the_figures_of_the_filtered_set(
    client_for, reform_officer, province_plan, home_affairs, justice
):
    make_task(province_plan, justice, today() - dt.timedelta(days=3), title="Việc đã quá hạn")
    make_task(province_plan, home_affairs, today() + dt.timedelta(days=40), title="Việc còn trong hạn")
    client = client_for(reform_officer)

    everything = page_text(client.get("/reform/tasks/"))
    assert "Việc đã quá hạn" in everything and "Việc còn trong hạn" in everything
    assert "Xuất danh sách ra Excel" in everything

    overdue = page_text(client.get("/reform/tasks/?state=overdue"))
    assert "Việc đã quá hạn" in overdue and "Việc còn trong hạn" not in overdue
    assert 'data-figure="planned">1<' in overdue


# --- indicators ------------------------------------------------------------------------------------------------------


def test_indicators_page_shows_each_indicators_trend_and_the_one_stop_coverage(
    client_for, reform_officer, bac_kan, dong_phuc
):
    for year, score in [(2022, "80.10"), (2023, "82.35"), (2024, "81.00")]:
        indicator_record(
            actor=None,
            unit=bac_kan,
            year=year,
            kind=IndicatorKind.PAR_INDEX,
            score=score,
            max_points="100",
            scheme="876/QĐ-BNV",
        )
    onestop_record(
        actor=None,
        unit=dong_phuc,
        kind=OneStopKind.COMMUNE_CENTRE,
        name="Bộ phận một cửa xã Đồng Phúc",
        opened_on=dt.date(2020, 1, 1),
    )

    # On the legacy map (in force until 30 June 2025) the province still has its communes.
    page = page_text(client_for(reform_officer).get("/reform/indicators/?on=2024-12-31"))

    assert "Chỉ số cải cách hành chính (PAR Index)" in page
    assert "↑" in page and "tăng 2,25 điểm" in page
    assert "↓" in page and "giảm 1,35 điểm" in page
    assert "<polyline" in page
    assert re.search(r"1/\d{2,} xã", page) and "31/12/2024" in page


# --- the home card, English and queries -----------------------------------------------------------------------------


def test_home_card_counts_the_agencys_open_and_overdue_tasks(client_for, justice_officer, province_plan, justice):
    make_task(province_plan, justice, today() - dt.timedelta(days=2))
    make_task(province_plan, justice, today() + dt.timedelta(days=30))
    page = page_text(client_for(justice_officer).get("/"))
    assert "Nhiệm vụ cơ quan chủ trì đang thực hiện" in page and "/reform/tasks/mine/" in page


@pytest.mark.parametrize("username", ["tinh.cchc", "stp.chuyenvien", "tinh.lanhdao", "xa.cchc", "admin"])
def test_reform_pages_show_no_english(client, username, justice_officer, province_plan, justice, home_affairs):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=5))
    make_task(province_plan, home_affairs, today() - dt.timedelta(days=5))
    client.force_login(User.objects.get(username=username))
    urls = [
        "/reform/",
        "/reform/plans/new/",
        f"/reform/plans/{province_plan.pk}/",
        f"/reform/plans/{province_plan.pk}/edit/",
        f"/reform/plans/{province_plan.pk}/tasks/new/",
        "/reform/tasks/",
        "/reform/tasks/?state=overdue",
        "/reform/tasks/mine/",
        f"/reform/tasks/{task.pk}/",
        f"/reform/tasks/{task.pk}/edit/",
        "/reform/indicators/",
        "/",
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        words = english_on(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert not found, found


def many_tasks(plan: Plan, lead, count: int, parent_every: int = 0) -> None:
    parent = None
    for index in range(count):
        deadline = today() + dt.timedelta(days=index - count // 2)
        if parent_every and index % parent_every == 1:
            make_task(plan, lead, deadline + dt.timedelta(days=60), title=f"Nhiệm vụ con {index}", parent=parent)
            continue
        parent = make_task(plan, lead, max(deadline, dt.date(today().year, 1, 1)), title=f"Nhiệm vụ {index}")


def test_plan_page_queries_do_not_grow_with_its_tasks(
    client_for, reform_officer, province_plan, justice, django_assert_max_num_queries
):
    many_tasks(province_plan, justice, 34, parent_every=5)
    assert province_plan.tasks.count() >= 30
    client = client_for(reform_officer)
    client.get(f"/reform/plans/{province_plan.pk}/")  # warm the session and permission caches
    with django_assert_max_num_queries(14):
        response = client.get(f"/reform/plans/{province_plan.pk}/")
    assert response.status_code == 200


def test_list_pages_and_task_page_run_a_bounded_number_of_queries(
    client_for, justice_officer, province_plan, justice, bac_kan, django_assert_max_num_queries
):
    many_tasks(province_plan, justice, 30)
    task = province_plan.tasks.first()
    task_progress_record(actor=justice_officer, task=task, progress=30, text="Đang làm")
    extension_request(
        actor=justice_officer, task=task, requested_deadline=task.deadline + dt.timedelta(days=30), reason="Lý do"
    )
    for year in (2022, 2023, 2024):
        indicator_record(actor=None, unit=bac_kan, year=year, kind=IndicatorKind.SIPAS, score=Decimal("80") + year % 10)
    client = client_for(justice_officer)
    for url, limit in [
        ("/reform/", 12),
        ("/reform/tasks/", 14),
        ("/reform/tasks/mine/", 10),
        (f"/reform/tasks/{task.pk}/", 16),
        ("/reform/indicators/", 13),
    ]:
        client.get(url)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url
