"""The current year on the 2025 map: Tỉnh Thái Nguyên's plan and Xã Đồng Phúc's, under way as of the demo's today.

Made through the services by the demo's accounts: tn.cchc (Sở Nội vụ) manages the province's plan and reports on
its department's tasks; tn.danvan (Ban Dân vận) reports for the tasks his agency leads, so that one completion
waits for the owner's confirmation and one extension request for a decision. Deadlines are spread over the year
so that every one of the six states is there as of the demo's today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from portal.choices import Generation, Level
from portal.dated_rules import TWO_LEVEL_GOVERNMENT_FROM
from portal.demo import CURRENT_COMMUNE_CODE, CURRENT_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from reform.demo.common import (
    ROMAN,
    account,
    areas,
    backdate_completion,
    backdate_extension,
    backdate_progress,
    day_between,
    evidence_number,
    in_sentence,
)
from reform.demo.history import SOURCES as LEGACY_SOURCES
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
from reform.models import Area, Plan, Task
from reform.services import (
    extension_request,
    plan_create,
    task_cancel,
    task_complete,
    task_create,
    task_progress_record,
)

ON_TIME, LATE, IN_PROGRESS, OVERDUE, DUE_SOON = "on_time", "late", "in_progress", "overdue", "due_soon"
CANCELLED, REPORTED, ASKING = "cancelled", "reported", "asking"  # awaiting confirmation; asking for more time
# The province's 40 tasks by what has become of them as of today; the first few of the open ones are
# Sở Nội vụ's (tn.cchc's own work).
PROVINCE_OUTCOMES = [
    *[ON_TIME] * 14,
    *[LATE] * 5,
    *[IN_PROGRESS] * 8,
    *[OVERDUE] * 5,
    *[DUE_SOON] * 5,
    CANCELLED,
    REPORTED,
    ASKING,
]
OTHER_LEADS = ["SNV", "STP", "STP", "STNMT", "STNMT", "SLĐTBXH", "SLĐTBXH", "UBND", "UBND"]
# Tasks of Ban Dân vận: tn.danvan reports them (he is no manager of the plan, so his completion awaits confirmation).
MOVEMENT_TASKS = {
    REPORTED: "Đẩy mạnh công tác dân vận chính quyền gắn với cải cách hành chính ở các xã sau sắp xếp",
    ASKING: "Khảo sát ý kiến người dân về thái độ phục vụ của cán bộ, công chức các xã sau sắp xếp",
}
COMMUNE_OUTCOMES = [ON_TIME, ON_TIME, ON_TIME, ON_TIME, LATE, IN_PROGRESS, IN_PROGRESS, OVERDUE, DUE_SOON, DUE_SOON]


@dataclass
class Spec:
    outcome: str
    area: str
    lead: Agency
    title: str
    parts: int = 0


def seed_current(seed: int, as_of: dt.date) -> int:
    """Both plans of the current year, each created once; returns the number of tasks created now."""
    province = AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
    )
    commune = AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.COMMUNE, code=CURRENT_COMMUNE_CODE
    )
    created = 0
    agencies = {a.short_name: a for a in Agency.objects.filter(unit=province)}
    title = f"Kế hoạch cải cách hành chính nhà nước năm {as_of.year} của tỉnh Thái Nguyên"
    if not Plan.objects.filter(owner_agency=agencies["UBND"], year=as_of.year, title=title).exists():
        created += _province_plan(seed, as_of, province, agencies, title)
    committee = Agency.objects.get(unit=commune, short_name="UBND")
    title = f"Kế hoạch cải cách hành chính năm {as_of.year} của {committee.name}"
    if not Plan.objects.filter(owner_agency=committee, year=as_of.year, title=title).exists():
        created += _commune_plan(seed, as_of, commune, committee, title)
    return created


def _province_plan(seed: int, as_of: dt.date, unit: AdministrativeUnit, agencies: dict, title: str) -> int:
    rng = random.Random(f"{seed}-reform-{as_of.isoformat()}-province")
    chosen = areas()
    year = as_of.year
    plan = plan_create(
        actor=account("tn.cchc"),
        unit=unit,
        owner_agency=agencies["UBND"],
        year=year,
        title=title,
        decision_number=f"{rng.randint(20, 190)}/KH-UBND",
        decision_date=_begins(year, as_of),
        decision_signer=agencies["UBND"].head.full_name if agencies["UBND"].head_id else "",
        source_documents=LEGACY_SOURCES.split("\n")[0]
        + "\nNghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế "
        "một cửa, một cửa liên thông",
        areas=list(chosen.values()),
        requires_confirmation=True,
    )
    specs, used, open_by_snv = [], set(), {IN_PROGRESS: 2, OVERDUE: 2, DUE_SOON: 2}
    for outcome in PROVINCE_OUTCOMES:
        if outcome in MOVEMENT_TASKS:
            specs.append(Spec(outcome, "civil_service", agencies["BDV"], MOVEMENT_TASKS[outcome]))
            continue
        if open_by_snv.get(outcome):
            open_by_snv[outcome] -= 1
            short = "SNV"
        else:
            short = rng.choice(OTHER_LEADS)
        area = rng.choice(list(chosen))
        text = title_for(area, short, year, rng)
        while text in used:
            text = title_for(area, short, year, rng)
        used.add(text)
        specs.append(Spec(outcome, area, agencies[short], text))
    specs[-1 - PROVINCE_OUTCOMES[::-1].index(IN_PROGRESS)].parts = 3  # one task broken into sub-tasks
    rng.shuffle(specs)
    specs.sort(key=lambda spec: list(chosen).index(spec.area))  # the appendix lists tasks by area
    work = Work(rng, as_of, plan, chosen, manager=account("tn.cchc"), lead=account("tn.danvan"))
    return work.seed(specs)


def _commune_plan(seed: int, as_of: dt.date, unit: AdministrativeUnit, committee: Agency, title: str) -> int:
    rng = random.Random(f"{seed}-reform-{as_of.isoformat()}-commune")
    chosen = areas()
    officer = account("tnxa.cchc")
    plan = plan_create(
        actor=officer,
        unit=unit,
        owner_agency=committee,
        year=as_of.year,
        title=title,
        decision_number=f"{rng.randint(5, 60)}/KH-UBND",
        decision_date=_begins(as_of.year, as_of),
        decision_signer=committee.head.full_name if committee.head_id else "",
        source_documents=f"Kế hoạch cải cách hành chính nhà nước năm {as_of.year} của tỉnh Thái Nguyên",
        areas=list(chosen.values()),
    )
    titles = rng.sample(COMMUNE_TITLES, len(COMMUNE_OUTCOMES))
    specs = [
        Spec(outcome, area, committee, text.format(place=in_sentence(unit.name), year=as_of.year))
        for outcome, (area, text) in zip(COMMUNE_OUTCOMES, titles, strict=True)
    ]
    specs.sort(key=lambda spec: list(chosen).index(spec.area))
    return Work(rng, as_of, plan, chosen, manager=officer, lead=officer).seed(specs)


def _begins(year: int, as_of: dt.date) -> dt.date:
    """The day the year's plan was issued: mid-January, or in 2025 a fortnight into the new map."""
    issued = dt.date(year, 1, 12)
    if year == TWO_LEVEL_GOVERNMENT_FROM.year:
        issued = TWO_LEVEL_GOVERNMENT_FROM + dt.timedelta(days=14)
    return min(issued, as_of)


