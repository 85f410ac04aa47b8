"""The reform plan progress report as an Excel form (issue 14, "Exports"): built by the reports app as a logged job.

`plan_progress_report(unit, start, end)` covers the plans of the unit's subtree whose year falls in the period, as
of the period's end (today while it runs), with the definitions of the "reform" family (reform/family.py,
reform/selectors.py): sheet "Tổng hợp" counts the plans' tasks by area and state, its total row the sum of the
rows; sheet "Nhiệm vụ" lists every counted task, its sub-tasks indented below it, with the deadline in force then,
its state, progress, completion and evidence. Three queries (and the unit's name) whatever the number of tasks;
text typed by users is written as text (portal.xlsx).

The layout is that of the official forms (reports/forms_excel.py): title, unit and period lines, a header
hierarchy, a row of column numbers, the rows, a bold total row and the form's checks. Reform may not import the
reports app beyond its registry (tests/portal/test_import_direction.py): the table is portal.xlsx.write_form_table.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from portal.models import AdministrativeUnit
from portal.xlsx import BOX, DATE_FORMAT, safe_cell
from portal.xlsx import write_form_table as _write_table
from reform.choices import CompletionStatus, TaskState, TaskStatus
from reform.models import Area, Task, TaskCompletion, TaskProgress
from reform.selectors import figures_of, task_figures_by, with_state

COMPLETED_STATES = (TaskState.COMPLETED_ON_TIME, TaskState.COMPLETED_LATE)
COUNTED_COMPLETIONS = (CompletionStatus.ACCEPTED, CompletionStatus.CONFIRMED)
RATE_KEYS = ("completion_rate", "due_completion_rate", "on_time_rate")
# What a row of state counts holds (reform.selectors.state_counts): the rates are made from these.
RAW_KEYS = (*TaskState.values, "fallen_due", "completed_of_due")


def _years(start: dt.date, end: dt.date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _raw(row: dict) -> dict:
    """The state counts a figures row was made from (figures_of keeps them under `states`)."""
    return {**row["states"], "fallen_due": row["fallen_due"], "completed_of_due": row["completed_of_due"]}


def _flat(figures: dict) -> dict:
    """A figures row as the table reads it: each state's count under its own key, beside the totals and rates."""
    return {**figures, **figures["states"]}


def area_rows(tasks: QuerySet[Task], on: dt.date) -> list[tuple[str, dict]]:
    """One row per area (the areas in use, and every area that has tasks here, in their order), then the total
    row, the sum of the rows with its rates made from the summed counts; two queries."""
    grouped = {row.pop("key"): row for row in task_figures_by(tasks, "area", on)}
    areas = Area.objects.filter(Q(is_active=True) | Q(pk__in=list(grouped))).order_by("order", "pk")
    empty = figures_of(dict.fromkeys(RAW_KEYS, 0))
    rows = [(area.name, grouped.get(area.pk, empty)) for area in areas]
    total = figures_of({key: sum(_raw(figures)[key] for _name, figures in rows) for key in RAW_KEYS})
    return [(name, _flat(figures)) for name, figures in [*rows, (_("Tổng cộng"), total)]]


def _summary_columns(on: dt.date) -> list[tuple[tuple[str, ...], str]]:
    states = _("Tình trạng nhiệm vụ đến ngày %(date)s") % {"date": f"{on:%d/%m/%Y}"}
    due = _("Nhiệm vụ đã đến hạn")
    rates = _("Tỷ lệ (%)")
    return [
        *[((states, str(label)), value) for value, label in TaskState.choices],
        ((_("Nhiệm vụ trong kế hoạch (không tính nhiệm vụ đã hủy)"),), "planned"),
        ((_("Đã hoàn thành"),), "completed"),
        ((due, _("Tổng số")), "fallen_due"),
        ((due, _("Đã hoàn thành")), "completed_of_due"),
        ((rates, _("Hoàn thành so với kế hoạch")), "completion_rate"),
        ((rates, _("Hoàn thành so với nhiệm vụ đã đến hạn")), "due_completion_rate"),
        ((rates, _("Hoàn thành đúng hạn so với đã hoàn thành")), "on_time_rate"),
    ]


def _progress_then(on: dt.date) -> Case:
    """The progress as of `on`: 100 once completed then; the stored progress if it cannot have moved since (the
    task has not changed since, was cancelled by then, or has not started); otherwise the last progress reported
    by then (none when nothing was reported by then)."""
    reported = (
        TaskProgress.objects.filter(task=OuterRef("pk"), reported_at__date__lte=on)
        .order_by("-reported_at", "-id")
        .values("progress")[:1]
    )
    unmoved = Q(updated_at__date__lte=on) | Q(state=TaskState.CANCELLED) | Q(status=TaskStatus.NOT_STARTED)
    return Case(
        When(state__in=COMPLETED_STATES, then=Value(100)),
        When(unmoved, then=F("progress")),
        default=Subquery(reported, output_field=IntegerField()),
        output_field=IntegerField(),
    )


