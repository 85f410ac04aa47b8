"""Bắc Kạn's 2024 on the legacy map, sized like Sơn La's report (DOMAIN R5.2): the province's plan of 81 tasks,
70 completed (86.42%), and its departments' and districts' own plans, 1,279 tasks between them.

The province's plan is entered through the services by its reform officer (tinh.cchc), after the fact: each
completion carries its 2024 day and evidence, and the records' own timestamps are set back to those days. The
agencies' plans are written in bulk, as an import of their appendices would be (one audit row per plan).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from portal.changes import record_changes
from portal.choices import Generation, Level
from portal.demo import DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import audit_record
from portal.text import fold
from reform.choices import CompletionStatus, TaskStatus
from reform.demo.common import (
    ROMAN,
    account,
    areas,
    at_nine,
    backdate_completion,
    backdate_extension,
    backdate_progress,
    day_between,
    evidence_number,
    in_sentence,
    real_today,
)
from reform.demo.words import (
    CANCEL_REASONS,
    COMMUNE_TITLES,
    COMPLETION_NOTES,
    EXTENSION_REASONS,
    OUTPUTS,
    PROGRESS_NOTES,
    SUBTASK_PARTS,
    title_for,
)
from reform.models import Plan, Task, TaskCompletion, TaskProgress
from reform.services import (
    extension_decide,
    extension_request,
    plan_create,
    task_complete,
    task_create,
    task_progress_record,
)

YEAR = 2024
PROVINCE_PLAN_TITLE = "Kế hoạch cải cách hành chính nhà nước năm 2024 của tỉnh Bắc Kạn"
SOURCES = (
    "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà "
    "nước giai đoạn 2021-2030\n"
    "Kế hoạch số 79/KH-UBND ngày 03/02/2022 của Ủy ban nhân dân tỉnh Bắc Kạn về cải cách hành chính giai đoạn "
    "2021-2025\n"
    "Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về đẩy mạnh thực hiện Chương trình tổng thể cải "
    "cách hành chính nhà nước giai đoạn 2021-2030"
)
# The province's 81 tasks by area, and who leads them (a short name drawn per task).
PROVINCE_AREAS = [
    ("institutions", 12, ["STP", "STP", "STP", "SNV", "STNMT", "SLĐTBXH", "UBND"]),
    ("procedures", 18, ["UBND", "UBND", "STNMT", "STP", "SLĐTBXH", "SNV"]),
    ("organisation", 12, ["SNV", "SNV", "SNV", "SNV", "UBND"]),
    ("civil_service", 14, ["SNV", "SNV", "SNV", "SNV", "UBND", "STP"]),
    ("public_finance", 10, ["UBND", "UBND", "SNV", "SLĐTBXH", "STNMT"]),
    ("digital_government", 15, ["UBND", "UBND", "SNV", "STNMT", "STP"]),
]
COMPLETED, OPEN_SNV, OPEN_OTHERS, LATE, EXTENDED = 70, 4, 7, 9, 3
# The departments' own plans (short name, tasks, the areas they weigh most) and the districts' share of 1,279.
DEPARTMENT_PLANS = [
    ("SNV", 72, ["organisation", "civil_service", "civil_service", "procedures", "digital_government"]),
    ("STP", 65, ["institutions", "institutions", "procedures", "procedures", "civil_service"]),
    ("STNMT", 88, ["procedures", "procedures", "digital_government", "institutions", "public_finance"]),
    ("SLĐTBXH", 79, ["procedures", "procedures", "organisation", "public_finance", "digital_government"]),
]
AGENCY_TASKS = 1279
LAST_LATE_DEADLINE = dt.date(YEAR, 12, 10)
QUARTER_ENDS = [dt.date(YEAR, 3, 31), dt.date(YEAR, 6, 30), dt.date(YEAR, 9, 30), dt.date(YEAR, 12, 15)]


def province() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE)


def a_deadline(rng: random.Random) -> dt.date:
    """Plans set most deadlines at a quarter's end, some on a day of their own."""
    if rng.random() < 0.6:
        return rng.choice(QUARTER_ENDS)
    return day_between(rng, dt.date(YEAR, 2, 15), dt.date(YEAR, 12, 31))


