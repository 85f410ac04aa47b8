"""Checking a whole workbook, then writing its rows through the reform services, all or none."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Agency, User
from portal.services import DomainError, NotFound, NotPermitted, audit_record
from portal.sheet_import import Progress, finish, stop, validated
from portal.sheets import MAX_ERRORS, ImportFileError
from reform.importer.columns import INDICATORS, TASKS
from reform.importer.report import ImportReport
from reform.importer.rows import IndicatorParser, IndicatorRow, TaskParser, TaskRow
from reform.models import Area, IndicatorValue, Plan
from reform.scoping import manages_plan

INDICATOR_PERMISSION = "reform.add_indicatorvalue"


def plan_import_checked(actor: User | None, plan: Plan | int) -> Plan:
    """The plan, if the official manages it: one they cannot see is "not found", one they only see is refused."""
    pk = plan.pk if isinstance(plan, Plan) else plan
    queryset = Plan.objects.select_related("unit", "owner_agency")
    if actor is not None:
        queryset = queryset.visible_to(actor)
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Không tìm thấy kế hoạch."))
    if not manages_plan(actor, found) or (actor is not None and not actor.has_perm("reform.add_task")):
        raise NotPermitted(
            _("Chỉ cán bộ cải cách hành chính của đơn vị có kế hoạch mới nhập được nhiệm vụ vào kế hoạch.")
        )
    return found


def indicators_import_checked(actor: User | None) -> None:
    if actor is not None and not actor.has_perm(INDICATOR_PERMISSION):
        raise NotPermitted(_("Bạn không có quyền nhập chỉ số cải cách hành chính."))


# --- tasks -----------------------------------------------------------------------------------------


def tasks_import(
    *,
    source,
    filename: str,
    actor: User | None,
    plan: Plan | int,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Add every row of a plan's appendix to the plan as a task (a "1.2" row a sub-task of "1"), or none of them.

    Only the plan's managers may (NotPermitted otherwise, NotFound for a plan they cannot see). Every row is
    checked first, each bad cell reported with its row and column; then every task goes through `task_create`,
    parents first, in one transaction that is kept only if every row passes, and one audit event records the
    import. With `dry_run` the tasks are created and rolled back: the report says what the import would do.
    """
    plan = plan_import_checked(actor, plan)
    report = ImportReport(dry_run=dry_run)
    try:
        rows = validated(
            source,
            filename,
            report,
            TASKS,
            lambda header, errors: TaskParser(header, errors, actor=actor, plan=plan),
            progress,
        )
        if not report.errors:
            _tasks_checked_against_plan(rows, report, plan)
    except ImportFileError as exc:
        report.errors[:] = [(0, "", str(exc))]
        rows = []
    if not report.errors and rows:
        _tasks_write(rows, report, actor=actor, plan=plan, filename=filename)
    finish(report, TASKS)
    return report


def _tasks_checked_against_plan(rows: list[TaskRow], report: ImportReport, plan: Plan) -> None:
    """Numbers are unique in the file and new to the plan; a sub-task's parent is in the file or the plan."""
    errors = report.errors
    number_header = TASKS.header_of("number")
    first_line: dict[str, int] = {}
    for row in rows:
        if row.number in first_line:
            errors.append(
                (
                    row.line,
                    number_header,
                    _("Số thứ tự %(number)s đã có ở dòng %(row)s của tệp.")
                    % {"number": row.number, "row": first_line[row.number]},
                )
            )
        else:
            first_line[row.number] = row.line
    taken = set(plan.tasks.filter(number__in=list(first_line)).values_list("number", flat=True))
    planned_parents = set(plan.tasks.filter(parent=None).values_list("number", flat=True))
    for row in rows:
        if row.number in taken and first_line[row.number] == row.line:
            errors.append(
                (row.line, number_header, _("Kế hoạch đã có nhiệm vụ số thứ tự %(number)s.") % {"number": row.number})
            )
        if row.parent_number and row.parent_number not in first_line and row.parent_number not in planned_parents:
            errors.append(
                (
                    row.line,
                    number_header,
                    _("Không có nhiệm vụ số thứ tự %(number)s (nhiệm vụ cha) trong tệp hoặc trong kế hoạch.")
                    % {"number": row.parent_number},
                )
            )


