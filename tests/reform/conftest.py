"""Fixtures of administrative reform: Bắc Kạn's province plan (issued by the provincial People's Committee,
managed by the Sở Nội vụ reform officer `tinh.cchc`), tasks led by departments, and the officials who lead them.

Built through the services, so every fixture is a state a user can really reach. `make_task` takes the plan,
the lead agency and a deadline; everything else has a sensible default.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from portal.choices import Generation, Level, Role
from portal.demo import DEMO_COMMUNE_CODE, DEMO_DISTRICT_CODE, DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import official_create
from reform.models import Area, Plan, Task
from reform.services import plan_create, task_create


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
