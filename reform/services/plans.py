"""Setting up a plan and its tasks: the managers' work (imports call the same functions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.changes import record_changed
from portal.concurrency import ensure_current, version_bump
from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotPermitted, audit_record, required_text, validated
from reform.choices import TaskStatus, year_start
from reform.models import Area, Plan, Task
from reform.scoping import MANAGE_PERMISSION
from reform.services.common import ensure_manages, lock_task, plan_missing, save_task, today
from reform.services.rollup import progress_rollup
from reform.workflow import ensure

PLAN_FIELDS = frozenset(
    {
        "title",
        "decision_number",
        "decision_date",
        "decision_signer",
        "source_documents",
        "requires_confirmation",
    }
)
TASK_FIELDS = frozenset(
    {"area", "number", "title", "lead_agency", "expected_output", "weight", "notes", "original_deadline", "order"}
)


def _owner_checked(actor: User | None, unit: AdministrativeUnit, owner_agency: Agency) -> None:
    ensure_in_scope(actor, unit, missing=_("Đơn vị nằm ngoài phạm vi của bạn."))
    if actor is not None and not (actor.is_superuser or actor.has_perm(MANAGE_PERMISSION)):
        raise NotPermitted(_("Bạn không có quyền lập kế hoạch cải cách hành chính."))
    if owner_agency.unit_id != unit.pk:
        raise DomainError(_("Cơ quan ban hành phải là cơ quan của đơn vị có kế hoạch."))
    if not owner_agency.is_active:
        raise DomainError(_("Cơ quan ban hành đã ngừng hoạt động."))


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    unit: AdministrativeUnit,
    owner_agency: Agency,
    year: int,
    title: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_signer: str = "",
    source_documents: str = "",
    areas: Iterable[Area] = (),
    requires_confirmation: bool = False,
) -> Plan:
    """A unit's plan for a year; without areas, it takes every area in use."""
    _owner_checked(actor, unit, owner_agency)
    plan = Plan(
        unit=unit,
        owner_agency=owner_agency,
        year=year,
        title=required_text(title, _("Cần nhập tên kế hoạch.")),
        decision_number=(decision_number or "").strip(),
        decision_date=decision_date,
        decision_signer=(decision_signer or "").strip(),
        source_documents=(source_documents or "").strip(),
        requires_confirmation=requires_confirmation,
        created_by=actor,
    )
    _plan_checked(plan)
    plan.save()
    chosen = list(areas) or list(Area.objects.filter(is_active=True))
    plan.areas.set(chosen)
    audit_record(
        actor=actor,
        verb="reform.plan_created",
        target=plan,
        unit=unit,
        payload={"year": year, "areas": [area.code for area in chosen]},
    )
    return plan


def _plan_checked(plan: Plan) -> None:
    if plan.decision_date and plan.decision_date.year > plan.year:
        raise DomainError(_("Ngày ban hành kế hoạch không được sau năm của kế hoạch."))
    duplicate = Plan.objects.filter(owner_agency=plan.owner_agency, year=plan.year, title=plan.title)
    if duplicate.exclude(pk=plan.pk).exists():
        raise DomainError(_("Cơ quan này đã có một kế hoạch cùng tên trong năm %(year)s.") % {"year": plan.year})
    validated(plan, exclude=["areas"])


@transaction.atomic
def plan_update(
    *, actor: User | None, plan: Plan, areas: Iterable[Area] | None = None, version: int | None = None, **fields
) -> Plan:
    """Change the plan's decision, title, sources, confirmation rule or areas (not its unit, owner or year).

    With `version` (the one the editor loaded), a plan saved by someone else since is refused, not overwritten."""
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise ValueError(f"not plan fields: {sorted(unknown)}")
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    ensure_manages(actor, plan)
    ensure_current(plan, version, message=_("Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang rồi sửa lại."))
    changed = {}
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(plan, name) != value:
            changed[name] = str(value)
            setattr(plan, name, value)
    if "title" in fields:
        required_text(plan.title, _("Cần nhập tên kế hoạch."))
    _plan_checked(plan)
    if fields.get("requires_confirmation") is False and plan.tasks.filter(status=TaskStatus.REPORTED).exists():
        raise DomainError(_("Còn nhiệm vụ đang chờ xác nhận hoàn thành: xác nhận hoặc trả lại trước khi bỏ yêu cầu."))
    plan.save()
    if areas is not None:
        chosen = list(areas)
        used = set(plan.tasks.values_list("area_id", flat=True))
        if missing := used - {area.pk for area in chosen}:
            names = ", ".join(Area.objects.filter(pk__in=missing).values_list("name", flat=True))
            raise DomainError(_("Còn nhiệm vụ thuộc lĩnh vực: %(areas)s.") % {"areas": names})
        plan.areas.set(chosen)
        changed["areas"] = [area.code for area in chosen]
    version_bump(plan)
    audit_record(actor=actor, verb="reform.plan_updated", target=plan, unit=plan.unit, payload={"changed": changed})
    return plan


