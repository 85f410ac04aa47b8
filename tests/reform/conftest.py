"""Fixtures of administrative reform: Bắc Kạn's province plan (issued by the provincial People's Committee,
managed by the Sở Nội vụ reform officer `tinh.cchc`), tasks led by departments, and the officials who lead them.

Built through the services, so every fixture is a state a user can really reach. `make_task` takes the plan,
the lead agency and a deadline; everything else has a sensible default.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from portal.choices import Generation, Level, Role
from portal.demo import DEMO_COMMUNE_CODE, DEMO_DISTRICT_CODE, DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import official_create
from reform.models import Area, Plan, Task
from reform.services import plan_create, task_cancel, task_complete, task_create


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def bac_kan(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE)


@pytest.fixture
def ba_be(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.DISTRICT, code=DEMO_DISTRICT_CODE)


@pytest.fixture
def dong_phuc(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.COMMUNE, code=DEMO_COMMUNE_CODE)


def agency_of(unit: AdministrativeUnit, short_name: str) -> Agency:
    return Agency.objects.get(unit=unit, short_name=short_name)


@pytest.fixture
def province_committee(bac_kan) -> Agency:
    """Ủy ban nhân dân tỉnh Bắc Kạn: issues the province's plan."""
    return agency_of(bac_kan, "UBND")


@pytest.fixture
def home_affairs(bac_kan) -> Agency:
    """Sở Nội vụ: where the province's reform officer (tinh.cchc) works; leads some tasks."""
    return agency_of(bac_kan, "SNV")


@pytest.fixture
def justice(bac_kan) -> Agency:
    """Sở Tư pháp: another department leading tasks."""
    return agency_of(bac_kan, "STP")


@pytest.fixture
def reform_officer(db) -> User:
    """tinh.cchc: the province's reform officer (Sở Nội vụ), who manages the province's plans."""
    return User.objects.select_related("agency__unit").get(username="tinh.cchc")


@pytest.fixture
def commune_reform_officer(db) -> User:
    """xa.cchc: the reform officer of Xã Đồng Phúc (legacy map)."""
    return User.objects.select_related("agency__unit").get(username="xa.cchc")


@pytest.fixture
def justice_officer(justice) -> User:
    """An officer of Sở Tư pháp who reports on the tasks it leads (no right to manage plans)."""
    return official_create(
        actor=None,
        username="stp.chuyenvien",
        full_name="Lục Thị Hạnh",
        agency=justice,
        position="Chuyên viên",
        roles=[Role.DEPARTMENT_OFFICER],
        password="demo12345",
    )


@pytest.fixture
def areas(db) -> dict[str, Area]:
    """The six areas of Resolution 76/NQ-CP, seeded by the app's data migration, by code."""
    return {area.code: area for area in Area.objects.all()}


def make_plan(owner: Agency, *, year: int | None = None, title: str = "", requires_confirmation: bool = False) -> Plan:
    year = year or today().year
    return plan_create(
        actor=None,
        unit=owner.unit,
        owner_agency=owner,
        year=year,
        title=title or f"Kế hoạch cải cách hành chính năm {year}",
        decision_number=f"12/KH-UBND-{year}",
        decision_date=dt.date(year, 1, 10),
        decision_signer="Nguyễn Văn An",
        source_documents="Nghị quyết 76/NQ-CP ngày 15/7/2021",
        requires_confirmation=requires_confirmation,
    )


def make_task(
    plan: Plan,
    lead: Agency,
    deadline: dt.date,
    *,
    title: str = "Rà soát, đơn giản hóa thủ tục hành chính",
    area: str = "procedures",
    parent: Task | None = None,
    weight=1,
    number: str = "",
) -> Task:
    return task_create(
        actor=None,
        plan=plan,
        area=Area.objects.get(code=area),
        title=title,
        lead_agency=lead,
        deadline=deadline,
        parent=parent,
        weight=weight,
        number=number,
    )


@pytest.fixture
def province_plan(province_committee) -> Plan:
    """The province's plan for this year, without confirmation of completions."""
    return make_plan(province_committee)


# --- the 2024 plans of Bắc Kạn and Ba Bể, read on 10 March 2025 (the report family's and the report API's tests) ---


@pytest.fixture
def march_2025():
    """10 March 2025: the 2024 plans were entered after the fact, their year is over."""
    with time_machine.travel(dt.datetime(2025, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


def complete(task, on: dt.date):
    # The plan's reform officer reports it (actor=None fails: TaskCompletion.reported_by is not blank=True).
    officer = User.objects.get(username="tinh.cchc" if task.plan.unit.level == "province" else "huyen.cchc")
    task_complete(actor=officer, task=task, evidence_number=f"{task.pk}/BC-UBND", evidence_date=on, completed_on=on)


@pytest.fixture
def plans(province_committee, home_affairs, justice, ba_be):
    """Bắc Kạn's 2024 plan (four tasks, one cancelled), Ba Bể's 2024 plan (two tasks) and the province's 2023 plan."""
    province = make_plan(province_committee, year=2024)
    on_time = make_task(province, home_affairs, dt.date(2024, 6, 30), area="procedures")
    complete(on_time, dt.date(2024, 6, 20))
    late = make_task(province, justice, dt.date(2024, 3, 31), area="institutions")
    complete(late, dt.date(2024, 5, 10))
    make_task(province, justice, dt.date(2024, 9, 30), area="procedures")  # never done: overdue at the year's end
    dropped = make_task(province, justice, dt.date(2024, 10, 31), area="procedures")
    task_cancel(actor=None, task=dropped, reason="Không còn phù hợp", cancelled_on=dt.date(2024, 8, 1))

    district_committee = agency_of(ba_be, "UBND")
    district = make_plan(district_committee, year=2024)
    done = make_task(district, district_committee, dt.date(2024, 11, 30), area="digital_government")
    complete(done, dt.date(2024, 11, 15))
    make_task(district, district_committee, dt.date(2025, 6, 30), area="procedures")  # runs into next year

    earlier = make_plan(province_committee, year=2023)
    complete(make_task(earlier, home_affairs, dt.date(2023, 12, 31)), dt.date(2023, 12, 1))
    return {"province": province, "district": district, "earlier": earlier}