def _tasks_write(rows: list[TaskRow], report: ImportReport, *, actor: User | None, plan: Plan, filename: str) -> None:
    """Each row through `task_create`, parents first, in one transaction kept only if every row passes."""
    from reform.services import task_create

    areas = Area.objects.in_bulk({row.area_id for row in rows if row.area_id})
    agency_ids = {row.lead_agency_id for row in rows} | {pk for row in rows for pk in row.coordinating_ids}
    agencies = Agency.objects.select_related("unit").in_bulk(agency_ids)
    errors = report.errors
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)  # one import at a time
        parents = {task.number: task for task in plan.tasks.filter(parent=None).select_related("area")}
        created = 0
        # Parents before children, otherwise in the file's order.
        for row in sorted(rows, key=lambda row: row.parent_number is not None):
            if len(errors) >= MAX_ERRORS:
                stop(errors)
                break
            parent = parents.get(row.parent_number) if row.parent_number else None
            if row.parent_number and parent is None:
                continue  # its parent's row was refused, and reported
            try:
                task = task_create(
                    actor=actor,
                    plan=plan,
                    area=areas[row.area_id] if row.area_id else parent.area,
                    title=row.title,
                    lead_agency=agencies[row.lead_agency_id],
                    deadline=row.deadline,
                    parent=parent,
                    number=row.number,
                    coordinating_agencies=[agencies[pk] for pk in row.coordinating_ids],
                    expected_output=row.expected_output,
                    weight=row.weight,
                    notes=row.notes,
                )
            except DomainError as error:  # each service call is its own savepoint: the others go on
                errors.append((row.line, "", str(error)))
                continue
            created += 1
            if not row.parent_number:
                parents[row.number] = task
        if errors or report.dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                verb="reform.tasks_imported",
                target=plan,
                unit=plan.unit,
                payload={"file": filename, "count": created},
            )
    if not errors:
        report.created = created


# --- indicators ------------------------------------------------------------------------------------


def indicators_import(
    *,
    source,
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Record every indicator score of a workbook, or none: each row through `indicator_record`, one audit event.

    A score already recorded with the same values is counted as unchanged, so importing a file twice writes
    nothing the second time; a row whose score differs corrects the stored one (as recording it by hand does).
    """
    indicators_import_checked(actor)
    report = ImportReport(dry_run=dry_run)
    try:
        rows = validated(
            source,
            filename,
            report,
            INDICATORS,
            lambda header, errors: IndicatorParser(header, errors, actor=actor),
            progress,
        )
        if not report.errors:
            _indicators_unique(rows, report)
    except ImportFileError as exc:
        report.errors[:] = [(0, "", str(exc))]
        rows = []
    if not report.errors and rows:
        _indicators_write(rows, report, actor=actor, filename=filename)
    finish(report, INDICATORS)
    return report


def _indicators_unique(rows: list[IndicatorRow], report: ImportReport) -> None:
    first_line: dict[tuple, int] = {}
    for row in rows:
        if row.key in first_line:
            report.errors.append(
                (
                    row.line,
                    INDICATORS.header_of("score"),
                    _("Điểm này (cùng đơn vị, năm, chỉ số, bộ tiêu chí, thành phần) đã có ở dòng %(row)s của tệp.")
                    % {"row": first_line[row.key]},
                )
            )
        else:
            first_line[row.key] = row.line


def _same_as_stored(row: IndicatorRow, stored: IndicatorValue | None) -> bool:
    return (
        stored is not None
        and (stored.score, stored.max_points, stored.rank, stored.source)
        == (
            row.score,
            row.max_points,
            row.rank,
            row.source,
        )
        and (not row.label or stored.component_label == row.label)
    )


def _indicators_write(rows: list[IndicatorRow], report: ImportReport, *, actor: User | None, filename: str) -> None:
    from portal.models import AdministrativeUnit
    from reform.services import indicator_record

    units = AdministrativeUnit.objects.in_bulk({row.unit_id for row in rows})
    stored = {
        (value.unit_id, value.year, value.kind, value.scheme, value.component): value
        for value in IndicatorValue.objects.filter(unit_id__in=units, year__in={row.year for row in rows})
    }
    errors = report.errors
    written = unchanged = 0
    with transaction.atomic():
        for row in rows:
            if len(errors) >= MAX_ERRORS:
                stop(errors)
                break
            if _same_as_stored(row, stored.get(row.key)):
                unchanged += 1
                continue
            try:
                indicator_record(
                    actor=actor,
                    unit=units[row.unit_id],
                    year=row.year,
                    kind=row.kind,
                    score=row.score,
                    scheme=row.scheme,
                    component=row.component,
                    label=row.label,
                    max_points=row.max_points,
                    rank=row.rank,
                    source=row.source,
                    audit=False,
                )
            except DomainError as error:
                errors.append((row.line, "", str(error)))
                continue
            written += 1
        if errors or report.dry_run:
            transaction.set_rollback(True)
        elif written:
            audit_record(
                actor=actor,
                verb="reform.indicators_imported",
                unit=actor.scope_unit if actor is not None else None,
                payload={"file": filename, "count": written, "unchanged": unchanged},
            )
    if not errors:
        report.created, report.unchanged = written, unchanged


# --- reading a file --------------------------------------------------------------------------------