def _weight(value) -> Decimal:
    try:
        weight = Decimal(str(value if value not in (None, "") else 1))
    except InvalidOperation as error:
        raise DomainError(_("Trọng số phải là một số dương.")) from error
    if weight <= 0:
        raise DomainError(_("Trọng số phải là một số dương."))
    return weight


def _task_checked(task: Task, coordinating: list[Agency]) -> None:
    plan = task.plan
    required_text(task.title, _("Cần nhập nội dung nhiệm vụ."))
    if not plan.areas.filter(pk=task.area_id).exists():
        raise DomainError(_("Lĩnh vực «%(area)s» không thuộc kế hoạch này.") % {"area": task.area})
    lead = task.lead_agency
    if not lead.is_active:
        raise DomainError(_("Cơ quan chủ trì đã ngừng hoạt động."))
    if not lead.unit.path.startswith(plan.unit.path):
        raise DomainError(_("Cơ quan chủ trì phải thuộc đơn vị có kế hoạch hoặc đơn vị trực thuộc."))
    outside = [agency.name for agency in coordinating if not agency.unit.path.startswith(plan.unit.path)]
    if outside:
        raise DomainError(
            _("Cơ quan phối hợp phải thuộc đơn vị có kế hoạch hoặc đơn vị trực thuộc: %(agencies)s.")
            % {"agencies": ", ".join(outside)}
        )
    if any(not agency.is_active for agency in coordinating):
        raise DomainError(_("Có cơ quan phối hợp đã ngừng hoạt động."))
    if any(agency.pk == lead.pk for agency in coordinating):
        raise DomainError(_("Cơ quan chủ trì không đồng thời là cơ quan phối hợp."))
    if task.original_deadline < year_start(plan.year):
        raise DomainError(_("Thời hạn không được trước năm của kế hoạch (%(year)s).") % {"year": plan.year})
    if task.parent_id:
        parent = task.parent
        if parent.plan_id != plan.pk:
            raise DomainError(_("Nhiệm vụ cha phải thuộc cùng kế hoạch."))
        if parent.parent_id:
            raise DomainError(_("Chỉ chia nhiệm vụ thành một cấp nhiệm vụ con."))
        if parent.status in (TaskStatus.COMPLETED, TaskStatus.CANCELLED):
            raise DomainError(_("Không thêm nhiệm vụ con vào nhiệm vụ đã hoàn thành hoặc đã hủy."))
    validated(task)


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    plan: Plan,
    area: Area,
    title: str,
    lead_agency: Agency,
    deadline: dt.date,
    parent: Task | None = None,
    number: str = "",
    coordinating_agencies: Iterable[Agency] = (),
    expected_output: str = "",
    weight: Decimal | int | str = 1,
    notes: str = "",
) -> Task:
    """Add a task (or a sub-task of `parent`) to the plan."""
    plan = Plan.objects.select_related("unit").get(pk=plan.pk)
    ensure_manages(actor, plan)
    if parent is not None:  # its status as it is now, not as the caller loaded it
        parent = Task.objects.select_for_update(of=("self",)).get(pk=parent.pk)
    coordinating = list(coordinating_agencies)
    next_order = (plan.tasks.aggregate(last=Max("order"))["last"] or 0) + 1
    task = Task(
        plan=plan,
        parent=parent,
        area=area,
        number=(number or "").strip(),
        title=(title or "").strip(),
        lead_agency=lead_agency,
        original_deadline=deadline,
        deadline=deadline,
        expected_output=(expected_output or "").strip(),
        weight=_weight(weight),
        notes=(notes or "").strip(),
        order=next_order,
    )
    _task_checked(task, coordinating)
    task.save()
    task.coordinating_agencies.set(coordinating)
    audit_record(
        actor=actor,
        verb="reform.task_created",
        target=task,
        unit=plan.unit,
        after=task.status,
        payload={"plan": plan.pk, "lead_agency": lead_agency.pk, "deadline": deadline.isoformat()},
    )
    if parent is not None:
        progress_rollup(parent)
    # One more planned task moves every figure of the plan's year, however late it is entered (on 1 January it
    # falls in each of the year's periods: reform_period_moved).
    record_changed(unit_id=plan.unit_id, on=year_start(plan.year))
    return task


