"""A lead agency's official opens "my agency's tasks", reports a task completed with its evidence, and the plan
page's completion rate moves from 50.00% to 100.00%. In Chromium, through the pages only."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone

from portal.choices import Generation, Level, Role
from portal.demo import DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import official_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN_TASK = "Công bố, công khai danh mục thủ tục hành chính thuộc thẩm quyền của Sở Tư pháp"


@pytest.fixture
def province_plan(demo_world):
    """Bắc Kạn's plan for this year with two tasks led by Sở Tư pháp: one completed, one open."""
    from reform.choices import DEFAULT_AREAS
    from reform.models import Area
    from reform.services import plan_create, task_complete, task_create

    for order, (code, name) in enumerate(DEFAULT_AREAS, start=1):  # the data migration's rows do not survive
        Area.objects.get_or_create(code=code, defaults={"name": str(name), "order": order})
    bac_kan = AdministrativeUnit.objects.get(
        generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE
    )
    justice = Agency.objects.get(unit=bac_kan, short_name="STP")
    official_create(
        actor=None,
        username="stp.chuyenvien",
        full_name="Lục Thị Hạnh",
        password=settings.DEMO_PASSWORD,
        agency=justice,
        roles=[Role.DEPARTMENT_OFFICER],
        position="Chuyên viên",
    )
    manager = User.objects.get(username="tinh.cchc")
    today = timezone.localdate()
    plan = plan_create(
        actor=manager,
        unit=bac_kan,
        owner_agency=Agency.objects.get(unit=bac_kan, short_name="UBND"),
        year=today.year,
        title=f"Kế hoạch cải cách hành chính tỉnh Bắc Kạn năm {today.year}",
        decision_number=f"15/KH-UBND-{today.year}",
    )
    procedures = Area.objects.get(code="procedures")
    done = task_create(
        actor=manager,
        plan=plan,
        area=procedures,
        title="Rà soát, đơn giản hóa thủ tục hành chính",
        lead_agency=justice,
        deadline=today + dt.timedelta(days=20),
    )
    task_complete(actor=manager, task=done, evidence_number="10/BC-STP", evidence_date=today)
    task_create(
        actor=manager,
        plan=plan,
        area=procedures,
        title=OPEN_TASK,
        lead_agency=justice,
        deadline=today + dt.timedelta(days=5),
    )
    return plan


def completion_rate(page) -> str:
    return page.locator('[data-figure="completion_rate"]').first.inner_text()


def test_lead_agency_reports_completion_and_the_plan_rate_moves(live_server, province_plan, browser, screenshot):
    from tests.browser.test_foundation_journey import log_in

    page = browser.new_page()
    log_in(page, live_server.url, "stp.chuyenvien")
    page.goto(f"{live_server.url}/reform/plans/{province_plan.pk}/")
    assert completion_rate(page) == "50.00%"

    page.get_by_role("link", name="Cải cách hành chính").first.click()
    page.get_by_role("link", name="Nhiệm vụ của cơ quan tôi").first.click()
    page.wait_for_url(re.compile(r"/reform/tasks/mine/$"))
    card = page.locator("article.my-task", has_text=OPEN_TASK)
    assert card.get_by_text("Sắp đến hạn (trong 7 ngày)").is_visible()
    card.locator("summary", has_text="Báo cáo hoàn thành").click()
    form = card.locator("form[action$='/complete/']")
    form.get_by_label("Số văn bản minh chứng").fill("25/BC-STP")
    form.get_by_label("Ngày văn bản minh chứng").fill(timezone.localdate().strftime("%Y-%m-%d"))
    form.get_by_label("Kết quả, sản phẩm").fill("Đã công khai 142 thủ tục trên Cổng dịch vụ công của tỉnh")
    screenshot(page, "reform-my-tasks-complete")
    form.get_by_role("button", name="Báo cáo hoàn thành").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã báo cáo hoàn thành nhiệm vụ.").is_visible()
    assert page.get_by_text("Cơ quan của bạn không có nhiệm vụ nào đang thực hiện.").is_visible()

    page.goto(f"{live_server.url}/reform/plans/{province_plan.pk}/")
    assert completion_rate(page) == "100.00%"
    assert page.get_by_text("2/2 · trên tổng số nhiệm vụ của kế hoạch").is_visible()
    screenshot(page, "reform-plan-after-completion")