@dataclass
class Spec:
    """One task of the province's plan and what became of it."""

    area: str
    lead: str
    title: str
    number: str
    deadline: dt.date
    outcome: str = "on_time"  # on_time, late, open, extended
    parts: int = 0  # sub-tasks
    children: list[Task] = field(default_factory=list)


def seed_history(seed: int) -> int:
    """Both parts, each created once; returns the number of tasks created now."""
    unit = province()
    agencies = {a.short_name: a for a in Agency.objects.filter(unit=unit)}
    created = 0
    if not Plan.objects.filter(owner_agency=agencies["UBND"], year=YEAR, title=PROVINCE_PLAN_TITLE).exists():
        created += ProvincePlan(seed, unit, agencies).seed()
    created += seed_agency_plans(seed, unit, agencies)
    return created


class ProvincePlan:
    """The province's 2024 plan: 81 listed tasks (three broken into sub-tasks), 70 completed, 11 still open."""

    def __init__(self, seed: int, unit: AdministrativeUnit, agencies: dict[str, Agency]) -> None:
        self.rng = random.Random(f"{seed}-reform-{YEAR}")
        self.unit, self.agencies = unit, agencies
        self.officer: User | None = account("tinh.cchc")
        self.areas = areas()
        self.today = real_today()

    def seed(self) -> int:
        plan = plan_create(
            actor=self.officer,
            unit=self.unit,
            owner_agency=self.agencies["UBND"],
            year=YEAR,
            title=PROVINCE_PLAN_TITLE,
            decision_number="2415/KH-UBND",
            decision_date=dt.date(YEAR - 1, 12, 28),
            decision_signer="Phạm Duy Hưng",
            source_documents=SOURCES,
            areas=list(self.areas.values()),
        )
        specs = self.specs()
        created = 0
        for spec in specs:
            task = self.create(plan, spec)
            created += 1
            for index in range(spec.parts):
                child_deadline = max(dt.date(YEAR, 2, 1), spec.deadline - dt.timedelta(days=25 * (spec.parts - index)))
                spec.children.append(
                    self.create(
                        plan,
                        Spec(spec.area, spec.lead, SUBTASK_PARTS[index], f"{spec.number}.{index + 1}", child_deadline),
                        parent=task,
                    )
                )
                created += 1
            self.work(task, spec)
        return created

    def specs(self) -> list[Spec]:
        rng = self.rng
        specs: list[Spec] = []
        used: set[str] = set()
        for index, (area, count, leads) in enumerate(PROVINCE_AREAS):
            for position in range(count):
                lead = rng.choice(leads)
                title = title_for(area, lead, YEAR, rng)
                while title in used:
                    title = title_for(area, lead, YEAR, rng)
                used.add(title)
                specs.append(Spec(area, lead, title, f"{ROMAN[index]}.{position + 1}", a_deadline(rng)))
        # What is still open at the end: some of Sở Nội vụ's (tinh.cchc's own work) and some of the others'.
        by_snv = [s for s in specs if s.lead == "SNV"]
        others = [s for s in specs if s.lead != "SNV"]
        still_open = rng.sample(by_snv, OPEN_SNV) + rng.sample(others, OPEN_OTHERS)
        for spec in still_open:
            spec.outcome = "open"
            spec.deadline = min(max(spec.deadline, dt.date(YEAR, 6, 30)), dt.date(YEAR, 12, 15))
        extended = [still_open[0], *rng.sample(still_open[OPEN_SNV:], EXTENDED - 1)]
        for spec in extended:
            spec.outcome = "extended"
            spec.deadline = day_between(rng, dt.date(YEAR, 11, 15), dt.date(YEAR, 12, 20))
        completed = [s for s in specs if s.outcome == "on_time"]
        assert len(completed) == COMPLETED
        # Late ones were completed before the year closed, so the year's report reads 70/81 as well.
        for spec in rng.sample([s for s in completed if s.deadline <= LAST_LATE_DEADLINE], LATE):
            spec.outcome = "late"
        # Three tasks broken into sub-tasks: two completed after their sub-tasks, one still under way.
        parents = rng.sample([s for s in completed if s.deadline >= dt.date(YEAR, 6, 30)], 2)
        parents.append(next(s for s in still_open if s.outcome == "open"))
        for spec, parts in zip(parents, (3, 2, 3), strict=True):
            spec.parts = parts
        return specs

    def create(self, plan: Plan, spec: Spec, parent: Task | None = None) -> Task:
        lead = self.agencies[spec.lead]
        others = [a for short, a in self.agencies.items() if short in {"SNV", "STP", "STNMT", "SLĐTBXH"}]
        helping = [a for a in others if a.pk != lead.pk]
        coordinating = [self.rng.choice(helping)] if parent is None and self.rng.random() < 0.35 else []
        return task_create(
            actor=self.officer,
            plan=plan,
            area=self.areas[spec.area],
            title=spec.title,
            lead_agency=lead,
            deadline=spec.deadline,
            parent=parent,
            number=spec.number,
            coordinating_agencies=coordinating,
            expected_output=self.rng.choice(OUTPUTS[spec.area]),
        )

    def work(self, task: Task, spec: Spec) -> None:
        """What the agencies reported on the task through the year."""
        rng = self.rng
        if spec.outcome in ("on_time", "late"):
            finish = self.finish_day(spec)
            for child in spec.children:
                self.complete(child, day_between(rng, max(dt.date(YEAR, 1, 15), child.deadline - dt.timedelta(days=40)),
                                                  min(child.deadline, finish)))  # fmt: skip
            if not spec.children and rng.random() < 0.35:
                self.progress(task, rng.choice([40, 50, 60]), finish - dt.timedelta(days=rng.randint(20, 60)))
            self.complete(task, finish)
            return
        if spec.children:  # under way: the first part done, the others reporting progress
            first, *rest = spec.children
            self.complete(first, day_between(rng, first.deadline - dt.timedelta(days=30), first.deadline))
            for child in rest:
                self.progress(child, rng.choice([30, 45, 60, 70]), child.deadline - dt.timedelta(days=10))
            return
        self.progress(task, rng.choice([20, 30, 40]), dt.date(YEAR, 6, rng.randint(10, 28)))
        self.progress(task, rng.choice([55, 65, 75, 85]), dt.date(YEAR, 10, rng.randint(5, 25)))
        if spec.outcome == "extended":
            requested = spec.deadline - dt.timedelta(days=rng.randint(8, 14))
            extension = extension_request(
                actor=self.officer,
                task=task,
                requested_deadline=rng.choice([dt.date(YEAR + 1, 3, 31), dt.date(YEAR + 1, 6, 30)]),
                reason=rng.choice(EXTENSION_REASONS),
            )
            extension = extension_decide(actor=self.officer, task=task, approve=True, note="Đồng ý gia hạn.")
            backdate_extension(extension, requested, requested + dt.timedelta(days=rng.randint(2, 6)))

    def finish_day(self, spec: Spec) -> dt.date:
        if spec.outcome == "late":
            day = min(spec.deadline + dt.timedelta(days=self.rng.randint(5, 45)), dt.date(YEAR, 12, 31))
        else:
            day = day_between(self.rng, max(dt.date(YEAR, 1, 20), spec.deadline - dt.timedelta(days=50)), spec.deadline)
        return min(day, self.today)

    def progress(self, task: Task, percent: int, day: dt.date) -> None:
        day = max(dt.date(YEAR, 1, 5), min(day, self.today))
        update = task_progress_record(
            actor=self.officer,
            task=task.pk,
            progress=percent,
            text=self.rng.choice(PROGRESS_NOTES),
            document_number=evidence_number(self.rng, task.lead_agency.short_name),
        )
        backdate_progress(update, day)

    def complete(self, task: Task, day: dt.date) -> None:
        completion = task_complete(
            actor=self.officer,
            task=task.pk,
            evidence_number=evidence_number(self.rng, task.lead_agency.short_name),
            evidence_date=day,
            completed_on=day,
            note=self.rng.choice(COMPLETION_NOTES),
        )
        backdate_completion(completion, day)