# The fields whose change moves the stored figures (by area, by lead agency) on every day of the task's plan year.
YEAR_FIGURE_FIELDS = frozenset({"area", "lead_agency"})


def _update_changes(
    task: Task, changed: dict, *, deadline_before: dt.date, lead_unit_before: int
) -> set[tuple[int, dt.date]]:
    """The (unit id, day) pairs an edit moves: the plan's unit and the old and new lead agencies' units (where
    their dashboards are kept), on the old and new deadlines (the days the task's state turns) or, when it moved
    to another area or agency, from its plan year's start; an edit that moves no figure announces today."""
    days = set()
    if task.deadline != deadline_before:
        days |= {deadline_before, task.deadline}
    if YEAR_FIGURE_FIELDS & set(changed):
        days.add(year_start(task.plan.year))
    units = {task.plan.unit_id, lead_unit_before, task.lead_agency.unit_id}
    return {(unit_id, day) for unit_id in units for day in days or {today()}}


@transaction.atomic
def task_update(
    *,
    actor: User | None,
    task: Task,
    version: int | None = None,
    coordinating_agencies: Iterable[Agency] | None = None,
    **fields,
) -> Task:
    """Change what the task is (not its status, progress or deadline in force: those have their own steps).

    The original deadline can be corrected only while no extension was approved."""
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise ValueError(f"not task fields: {sorted(unknown)}")
    task = lock_task(task, actor, version=version)
    ensure_manages(actor, task.plan)
    ensure("edit", task)
    deadline_before, lead_unit_before = task.deadline, task.lead_agency.unit_id
    changed = {}
    for name, value in fields.items():
        if name == "weight":
            value = _weight(value)
        value = value.strip() if isinstance(value, str) else value
        if getattr(task, name) != value:
            changed[name] = str(getattr(value, "pk", value))
            setattr(task, name, value)
    if "original_deadline" in changed:
        if task.extensions.filter(status="approved").exists():
            raise DomainError(_("Nhiệm vụ đã được gia hạn: thời hạn thay đổi qua đề nghị gia hạn."))
        task.deadline = task.original_deadline
    coordinating = (
        list(coordinating_agencies) if coordinating_agencies is not None else list(task.coordinating_agencies.all())
    )
    _task_checked(task, coordinating)
    if coordinating_agencies is not None:
        task.coordinating_agencies.set(coordinating)
        changed["coordinating_agencies"] = [agency.pk for agency in coordinating]
    changes = _update_changes(task, changed, deadline_before=deadline_before, lead_unit_before=lead_unit_before)
    task = save_task(
        task, actor=actor, verb="reform.task_updated", before=task.status, payload={"changed": changed}, changes=changes
    )
    if "weight" in changed and task.parent_id:
        progress_rollup(task.parent)
    return task


def plan_for(actor: User | None, pk: int) -> Plan:
    """A plan the official may see, or NotFound."""
    from portal.services import NotFound

    queryset = Plan.objects.select_related("unit", "owner_agency")
    if actor is not None:
        queryset = queryset.visible_to(actor)
    try:
        return queryset.get(pk=pk)
    except Plan.DoesNotExist as exc:
        raise NotFound(plan_missing()) from exc