def task_rows(tasks: QuerySet[Task], on: dt.date) -> list[Task]:
    """The tasks of the plans, with their state, deadline and progress as of `on` and their counted completion's
    result, each counted task followed by its sub-tasks (attribute `depth`, `position`); one query."""
    note = (
        TaskCompletion.objects.filter(task=OuterRef("pk"), status__in=COUNTED_COMPLETIONS)
        .order_by("-reported_at", "-id")
        .values("note")[:1]
    )
    loaded = list(
        with_state(tasks, on)
        .annotate(progress_then=_progress_then(on), completion_note=Subquery(note))
        .select_related("plan__unit", "area", "lead_agency")
        .order_by("plan__year", "plan__unit__path", "plan__title", "plan_id", "order", "id")
    )
    ids = {task.pk for task in loaded}
    children: dict[int, list[Task]] = defaultdict(list)
    for task in loaded:
        if task.parent_id in ids:
            children[task.parent_id].append(task)
    ordered: list[Task] = []

    def visit(task: Task, depth: int, position: str) -> None:
        task.depth, task.position = depth, task.number or position
        ordered.append(task)
        for index, child in enumerate(children.get(task.pk, []), start=1):
            visit(child, depth + 1, f"{task.position}.{index}")

    roots = [task for task in loaded if task.parent_id not in ids]
    for index, task in enumerate(roots, start=1):
        visit(task, 0, str(index))
    return ordered


def _evidence(task: Task) -> str:
    if not task.evidence_number:
        return ""
    if task.evidence_date is None:
        return task.evidence_number
    return _("%(number)s ngày %(date)s") % {"number": task.evidence_number, "date": f"{task.evidence_date:%d/%m/%Y}"}


def _note(task: Task, on: dt.date) -> str:
    if task.state == TaskState.CANCELLED:
        return _("Lý do hủy: %(reason)s") % {"reason": task.cancel_reason} if task.cancel_reason else ""
    if task.state not in COMPLETED_STATES and task.completed_on and task.completed_on <= on:
        return _("Đã báo cáo hoàn thành ngày %(date)s, chờ xác nhận") % {"date": f"{task.completed_on:%d/%m/%Y}"}
    return ""


def _task_headers() -> list[tuple[str, int]]:
    return [
        (_("STT"), 8),
        (_("Kế hoạch"), 36),
        (_("Đơn vị"), 22),
        (_("Lĩnh vực"), 26),
        (_("Nội dung nhiệm vụ"), 60),
        (_("Cơ quan chủ trì"), 30),
        (_("Thời hạn"), 12),
        (_("Tình trạng"), 24),
        (_("Tiến độ (%)"), 10),
        (_("Ngày hoàn thành"), 13),
        (_("Văn bản minh chứng"), 28),
        (_("Kết quả, sản phẩm"), 40),
        (_("Ghi chú"), 30),
    ]


def _write_tasks(sheet: Worksheet, tasks: list[Task], on: dt.date, lines: Sequence[str]) -> None:
    states = {value: str(label) for value, label in TaskState.choices}  # translated once per file
    safe_cell(sheet, 1, 1, _("Danh sách nhiệm vụ")).font = Font(bold=True, size=13)
    for offset, line in enumerate(lines, start=2):
        safe_cell(sheet, offset, 1, line)
    top = len(lines) + 3
    for index, (header, width) in enumerate(_task_headers(), start=1):
        cell = safe_cell(sheet, top, index, header)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row, task in enumerate(tasks, start=top + 1):
        done = task.state in COMPLETED_STATES
        values = [
            task.position,
            str(task.plan),
            task.plan.unit.name,
            task.area.name,
            task.title,
            task.lead_agency.name,
            task.deadline_then,
            states.get(task.state, task.state),
            task.progress_then,
            task.completed_on if done else None,
            _evidence(task) if done else "",
            (task.completion_note or "") if done else "",
            _note(task, on),
        ]
        for column, value in enumerate(values, start=1):
            cell = safe_cell(sheet, row, column, value)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=2 * task.depth if column == 5 else 0)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
        if task.depth == 0:
            sheet.cell(row, 5).font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(top + 1, 1)


def plan_progress_report(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> bytes:
    """The progress of the plans of `unit`'s subtree for the period's years, as of its end (today while it runs):
    tasks by area and state, then the tasks themselves with their evidence."""
    from reform.family import as_of, plan_tasks  # the family registers this builder

    on = as_of(end)
    tasks = plan_tasks(unit, start, end)
    lines = [
        _("Đơn vị: %(unit)s") % {"unit": unit.full_name},
        _("Kế hoạch cải cách hành chính năm %(years)s; tình hình tính đến ngày %(date)s")
        % {"years": _years(start, end), "date": f"{on:%d/%m/%Y}"},
    ]
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Tổng hợp")
    _write_table(
        summary,
        title=_("Báo cáo tiến độ thực hiện kế hoạch cải cách hành chính"),
        lines=lines,
        first_header=_("Lĩnh vực"),
        columns=_summary_columns(on),
        rows=area_rows(tasks, on),
        checks=["7=1+2+3+4+5", "8=1+2", "10≤9", "11=8/7×100", "12=10/9×100", "13=1/8×100"],
        rates=RATE_KEYS,
    )
    _write_tasks(
        workbook.create_sheet(_("Nhiệm vụ")),
        task_rows(tasks, on),
        on,
        [
            *lines,
            _(
                "Số liệu tổng hợp tính các nhiệm vụ của kế hoạch; nhiệm vụ con (thụt lề) ghi dưới nhiệm vụ cha và "
                "không tính riêng."
            ),
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
