"""Administrative reform plans of the whole country, as the demo draws the agencies' plans (reform.demo.history),
on both maps.

Each province has, every year, its People's Committee's plan (the province's own), the Department of Home
Affairs' plan, and the plans of two of its districts (legacy map) or communes (2025 map): about 79 tasks a year
at full scale, over the six areas of Resolution 76/NQ-CP. At a smaller scale fewer plans are drawn (the square root
of the scale) with fewer tasks each (the rest of it), so that the dataset keeps plans of a realistic size.
Legacy provinces plan 2016–2024; the 2025 provinces 2025 and 2026.

A task has its lead agency, its deadline (mostly a quarter's end), its product and what became of it by the
as-of day, as the services would have recorded it: completed with evidence (most, some late), cancelled with a
reason, extended once by the plan's owner (its deadline history kept), or still under way with its last progress
report, overdue once the deadline has passed; this year's later tasks are under way or not started.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from bench.national.context import Context
from bench.national.places import CURRENT, LEGACY, Unit
from portal.text import fold
from reform.demo.common import ROMAN, evidence_number, in_sentence
from reform.demo.words import (
    CANCEL_REASONS,
    COMMUNE_TITLES,
    COMPLETION_NOTES,
    EXTENSION_REASONS,
    OUTPUTS,
    PROGRESS_NOTES,
    title_for,
)

FULL_TASKS = 50_000
PLAN_SIZES = {"committee": 45, "department": 12, "local": 11}  # tasks of each plan at full scale
COMMITTEE_LEADS = [("UBND", 3), ("SNV", 3), ("STP", 2), ("STNMT", 2), ("SLĐTBXH", 2)]
DEPARTMENT_AREAS = ["organisation", "civil_service", "civil_service", "procedures", "digital_government"]
CANCELLED, COMPLETED_PAST, LATE, EXTENDED = 0.015, 0.88, 0.12, 0.05
SOURCES = (
    "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà "
    "nước giai đoạn 2021-2030"
)

PLAN_COLUMNS = ("id", "unit_id", "owner_agency_id", "year", "title", "decision_number", "decision_date",
                "decision_signer", "source_documents", "requires_confirmation", "created_by_id", "created_at",
                "updated_at", "version")  # fmt: skip
TASK_COLUMNS = ("id", "plan_id", "parent_id", "area_id", "number", "title", "lead_agency_id", "original_deadline",
                "deadline", "expected_output", "weight", "status", "progress", "completed_on", "counted_on",
                "due_when_completed", "evidence_number", "evidence_date", "cancelled_on", "cancel_reason", "notes",
                "order", "search_text", "version", "created_at", "updated_at")  # fmt: skip
PROGRESS_COLUMNS = ("id", "task_id", "file", "filename", "content_type", "size", "progress", "text",
                    "document_number", "reported_by_id", "reported_at")  # fmt: skip
COMPLETION_COLUMNS = ("id", "task_id", "file", "filename", "content_type", "size", "completed_on", "evidence_number",
                      "evidence_date", "note", "status", "reported_by_id", "reported_at", "decided_by_id",
                      "decided_at", "return_reason")  # fmt: skip
EXTENSION_COLUMNS = ("id", "task_id", "previous_deadline", "requested_deadline", "granted_deadline", "reason",
                     "status", "requested_by_id", "requested_at", "decided_by_id", "decided_at", "decided_on",
                     "decision_note")  # fmt: skip
TABLES = ("reform_plan", "reform_plan_areas", "reform_task", "reform_taskprogress", "reform_taskcompletion",
          "reform_taskextension")  # fmt: skip
QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 15))


class ReformGenerator:
    """Draws the plans and their tasks into the loader's buffers."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.days = ctx.days
        self.rng = random.Random(f"{ctx.seed}-reform")
        self.areas: dict[str, int] = ctx.refs["areas"]
        self.as_of = self.days.date(self.days.as_of)
        self.ids = {table: ctx.ids[table] for table in TABLES}
        self.out = {
            table: ctx.loader.table(table, columns)
            for table, columns in zip(
                TABLES,
                (PLAN_COLUMNS, ("id", "plan_id", "area_id"), TASK_COLUMNS, PROGRESS_COLUMNS, COMPLETION_COLUMNS,
                 EXTENSION_COLUMNS),
                strict=True,
            )
        }  # fmt: skip

    def _id(self, table: str) -> int:
        pk = self.ids[table]
        self.ids[table] = pk + 1
        return pk

    def candidates(self) -> list[tuple[Unit, str, Unit, int]]:
        """Every plan of the full dataset: (province, kind, the plan's unit, year)."""
        rng = random.Random(f"{self.ctx.seed}-reform-plans")
        plans = []
        for generation, years in ((LEGACY, range(2016, 2025)), (CURRENT, range(2025, 2027))):
            for province in self.ctx.country.provinces[generation]:
                locals_ = province.children  # districts of a legacy province, communes of a 2025 one
                for year in years:
                    plans.append((province, "committee", province, year))
                    plans.append((province, "department", province, year))
                    for unit in rng.sample(locals_, min(2, len(locals_))):
                        plans.append((province, "local", unit, year))
        return plans

    def run(self) -> int:
        plans = self.candidates()
        total = self.ctx.scaled(FULL_TASKS)
        # as many plans as the square root of the scale says (each map its share, at least one each), never more
        # than tasks: the plans' sizes shrink together with the rest of the scale
        wanted = max(2, min(total, round(len(plans) * math.sqrt(min(1.0, self.ctx.scale)))))
        legacy = [p for p in plans if p[0].generation == LEGACY]
        current = [p for p in plans if p[0].generation == CURRENT]
        self.rng.shuffle(legacy)
        self.rng.shuffle(current)
        on_current = max(1, round(wanted * len(current) / len(plans)))
        chosen = sorted(legacy[: wanted - on_current] + current[:on_current], key=lambda p: (p[3], p[2].path, p[1]))
        weights = [PLAN_SIZES[kind] for _province, kind, _unit, _year in chosen]
        whole, spare = sum(weights), total - len(chosen)
        made, given, running = 0, 0, 0
        for (province, kind, unit, year), weight in zip(chosen, weights, strict=True):
            running += weight
            extra = round(spare * running / whole) - given  # every plan has a task, the rest go by size
            given += extra
            made += self.plan(province, kind, unit, year, 1 + extra)
            self.ctx.loader.tick(1 + extra)
        self.ctx.ids.update(self.ids)
        return made

    def plan(self, province: Unit, kind: str, unit: Unit, year: int, size: int) -> int:
        rng = self.rng
        owner_short = {"committee": "UBND", "department": "SNV", "local": "UBND"}[kind]
        owner = unit.agencies.get(owner_short) or unit.committee
        owner_name = self.ctx.agency_names.get(owner, "")
        pk = self._id("reform_plan")
        decided = dt.date(year - 1, 12, 15) + dt.timedelta(days=rng.randrange(40))
        stamp = self._stamp(decided)
        number = f"{rng.randint(5, 480)}/KH-{owner_short if kind != 'department' else 'SNV'}"
        self.out["reform_plan"].append(
            (pk, unit.id, owner, year, f"Kế hoạch cải cách hành chính năm {year} của {owner_name}"[:300], number,
             decided, self.ctx.heads.get(owner, ""), SOURCES, False, None, stamp, stamp, 1)
        )  # fmt: skip
        for area in self.areas.values():
            self.out["reform_plan_areas"].append((self._id("reform_plan_areas"), pk, area))
        leads = self.leads(province, kind, unit)
        per_area: dict[str, int] = {}
        for order in range(1, size + 1):
            self.task(pk, year, leads, kind, order, per_area)
        return size

    def leads(self, province: Unit, kind: str, unit: Unit) -> list[tuple[Unit, str, int]]:
        """Who leads the plan's tasks: (unit, short name, agency id), repeated by weight."""
        if kind == "committee":
            return [(province, s, province.agencies[s]) for s, weight in COMMITTEE_LEADS for _ in range(weight)]
        if kind == "department":
            return [(province, "SNV", province.agencies["SNV"])]
        own = [(unit, s, unit.agencies[s]) for s in ("UBND", "UBND", "PNV", "TTr") if s in unit.agencies]
        communes = [(c, "UBND", c.committee) for c in unit.children[:6]]  # a district's plan names its communes
        return own + communes

    def deadline(self, year: int) -> dt.date:
        rng = self.rng
        if rng.random() < 0.6:
            month, day = rng.choice(QUARTER_ENDS)
            return dt.date(year, month, day)
        start = dt.date(year, 2, 15)
        return start + dt.timedelta(days=rng.randrange((dt.date(year, 12, 31) - start).days + 1))

    def task(self, plan: int, year: int, leads: list, kind: str, order: int, per_area: dict[str, int]) -> None:
        rng, as_of = self.rng, self.as_of
        lead_unit, lead_short, lead = rng.choice(leads)
        if lead_unit.level == "commune" and kind != "committee":
            area, text = rng.choice(COMMUNE_TITLES)
            title = text.format(place=in_sentence(lead_unit.name), year=year)
        else:
            area = rng.choice(DEPARTMENT_AREAS) if kind == "department" else rng.choice(list(self.areas))
            title = title_for(area, lead_short, year, rng)
        per_area[area] = per_area.get(area, 0) + 1
        number = f"{ROMAN[list(self.areas).index(area)]}.{per_area[area]}"
        output = rng.choice(OUTPUTS[area])
        original = deadline = self.deadline(year)
        pk = self._id("reform_task")
        extension = None
        if rng.random() < EXTENDED:
            decided_on = original - dt.timedelta(days=rng.randint(3, 14))
            if decided_on <= as_of:
                deadline = original + dt.timedelta(days=rng.randint(30, 90))
                extension = (decided_on, deadline)
        status, progress, completed, due_then, evidence, cancelled, reason = "in_progress", 0, None, None, "", None, ""
        version = 1
        draw = rng.random()
        if draw < CANCELLED:
            status, reason, version = "cancelled", rng.choice(CANCEL_REASONS), 2
            cancelled = min(deadline, dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(200)), as_of)
        elif deadline <= as_of or rng.random() < 0.25:  # fallen due (or done early this year)
            if deadline > as_of or draw < COMPLETED_PAST:
                late = deadline <= as_of and rng.random() < LATE
                if late:
                    completed = deadline + dt.timedelta(days=rng.randint(4, 40))
                else:
                    earliest = max(dt.date(year, 1, 15), deadline - dt.timedelta(days=45))
                    completed = earliest + dt.timedelta(days=rng.randrange(max(1, (deadline - earliest).days + 1)))
                completed = min(completed, as_of)
                status, progress, version = "completed", 100, 2
                due_then = extension[1] if extension and extension[0] <= completed else original
                evidence = evidence_number(rng, lead_short)
        if status == "in_progress":
            if deadline > as_of and rng.random() < 0.3:
                status = "not_started"
            else:
                progress, version = rng.choice([20, 35, 50, 60, 70, 80]), 2
        search = fold(f"{number} {title} {output}")
        self.out["reform_task"].append(
            (pk, plan, None, self.areas[area], number, title, lead, original, deadline, output, 1, status, progress,
             completed, completed, due_then, evidence, completed, cancelled, reason, "", order, search,
             version + (extension is not None), self._stamp(dt.date(year, 1, 5)),
             self._stamp(completed or cancelled or dt.date(year, 1, 5)))
        )  # fmt: skip
        if extension is not None:
            decided_on, granted = extension
            self.out["reform_taskextension"].append(
                (self._id("reform_taskextension"), pk, original, granted, granted, rng.choice(EXTENSION_REASONS),
                 "approved", None, self._stamp(decided_on - dt.timedelta(days=3)), None, self._stamp(decided_on),
                 decided_on, "Đồng ý gia hạn.")
            )  # fmt: skip
        if status == "completed":
            self.out["reform_taskcompletion"].append(
                (self._id("reform_taskcompletion"), pk, "", "", "", 0, completed, evidence, completed,
                 rng.choice(COMPLETION_NOTES), "accepted", None, self._stamp(completed), None, None, "")
            )  # fmt: skip
        elif status == "in_progress":
            reported = min(deadline, as_of, dt.date(year, 10, 31)) - dt.timedelta(days=rng.randint(5, 40))
            self.out["reform_taskprogress"].append(
                (self._id("reform_taskprogress"), pk, "", "", "", 0, progress, rng.choice(PROGRESS_NOTES),
                 evidence_number(rng, lead_short), None, self._stamp(reported))
            )  # fmt: skip

    def _stamp(self, day: dt.date) -> dt.datetime:
        ordinal = min(max(day.toordinal(), self.days.first), self.days.as_of)
        return self.days.mornings[ordinal - self.days.first]