def district_sizes(rng: random.Random, count: int, total: int) -> list[int]:
    """`total` tasks over `count` districts, around an even share, summing exactly."""
    weights = [rng.uniform(0.85, 1.15) for _ in range(count)]
    sizes = [int(total * w / sum(weights)) for w in weights]
    for index in range(total - sum(sizes)):
        sizes[index % count] += 1
    return sizes


def seed_agency_plans(seed: int, unit: AdministrativeUnit, agencies: dict[str, Agency]) -> int:
    """The departments' and the districts' People's Committees' own 2024 plans, those not there yet."""
    rng = random.Random(f"{seed}-reform-{YEAR}-agencies")
    districts = list(unit.children.filter(level=Level.DISTRICT).order_by("code"))
    department_total = sum(size for _short, size, _areas in DEPARTMENT_PLANS)
    sizes = district_sizes(rng, len(districts), AGENCY_TASKS - department_total)
    plans = [(agencies[short], size, weighted, [agencies[short]]) for short, size, weighted in DEPARTMENT_PLANS]
    all_areas = list(areas())
    for district, size in zip(districts, sizes, strict=True):
        own = {a.short_name: a for a in Agency.objects.filter(unit=district)}
        communes = list(Agency.objects.filter(unit__parent=district, short_name="UBND").order_by("unit__code"))
        leads = [own["UBND"]] * 4 + [own["PNV"]] * 3 + [own["TTr"]] + communes[: max(1, len(communes) // 3)]
        plans.append((own["UBND"], size, all_areas, leads))
    created = 0
    for owner, size, weighted, leads in plans:
        title = f"Kế hoạch cải cách hành chính năm {YEAR} của {owner.name}"
        if Plan.objects.filter(owner_agency=owner, year=YEAR, title=title).exists():
            continue
        created += AgencyPlan(rng, owner, title, size, weighted, leads).seed()
    return created


class AgencyPlan:
    """One agency's plan, its tasks written in bulk with every field the services would set."""

    def __init__(self, rng, owner: Agency, title: str, size: int, weighted: list[str], leads: list[Agency]) -> None:
        self.rng, self.owner, self.title, self.size = rng, owner, title, size
        self.weighted, self.leads = weighted, leads
        self.areas = areas()
        self.today = real_today()

    def seed(self) -> int:
        rng = self.rng
        plan = plan_create(
            actor=None,
            unit=self.owner.unit,
            owner_agency=self.owner,
            year=YEAR,
            title=self.title,
            decision_number=f"{rng.randint(5, 95)}/KH-{self.owner.short_name}",
            decision_date=day_between(rng, dt.date(YEAR, 1, 5), dt.date(YEAR, 2, 10)),
            decision_signer=self.owner.head.full_name if self.owner.head_id else "",
            source_documents=f"{PROVINCE_PLAN_TITLE} (Kế hoạch số 2415/KH-UBND ngày 28/12/2023)",
            areas=list(self.areas.values()),
        )
        tasks, facts = [], []
        per_area: dict[str, int] = {}
        for order in range(1, self.size + 1):
            tasks.append(self.task(plan, order, per_area, facts))
        Task.objects.bulk_create(tasks, batch_size=500)
        self.history(tasks, facts, plan)
        audit_record(
            actor=None,
            verb="reform.tasks_imported",
            target=plan,
            unit=plan.unit,
            payload={"tasks": len(tasks), "demo": True},
        )
        return len(tasks)

    def task(self, plan: Plan, order: int, per_area: dict[str, int], facts: list) -> Task:
        rng = self.rng
        lead = rng.choice(self.leads)
        if lead.unit_id != plan.unit_id:  # a commune's People's Committee leads it in its commune
            area, text = rng.choice(COMMUNE_TITLES)
            title = text.format(place=in_sentence(lead.unit.name), year=YEAR)
        else:
            area = rng.choice(self.weighted)
            title = title_for(area, lead.short_name, YEAR, rng)
        per_area[area] = per_area.get(area, 0) + 1
        deadline = a_deadline(rng)
        number = f"{ROMAN[list(self.areas).index(area)]}.{per_area[area]}"
        output = rng.choice(OUTPUTS[area])
        task = Task(
            plan=plan,
            area=self.areas[area],
            number=number,
            title=title,
            lead_agency=lead,
            original_deadline=deadline,
            deadline=deadline,
            expected_output=output,
            order=order,
            search_text=fold(f"{number} {title} {output}"),
        )
        draw = rng.random()
        if draw < 0.015:
            task.status, task.cancel_reason, task.version = TaskStatus.CANCELLED, rng.choice(CANCEL_REASONS), 2
            task.cancelled_on = min(deadline, day_between(rng, dt.date(YEAR, 3, 1), dt.date(YEAR, 9, 30)))
            facts.append(None)
        elif draw < 0.9:
            late = rng.random() < 0.12
            if late:
                day = deadline + dt.timedelta(days=rng.randint(4, 40))
            else:
                day = day_between(rng, max(dt.date(YEAR, 1, 15), deadline - dt.timedelta(days=45)), deadline)
            day = min(day, self.today)
            task.status, task.progress, task.completed_on = TaskStatus.COMPLETED, 100, day
            task.due_when_completed, task.counted_on = deadline, day
            task.evidence_number = evidence_number(rng, lead.short_name)
            task.evidence_date, task.version = day, 2
            facts.append(("completed", day))
        else:
            percent = rng.choice([20, 35, 50, 60, 70, 80])
            task.status, task.progress, task.version = TaskStatus.IN_PROGRESS, percent, 2
            facts.append(("progress", min(deadline, dt.date(YEAR, 10, 31)) - dt.timedelta(days=rng.randint(5, 40))))
        return task

    def history(self, tasks: list[Task], facts: list, plan: Plan) -> None:
        """Each completion with its evidence, each open task's last progress report, as the services keep them."""
        rng = self.rng
        completions, updates = [], []
        for task, fact in zip(tasks, facts, strict=True):
            if fact is None:
                continue
            kind, day = fact
            if kind == "completed":
                completions.append(
                    TaskCompletion(
                        task=task,
                        completed_on=day,
                        evidence_number=task.evidence_number,
                        evidence_date=day,
                        note=rng.choice(COMPLETION_NOTES),
                        status=CompletionStatus.ACCEPTED,
                    )
                )
            else:
                updates.append(TaskProgress(task=task, progress=task.progress, text=rng.choice(PROGRESS_NOTES)))
                updates[-1].day = day
        TaskCompletion.objects.bulk_create(completions, batch_size=500)
        TaskProgress.objects.bulk_create(updates, batch_size=500)
        # The timestamps are the days reported (bulk_create stamps now; bulk_update keeps what it is given).
        for completion in completions:
            completion.reported_at = at_nine(completion.completed_on)
        for update in updates:
            update.reported_at = at_nine(update.day)
        TaskCompletion.objects.bulk_update(completions, ["reported_at"], batch_size=500)
        TaskProgress.objects.bulk_update(updates, ["reported_at"], batch_size=500)
        days = {c.completed_on for c in completions} | {t.cancelled_on for t in tasks if t.cancelled_on}
        record_changes([(plan.unit_id, day) for day in days])
