"""A provincial leader opens the leader screen, drills from reform completion to the overdue tasks, and from the models
funnel to the typical models. In Chromium, through the pages only."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.choices import Generation, Level
from portal.demo import DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERDUE_TASK = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực"
TYPICAL_MODEL = "Tổ hòa giải thôn Nà Pài gắn với dân vận khéo"


@pytest.fixture
def leader_world(demo_world):
    """This year's provincial plan of Bắc Kạn (one task done, one overdue) and its models (one typical)."""
    from models_registry.choices import Field, OwnerKind, RecognitionLevel, Status
    from models_registry.models import MobilizationModel, Programme
    from models_registry.services import round_create
    from reform.choices import DEFAULT_AREAS
    from reform.models import Area
    from reform.services import plan_create, task_complete, task_create

    for order, (code, name) in enumerate(DEFAULT_AREAS, start=1):  # the data migration's rows do not survive
        Area.objects.get_or_create(code=code, defaults={"name": str(name), "order": order})
    bac_kan = AdministrativeUnit.objects.get(
        generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE
    )
    committee = Agency.objects.get(unit=bac_kan, short_name="UBND")
    justice = Agency.objects.get(unit=bac_kan, short_name="STP")
    manager = User.objects.get(username="tinh.cchc")
    today = timezone.localdate()
    # The models first: written straight to the table, they are in the figures the plan's changes refresh.
    programme, _created = Programme.objects.get_or_create(
        code="dan-van-kheo", defaults={"name": "Phong trào thi đua “Dân vận khéo”", "short_name": "Dân vận khéo"}
    )
    round_ = round_create(
        actor=User.objects.get(username="tinh.danvan"),
        programme=programme,
        unit=bac_kan,
        year=today.year,
        name=f"Dân vận khéo cấp tỉnh năm {today.year}",
        registration_opens=today.replace(month=1, day=1),
        registration_closes=today.replace(month=1, day=31),
        recognition_level=RecognitionLevel.PROVINCE,
        pass_threshold=Decimal("70"),
        spread_threshold=Decimal("15"),
    )
    for name, status in ((TYPICAL_MODEL, Status.TYPICAL), ("Bếp ăn bán trú Bằng Thành", Status.RECOGNIZED)):
        MobilizationModel.objects.create(
            round=round_,
            unit=bac_kan,
            registering_agency=committee,
            name=name,
            search_name=name.lower(),
            field=Field.CULTURE_SOCIETY,
            owner_kind=OwnerKind.COLLECTIVE,
            owner_name="Ủy ban nhân dân tỉnh",
            status=status,
            registered_on=today.replace(month=1, day=10),
            recognized_on=today,
            typical_on=today if status == Status.TYPICAL else None,
        )
    plan = plan_create(
        actor=manager, unit=bac_kan, owner_agency=committee, year=today.year, title=f"Kế hoạch CCHC năm {today.year}"
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
        title=OVERDUE_TASK,
        lead_agency=justice,
        deadline=today - dt.timedelta(days=3),
    )

    return bac_kan


def test_leader_drills_from_reform_to_overdue_tasks_and_from_the_funnel_to_typical_models(
    live_server, leader_world, browser, screenshot
):
    from tests.browser.test_foundation_journey import log_in

    page = browser.new_page()
    log_in(page, live_server.url, "tinh.lanhdao")
    page.goto(f"{live_server.url}/dashboard/{leader_world.pk}/")
    completion = page.locator('[data-figure="reform-completion"]')
    assert completion.locator("dd").inner_text() == "50,00%"  # 1 of the 2 tasks of the province's plan
    assert page.locator('[data-figure="models-typical"] dd').inner_text() == "1"
    screenshot(page, "leader-screen")

    overdue_row = page.locator('section[data-panel="reform"] tr[data-state-row="overdue"]')
    overdue_row.locator("td").first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/reform/tasks/\?.*state=overdue"))
    assert page.get_by_text(OVERDUE_TASK).first.is_visible()
    assert page.get_by_text("Rà soát, đơn giản hóa thủ tục hành chính").count() == 0
    screenshot(page, "leader-overdue-tasks")

    page.go_back()
    page.locator('[data-figure="models-typical"] dd').get_by_role("link").click()
    page.wait_for_url(re.compile(r"/models/\?.*funnel=typical"))
    assert page.get_by_role("link", name=TYPICAL_MODEL).is_visible()
    assert page.get_by_text("Bếp ăn bán trú Bằng Thành").count() == 0
    screenshot(page, "leader-typical-models")