class Work:
    """Creates the plan's tasks and reports on them so that each reaches its outcome as of `as_of`."""

    def __init__(self, rng, as_of, plan: Plan, chosen: dict[str, Area], *, manager: User | None, lead: User | None):
        self.rng, self.as_of, self.plan, self.areas = rng, as_of, plan, chosen
        self.manager, self.lead = manager, lead
        self.start = max(dt.date(as_of.year, 1, 1), TWO_LEVEL_GOVERNMENT_FROM)
        self.start = min(self.start, as_of)
        self.numbers: dict[str, int] = {}

    def seed(self, specs: list[Spec]) -> int:
        created = 0
        for spec in specs:
            deadline = self.deadline(spec.outcome)
            task = self.create(spec, deadline)
            created += 1
            children = []
            for index in range(spec.parts):
                child_deadline = [max(self.start, self.as_of - dt.timedelta(days=10)), deadline, deadline][index]
                children.append(self.create(spec, child_deadline, parent=task, title=SUBTASK_PARTS[index], index=index))
                created += 1
            self.work(task, spec, children)
        return created

    def deadline(self, outcome: str) -> dt.date:
        rng, as_of, start = self.rng, self.as_of, self.start
        past = (as_of - start).days  # days of the year gone by
        if outcome == ON_TIME:
            if rng.random() < 0.2:  # done ahead of a later deadline
                return self.later(10, 90)
            return start + dt.timedelta(days=rng.randint(past // 4, past)) if past else as_of
        if outcome in (LATE, OVERDUE):
            return start + dt.timedelta(days=rng.randint(0, max(0, past - 2)))
        if outcome in (DUE_SOON, ASKING):
            return as_of + dt.timedelta(days=rng.randint(1, 7))
        return self.later(8, 150)

    def later(self, low: int, high: int) -> dt.date:
        """A day `low` to `high` days ahead, within the year while there is room (late in December there is not)."""
        left = (dt.date(self.as_of.year, 12, 31) - self.as_of).days
        return self.as_of + dt.timedelta(days=self.rng.randint(low, max(low, min(high, left))))

    def create(self, spec: Spec, deadline: dt.date, parent: Task | None = None, title: str = "", index: int = 0):
        if parent is None:
            self.numbers[spec.area] = self.numbers.get(spec.area, 0) + 1
            number = f"{ROMAN[list(self.areas).index(spec.area)]}.{self.numbers[spec.area]}"
        else:
            number = f"{parent.number}.{index + 1}"
        return task_create(
            actor=self.manager,
            plan=self.plan,
            area=self.areas[spec.area],
            title=title or spec.title,
            lead_agency=spec.lead,
            deadline=deadline,
            parent=parent,
            number=number,
            expected_output=self.rng.choice(OUTPUTS[spec.area]),
        )

    def actor_for(self, task: Task) -> User | None:
        """Who reports on the task: its agency's own official where the demo has one, else the plan's manager."""
        if self.lead is not None and self.lead.agency_id == task.lead_agency_id:
            return self.lead
        return self.manager

    def work(self, task: Task, spec: Spec, children: list[Task]) -> None:
        rng, as_of = self.rng, self.as_of
        outcome = spec.outcome
        if children:  # the first part done, the others under way
            self.complete(children[0], day_between(rng, self.start, min(as_of, children[0].deadline)))
            for child in children[1:]:
                self.progress(child, rng.choice([30, 50, 60]))
            return
        if outcome in (ON_TIME, LATE):
            if outcome == LATE and task.deadline < as_of:
                day = task.deadline + dt.timedelta(days=rng.randint(1, min(30, (as_of - task.deadline).days)))
            else:
                end = min(task.deadline, as_of)
                day = day_between(rng, min(end, max(self.start, task.deadline - dt.timedelta(days=40))), end)
            if rng.random() < 0.4 and day > self.start:
                self.progress(task, rng.choice([40, 60]), day=day_between(rng, self.start, day))
            self.complete(task, day)
        elif outcome == CANCELLED:
            task_cancel(
                actor=self.manager, task=task.pk, reason=rng.choice(CANCEL_REASONS),
                cancelled_on=day_between(rng, self.start, as_of),
            )  # fmt: skip
        elif outcome == REPORTED:
            self.progress(task, 80)
            self.complete(task, as_of)  # by the lead agency: awaits the owner's confirmation
        else:
            self.progress(task, rng.choice([20, 35, 50, 65, 80] if outcome != OVERDUE else [30, 45, 60]))
            if outcome == ASKING:
                extension = extension_request(
                    actor=self.actor_for(task),
                    task=task.pk,
                    requested_deadline=task.deadline + dt.timedelta(days=rng.choice([30, 45, 60])),
                    reason=rng.choice(EXTENSION_REASONS),
                )
                backdate_extension(extension, as_of, None)

    def progress(self, task: Task, percent: int, day: dt.date | None = None) -> None:
        day = day or day_between(self.rng, max(self.start, self.as_of - dt.timedelta(days=30)), self.as_of)
        update = task_progress_record(
            actor=self.actor_for(task),
            task=task.pk,
            progress=percent,
            text=self.rng.choice(PROGRESS_NOTES),
            document_number=evidence_number(self.rng, task.lead_agency.short_name),
        )
        backdate_progress(update, day)

    def complete(self, task: Task, day: dt.date) -> None:
        completion = task_complete(
            actor=self.actor_for(task),
            task=task.pk,
            evidence_number=evidence_number(self.rng, task.lead_agency.short_name),
            evidence_date=day,
            completed_on=day,
            note=self.rng.choice(COMPLETION_NOTES),
        )
        backdate_completion(completion, day)
