"""The demo reform data tells the province's story: Bắc Kạn's 2024 plan completed 70 of its 81 tasks (86.42%),
its departments and districts set 1,279 tasks of their own, and on the 2025 map this year's plan of Tỉnh Thái
Nguyên is under way, every one of the six states there, with work waiting for tn.cchc.

Seeded once for the module on 20 Nov 2026 (a few seconds), and rolled back after it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import transaction

from portal.choices import Generation, Level
from portal.demo import CURRENT_PROVINCE_CODE, DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, AuditEvent, User
from reform.apps import reform_work_panel
from reform.choices import (
    OPEN_STATUSES,
    CompletionStatus,
    ExtensionStatus,
    IndicatorKind,
    TaskState,
    TaskStatus,
)
from reform.demo import seed_reform
from reform.demo.history import PROVINCE_PLAN_TITLE
from reform.models import IndicatorValue, OneStopPoint, Plan, Task, TaskCompletion, TaskExtension
from reform.selectors import onestop_coverage, task_figures, with_state
from reports import registry
from tests.demo_data import AS_OF, MOMENT, demo_loaded


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_loaded(django_db_blocker, lambda: seed_reform(seed=2024, as_of=AS_OF, current_map=True)) as created:
        yield created


@pytest.fixture
def today(demo, db):
    with time_machine.travel(MOMENT, tick=False):
        yield AS_OF


def account(username: str) -> User:
    return User.objects.select_related("agency__unit").get(username=username)


def province_plan() -> Plan:
    return Plan.objects.get(title=PROVINCE_PLAN_TITLE, year=2024)


def bac_kan() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE)


def thai_nguyen() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
    )


def test_the_provinces_2024_plan_completed_70_of_its_81_tasks(today):
    plan = province_plan()
    assert plan.owner_agency.name == "Ủy ban nhân dân tỉnh Bắc Kạn" and plan.created_by.username == "tinh.cchc"
    figures = task_figures(plan.tasks.all(), today)
    assert (figures["planned"], figures["completed"], figures["completion_rate"]) == (81, 70, "86.42")
    assert figures["cancelled"] == 0 and figures["overdue"] == 11  # the rest still open, past their deadline
    assert figures["completed_on_time"] > figures["completed_late"] > 0
    assert plan.tasks.filter(parent__isnull=True).values("area").distinct().count() == 6
    leads = set(plan.tasks.values_list("lead_agency__short_name", flat=True))
    assert leads == {"UBND", "SNV", "STP", "STNMT", "SLĐTBXH"}
    completed = plan.tasks.filter(status=TaskStatus.COMPLETED)
    assert all(re.fullmatch(r"\d+/BC-\S+", number) for number in completed.values_list("evidence_number", flat=True))
    assert not completed.filter(completed_on__gt=today).exists()
    # as the year closed, the three extended tasks were still within their new deadline in 2025
    extended = TaskExtension.objects.filter(task__plan=plan, status=ExtensionStatus.APPROVED)
    assert extended.count() == 3
    assert all(e.previous_deadline.year == 2024 and e.granted_deadline.year == 2025 for e in extended)
    assert all(e.decided_on.year == 2024 for e in extended)  # decided then, not on the day of seeding
    # the year's report read the same: 70 of 81 completed by 31/12/2024, the extended ones not yet due
    year_end = task_figures(plan.tasks.all(), dt.date(2024, 12, 31))
    assert (year_end["completed"], year_end["completion_rate"]) == (70, "86.42")
    assert year_end["overdue"] == 8 and year_end["in_progress"] + year_end["due_soon"] == 3


def test_a_parent_is_completed_only_after_its_sub_tasks(today):
    plan = province_plan()
    parents = plan.tasks.filter(children__isnull=False).distinct()
    assert parents.count() == 3
    assert 2 <= min(p.children.count() for p in parents) and max(p.children.count() for p in parents) <= 3
    for parent in parents.filter(status=TaskStatus.COMPLETED):
        children = parent.children.all()
        assert all(c.status == TaskStatus.COMPLETED and c.completed_on <= parent.completed_on for c in children)
    open_parent = parents.exclude(status=TaskStatus.COMPLETED).get()
    assert 0 < open_parent.progress < 100  # rolled up from its children


def test_departments_and_districts_set_1279_tasks_of_their_own(today):
    plans = Plan.objects.filter(year=2024, unit__path__startswith="legacy/06/").exclude(title=PROVINCE_PLAN_TITLE)
    assert plans.count() == 12  # four departments, eight districts
    tasks = Task.objects.filter(plan__in=plans)
    assert tasks.count() == 1279
    figures = task_figures(tasks, today)
    assert figures["planned"] + figures["cancelled"] == 1279
    assert figures["completed"] > 0.8 * figures["planned"] and figures["overdue"] > 0
    assert 0 < figures["cancelled"] < 50
    # every completion has its evidence record, and the tasks read as the services leave them
    completed = tasks.filter(status=TaskStatus.COMPLETED)
    accepted = TaskCompletion.objects.filter(task__in=completed, status=CompletionStatus.ACCEPTED)
    assert accepted.count() == completed.count()
    assert Task.objects.search("dat dai").filter(plan__in=plans).exists()
    commune_led = tasks.filter(lead_agency__unit__level=Level.COMMUNE)
    assert commune_led.exists() and all(t.lead_agency.unit.name.split(" ", 1)[1] in t.title for t in commune_led[:20])


def test_this_years_plan_has_every_state_as_of_today(today):
    plan = Plan.objects.get(unit=thai_nguyen(), year=today.year)
    assert plan.requires_confirmation
    top = plan.tasks.filter(parent__isnull=True)
    assert 38 <= top.count() <= 42
    states = set(with_state(top, today).values_list("state", flat=True))
    assert states == set(TaskState.values)
    due_soon = with_state(top, today).filter(state=TaskState.DUE_SOON)
    assert all(today < t.deadline <= today + dt.timedelta(days=7) for t in due_soon)
    # one completion awaits the owner's confirmation; one extension request awaits a decision
    reported = plan.tasks.get(status=TaskStatus.REPORTED)
    completion = reported.completions.get(status=CompletionStatus.PENDING)
    assert completion.reported_by.username == "tn.danvan"
    extension = TaskExtension.objects.get(task__plan=plan, status=ExtensionStatus.PENDING)
    assert extension.requested_by.username == "tn.danvan" and extension.requested_deadline > extension.task.deadline
    commune_plan = Plan.objects.get(unit__path="2025/19/01933/", year=today.year)
    assert commune_plan.tasks.count() == 10 and commune_plan.created_by.username == "tnxa.cchc"


def test_the_reform_officers_have_open_tasks_of_their_agency(today, client_for):
    for username in ("tinh.cchc", "tn.cchc"):
        officer = account(username)
        mine = Task.objects.visible_to(officer).filter(lead_agency=officer.agency, status__in=OPEN_STATUSES)
        assert mine.exists(), username
    panel = reform_work_panel(account("tn.cchc"))
    assert panel["open"] > 0 and panel["overdue"] > 0 and panel["due_soon"] > 0
    assert panel["extensions"] >= 1 and panel["confirmations"] >= 1
    plan = Plan.objects.get(unit=thai_nguyen(), year=today.year)
    page = client_for(account("tn.cchc")).get(f"/reform/plans/{plan.pk}/")
    assert page.status_code == 200 and plan.title in page.content.decode()


def test_indicators_cover_several_years_and_say_they_are_illustrative(today):
    values = IndicatorValue.objects.filter(unit=bac_kan())
    assert set(values.values_list("year", flat=True)) == {2020, 2021, 2022, 2023, 2024}
    par = values.filter(kind=IndicatorKind.PAR_INDEX, component="")
    assert dict(par.values_list("year", "scheme")) == {
        2020: "1150/QĐ-BNV",
        2021: "1150/QĐ-BNV",
        2022: "876/QĐ-BNV",
        2023: "876/QĐ-BNV",
        2024: "876/QĐ-BNV",
    }
    assert values.filter(kind=IndicatorKind.PAR_INDEX, year=2024).exclude(component="").count() >= 3
    assert values.filter(kind=IndicatorKind.PAPI, year=2024).count() == 9  # overall and eight dimensions
    assert values.filter(kind=IndicatorKind.SIPAS, year=2024).count() == 6  # overall and five elements
    assert not values.filter(max_points__isnull=True).exists()
    assert all("Số liệu minh họa" in source for source in IndicatorValue.objects.values_list("source", flat=True))
    assert IndicatorValue.objects.filter(unit=thai_nguyen(), year=2025).count() == values.filter(year=2024).count()


def test_every_commune_and_department_has_its_one_stop_point(today):
    legacy = onestop_coverage(bac_kan(), dt.date(2024, 12, 31))
    assert legacy["communes"] > 100 and legacy["communes_covered"] == legacy["communes"]
    assert legacy["agencies"] >= 4 and legacy["agencies_covered"] == legacy["agencies"]
    assert legacy["provincial_centre"]
    current = onestop_coverage(thai_nguyen(), today)
    assert current["communes"] > 0 and current["communes_covered"] == current["communes"]
    assert current["agencies_covered"] == current["agencies"] and current["provincial_centre"]
    assert not OneStopPoint.objects.filter(unit__generation=Generation.CURRENT, opened_on__lt="2025-07-01").exists()


def test_seeding_again_creates_nothing(demo, today):
    assert demo > 81 + 1279 + 40
    counts = (
        Plan.objects.count(),
        Task.objects.count(),
        IndicatorValue.objects.count(),
        OneStopPoint.objects.count(),
        AuditEvent.objects.count(),
    )
    assert seed_reform(seed=2024, as_of=AS_OF, current_map=True) == 0
    assert (
        Plan.objects.count(),
        Task.objects.count(),
        IndicatorValue.objects.count(),
        OneStopPoint.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def fingerprint() -> list[tuple]:
    tasks = Task.objects.filter(plan__unit__path__startswith="legacy/06/") | Task.objects.filter(
        plan__unit__path__startswith="2025/19/"
    )
    rows = tasks.values_list(
        "plan__title", "number", "title", "lead_agency__name", "deadline", "status", "completed_on", "progress"
    )
    return sorted(rows, key=str)


class Undo(Exception):
    pass


def test_the_same_seed_makes_the_same_demo(today):
    before = fingerprint()
    indicators = sorted(IndicatorValue.objects.values_list("unit_id", "year", "kind", "component", "score"))
    try:
        with transaction.atomic():
            Plan.objects.all().delete()
            IndicatorValue.objects.all().delete()
            OneStopPoint.objects.all().delete()
            seed_reform(seed=2024, as_of=AS_OF, current_map=True)
            assert fingerprint() == before
            again = sorted(IndicatorValue.objects.values_list("unit_id", "year", "kind", "component", "score"))
            assert again == indicators
            raise Undo
    except Undo:
        pass


def test_the_provinces_2024_report_reads_70_of_81_at_the_top_and_the_departments_in_the_subtree(today):
    family = registry.family("reform")
    year = family.compute(bac_kan(), dt.date(2024, 1, 1), dt.date(2024, 12, 31), family.parameters())
    assert (year["planned"], year["completed"], year["completion_rate"]) == (81, 70, 86.42)
    assert year["subtree"]["planned"] > 81  # the departments' and districts' plans
    assert sum(row["planned"] for row in year["children"]) == year["subtree"]["planned"]
