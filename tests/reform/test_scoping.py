"""Who sees which reform plans and tasks, and who manages or reports on them.

A province's officer sees every plan of the province; a commune's officer the commune's own plans, plus the
tasks his agency leads in a provincial plan; a department officer of another province sees nothing, and a
filter naming a plan outside the official's scope matches nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory

from portal.choices import AgencyKind, Generation, Level, Role
from portal.demo import NEIGHBOUR_COMMUNE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import NotFound, official_create
from reform.filtersets import PlanFilterSet, TaskFilterSet
from reform.models import Plan, Task
from reform.scoping import leads_task, manages_plan, may_open_reform
from reform.services import plan_for, task_complete, task_progress_record
from tests.reform.conftest import agency_of, make_plan, make_task, today

pytestmark = pytest.mark.django_db

# 09:00 in Hà Nội on Monday 15 June 2026.
MOMENT = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 10, 31)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hoang_tri(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(
        generation=Generation.LEGACY, level=Level.COMMUNE, code=NEIGHBOUR_COMMUNE_CODE
    )


@pytest.fixture
def neighbour_reform_officer(db) -> User:
    """xa2.cchc: the reform officer of the neighbouring Xã Hoàng Trĩ."""
    return User.objects.get(username="xa2.cchc")


@pytest.fixture
def outsider(db) -> User:
    """A department officer of another province (Sở Tư pháp tỉnh Cao Bằng)."""
    cao_bang = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code="04")
    agency = Agency.objects.create(
        unit=cao_bang, name="Sở Tư pháp tỉnh Cao Bằng", short_name="STP", kind=AgencyKind.DEPARTMENT
    )
    return official_create(
        actor=None,
        username="caobang.stp",
        full_name="Đàm Văn Quý",
        agency=agency,
        position="Chuyên viên",
        roles=[Role.DEPARTMENT_OFFICER],
        password="demo12345",
    )


@pytest.fixture
def world(province_plan, province_committee, home_affairs, justice, ba_be, dong_phuc, hoang_tri):
    """Plans of the province, a district and two communes, with tasks led at each level."""
    dong_phuc_committee = agency_of(dong_phuc, "UBND")
    hoang_tri_committee = agency_of(hoang_tri, "UBND")
    other_province_plan = make_plan(province_committee, title="Kế hoạch chuyển đổi số")
    district_plan = make_plan(agency_of(ba_be, "PNV"), title="Kế hoạch cải cách hành chính huyện Ba Bể")
    commune_plan = make_plan(dong_phuc_committee, title="Kế hoạch cải cách hành chính xã Đồng Phúc")
    neighbour_plan = make_plan(hoang_tri_committee, title="Kế hoạch cải cách hành chính xã Hoàng Trĩ")
    tasks = {
        "province_snv": make_task(province_plan, home_affairs, DEADLINE, title="Tổ chức chấm điểm chỉ số"),
        "province_stp": make_task(province_plan, justice, DEADLINE, title="Rà soát văn bản"),
        "province_commune": make_task(province_plan, dong_phuc_committee, DEADLINE, title="Thí điểm một cửa số"),
        "other_province": make_task(other_province_plan, justice, DEADLINE, title="Số hóa hồ sơ"),
        "district": make_task(district_plan, agency_of(ba_be, "PNV"), DEADLINE, title="Rà soát biên chế"),
        "commune": make_task(commune_plan, dong_phuc_committee, DEADLINE, title="Niêm yết thủ tục"),
        "neighbour": make_task(neighbour_plan, hoang_tri_committee, DEADLINE, title="Niêm yết thủ tục"),
    }
    plans = {
        "province": province_plan,
        "other_province": other_province_plan,
        "district": district_plan,
        "commune": commune_plan,
        "neighbour": neighbour_plan,
    }
    return plans, tasks


def visible_plans(user, plans) -> set[str]:
    pks = set(Plan.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, plan in plans.items() if plan.pk in pks}


def visible_tasks(user, tasks) -> set[str]:
    pks = set(Task.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, task in tasks.items() if task.pk in pks}


def test_the_provinces_reform_officer_sees_every_plan_and_task_of_the_province(world, reform_officer):
    plans, tasks = world
    assert visible_plans(reform_officer, plans) == set(plans)
    assert visible_tasks(reform_officer, tasks) == set(tasks)


def test_a_communes_officer_sees_the_communes_plans_and_the_tasks_his_agency_leads_above(world, commune_reform_officer):
    plans, tasks = world
    assert visible_tasks(commune_reform_officer, tasks) == {"commune", "province_commune"}
    # the provincial plan opens for the task his agency leads in it; the rest of the province stays hidden
    assert visible_plans(commune_reform_officer, plans) == {"commune", "province"}
    assert "neighbour" not in visible_plans(commune_reform_officer, plans)


def test_a_coordinating_agency_sees_the_task_it_helps_with(world, province_plan, justice, commune_reform_officer):
    _plans, _tasks = world
    from reform.models import Area
    from reform.services import task_create

    helped = task_create(
        actor=None,
        plan=province_plan,
        area=Area.objects.get(code="procedures"),
        title="Liên thông thủ tục",
        lead_agency=justice,
        deadline=DEADLINE,
        coordinating_agencies=[commune_reform_officer.agency],
    )
    assert Task.objects.visible_to(commune_reform_officer).filter(pk=helped.pk).exists()


def test_a_district_officer_sees_the_district_and_its_communes_not_the_province(world, db):
    plans, tasks = world
    district_reform_officer = User.objects.get(username="huyen.cchc")
    assert visible_plans(district_reform_officer, plans) == {"district", "commune", "neighbour"}
    assert visible_tasks(district_reform_officer, tasks) == {"district", "commune", "neighbour"}


def test_a_department_officer_of_another_province_sees_nothing(world, outsider):
    plans, tasks = world
    assert visible_plans(outsider, plans) == set()
    assert visible_tasks(outsider, tasks) == set()
    with pytest.raises(NotFound):
        plan_for(outsider, plans["province"].pk)
    with pytest.raises(NotFound):
        task_progress_record(actor=outsider, task=tasks["province_stp"], progress=10, text="Thử")
    with pytest.raises(NotFound):
        task_complete(actor=outsider, task=tasks["province_stp"], evidence_number="1/BC", evidence_date=today())


def test_plan_for_finds_only_plans_in_scope(world, commune_reform_officer):
    plans, _tasks = world
    assert plan_for(commune_reform_officer, plans["commune"].pk) == plans["commune"]
    for hidden in ("neighbour", "district", "other_province"):
        with pytest.raises(NotFound):
            plan_for(commune_reform_officer, plans[hidden].pk)


def test_an_inactive_official_sees_nothing(world, reform_officer):
    plans, tasks = world
    reform_officer.is_active = False
    assert visible_plans(reform_officer, plans) == set()
    assert visible_tasks(reform_officer, tasks) == set()


def test_who_manages_which_plan(
    world, reform_officer, commune_reform_officer, neighbour_reform_officer, justice_officer, province_leader, outsider
):
    plans, _tasks = world
    assert manages_plan(reform_officer, plans["province"])
    assert manages_plan(commune_reform_officer, plans["commune"])
    assert not manages_plan(commune_reform_officer, plans["province"])
    assert not manages_plan(neighbour_reform_officer, plans["commune"])
    assert not manages_plan(justice_officer, plans["province"])
    assert not manages_plan(province_leader, plans["province"])
    assert not manages_plan(outsider, plans["province"])


def test_who_reports_on_which_task(
    world, reform_officer, commune_reform_officer, justice_officer, province_leader, outsider
):
    _plans, tasks = world
    assert leads_task(justice_officer, tasks["province_stp"])
    assert not leads_task(justice_officer, tasks["province_snv"])
    assert leads_task(commune_reform_officer, tasks["province_commune"])
    assert not leads_task(commune_reform_officer, tasks["province_stp"])
    assert leads_task(reform_officer, tasks["province_stp"])  # the plan's manager may report for the lead
    assert not leads_task(outsider, tasks["province_stp"])
    # the chairman's People's Committee issues plans; its leader reads, he does not report
    led_by_committee = make_task(
        tasks["province_snv"].plan, province_leader.agency, DEADLINE, title="Chỉ đạo cải cách hành chính"
    )
    assert not leads_task(province_leader, led_by_committee)


def test_reform_opens_for_officials_who_may_read_plans(
    reform_officer, justice_officer, province_leader, inspector, commune_officer_a
):
    assert may_open_reform(reform_officer)
    assert may_open_reform(justice_officer)
    assert may_open_reform(province_leader)
    assert may_open_reform(inspector)
    assert not may_open_reform(commune_officer_a)  # a petition handler has no reform role


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_task_filter_by_plan_matches_the_plans_tasks(world, commune_reform_officer):
    plans, tasks = world
    queryset = Task.objects.visible_to(commune_reform_officer)
    filterset = TaskFilterSet(
        {"plan": plans["commune"].pk}, queryset=queryset, request=_request(commune_reform_officer)
    )
    assert list(filterset.qs) == [tasks["commune"]]


@pytest.mark.parametrize("hidden", ["neighbour", "district", "other_province"])
def test_a_task_filter_naming_a_plan_outside_the_scope_matches_nothing(hidden, world, commune_reform_officer):
    plans, _tasks = world
    queryset = Task.objects.visible_to(commune_reform_officer)
    filterset = TaskFilterSet({"plan": plans[hidden].pk}, queryset=queryset, request=_request(commune_reform_officer))
    assert not filterset.is_valid()
    assert list(filterset.qs) == []


def test_the_task_filter_offers_only_plans_in_scope(world, commune_reform_officer):
    plans, _tasks = world
    filterset = TaskFilterSet({}, queryset=Task.objects.none(), request=_request(commune_reform_officer))
    offered = set(filterset.filters["plan"].queryset.values_list("pk", flat=True))
    assert offered == {plans["commune"].pk, plans["province"].pk}


def test_the_unit_filter_takes_the_subtree(world, reform_officer, ba_be):
    plans, tasks = world
    queryset = Task.objects.visible_to(reform_officer)
    filterset = TaskFilterSet({"unit": ba_be.pk}, queryset=queryset, request=_request(reform_officer))
    assert set(filterset.qs) == {tasks["district"], tasks["commune"], tasks["neighbour"]}
    plan_filter = PlanFilterSet({"unit": ba_be.pk}, queryset=Plan.objects.visible_to(reform_officer))
    assert set(plan_filter.qs) == {plans["district"], plans["commune"], plans["neighbour"]}


def test_the_mine_filter_keeps_the_officials_agencys_tasks(world, justice_officer):
    _plans, tasks = world
    queryset = Task.objects.visible_to(justice_officer)
    filterset = TaskFilterSet({"mine": "true"}, queryset=queryset, request=_request(justice_officer))
    assert set(filterset.qs) == {tasks["province_stp"], tasks["other_province"]}
