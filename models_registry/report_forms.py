"""The models registry's Excel forms (issue 14, "Exports"), built by the reports app as logged jobs.

- `funnel_by_unit_and_field`: the funnel registered → recognised → typical of a unit's subtree over a period, one
  row per child unit and one for the unit's own level, each broken down by field, then the total row (the sum of
  the rows). The figures are the "models" family's (`models_registry.family.models_figures`), so the form, the
  dashboard and the API agree.
- `recognized_models_list`: the models of the subtree recognised or named typical in the period, with the numbers
  of the decisions that did it; one query.

Counts are written as numbers, never formulas; text typed by users is written as text (portal.xlsx). The layout is
that of the official forms (reports/forms_excel.py); this app may not import the reports app beyond its registry
(tests/portal/test_import_direction.py), so the table comes from the foundation (portal.xlsx.write_form_table).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from models_registry.choices import Field, Outcome, OwnerKind, RecognitionLevel, Status
from models_registry.models import DecisionEntry, MobilizationModel
from models_registry.selectors import FUNNEL_STAGES, funnel_q
from portal.models import AdministrativeUnit
from portal.xlsx import BOX, DATE_FORMAT, safe_cell
from portal.xlsx import write_form_table as _write_table

RATE_KEYS = ("recognition_rate", "typical_rate")


def _period_lines(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> list[str]:
    return [
        _("Đơn vị: %(unit)s") % {"unit": unit.full_name},
        _("Số liệu tính từ ngày %(start)s đến ngày %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
    ]


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the funnel by unit and field ------------------------------------------------------------------------------


def _stage_labels() -> dict[str, str]:
    return {"registered": _("Đăng ký"), "recognized": _("Công nhận"), "typical": _("Tiêu biểu")}


def _funnel_columns() -> list[tuple[tuple[str, ...], str]]:
    stages = _stage_labels()
    rates = _("Tỷ lệ (%)")
    return [
        *[((_("Tổng số"), stages[stage]), stage) for stage in FUNNEL_STAGES],
        *[
            ((str(label), stages[stage]), f"{value}_{stage}")
            for value, label in Field.choices
            for stage in FUNNEL_STAGES
        ],
        ((rates, _("Công nhận so với đăng ký")), "recognition_rate"),
        ((rates, _("Tiêu biểu so với công nhận")), "typical_rate"),
    ]


def _flat(row: dict) -> dict:
    """A child row of the figures as the table reads it: each field's stages under `<field>_<stage>`."""
    values = {key: row.get(key) for key in (*FUNNEL_STAGES, *RATE_KEYS)}
    for value in Field.values:
        field = row.get("by_field", {}).get(value, {})
        values.update({f"{value}_{stage}": field.get(stage) or 0 for stage in FUNNEL_STAGES})
    return values


def funnel_rows(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> list[tuple[str, dict]]:
    """The family's child rows (sub-units, then the unit's own level), then the total row: the sum of the rows,
    its rates made from the summed counts."""
    from models_registry.family import funnel, models_figures  # the family registers these builders

    rows = [(child["name"], _flat(child)) for child in models_figures(unit, start, end)["children"]]
    counts = [key for _path, key in _funnel_columns() if key not in RATE_KEYS]
    total = {key: sum(values[key] for _name, values in rows) for key in counts}
    total.update(funnel(total))
    return [*rows, (_("Tổng cộng"), total)]


def funnel_by_unit_and_field(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> bytes:
    """The funnel of the models of `unit`'s subtree over the period, by child unit and field."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Mô hình theo đơn vị")
    fields = len(Field.values)
    last_field = 3 + 3 * fields
    _write_table(
        sheet,
        title=_("Tổng hợp mô hình đăng ký, được công nhận và tiêu biểu theo đơn vị và lĩnh vực"),
        lines=[
            *_period_lines(unit, start, end),
            _(
                "Đăng ký: mô hình đăng ký trong kỳ (không tính bản nháp, mô hình đã rút); công nhận, tiêu biểu: "
                "theo quyết định ký trong kỳ."
            ),
        ],
        first_header=_("Đơn vị"),
        columns=_funnel_columns(),
        rows=funnel_rows(unit, start, end),
        checks=[
            "1=" + "+".join(str(column) for column in range(4, last_field + 1, 3)),
            "2=" + "+".join(str(column) for column in range(5, last_field + 1, 3)),
            "3=" + "+".join(str(column) for column in range(6, last_field + 1, 3)),
            f"{last_field + 1}=2/1×100",
            f"{last_field + 2}=3/2×100",
        ],
        rates=RATE_KEYS,
    )
    return _save(workbook)


# --- the recognised and typical models ------------------------------------------------------------------------


def _decision_number(outcomes: Sequence[str], day_field: str, *, first: bool) -> Subquery:
    """The number of the decision that gave the model its recognition (or typical) date: an entry with one of
    `outcomes` in a decision issued that day (the first such for recognition, the last for naming typical)."""
    order = ("decision__issued_on", "decision_id") if first else ("-decision__issued_on", "-decision_id")
    entries = DecisionEntry.objects.filter(
        model=OuterRef("pk"), outcome__in=outcomes, decision__issued_on=OuterRef(day_field)
    ).order_by(*order)
    return Subquery(entries.values("decision__number")[:1])


def recognized_models(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> QuerySet[MobilizationModel]:
    """The models of `unit`'s subtree recognised or named typical in [start, end], with their decisions' numbers,
    ordered by unit (the tree's code order: a unit, then the units under it) then name; one query."""
    return (
        MobilizationModel.objects.filter(unit__path__startswith=unit.path)
        .filter(funnel_q("recognized", start, end) | funnel_q("typical", start, end))
        .annotate(
            recognition_number=_decision_number([Outcome.RECOGNIZED, Outcome.TYPICAL], "recognized_on", first=True),
            typical_number=_decision_number([Outcome.TYPICAL], "typical_on", first=False),
        )
        .select_related("unit", "round__programme")
        .order_by("unit__path", "name", "pk")
    )


def _list_headers() -> list[tuple[str, int]]:
    return [
        (_("STT"), 6),
        (_("Tên mô hình"), 50),
        (_("Tập thể hay cá nhân"), 12),
        (_("Chủ thể"), 32),
        (_("Lĩnh vực"), 22),
        (_("Địa bàn"), 22),
        (_("Phong trào"), 20),
        (_("Đợt đăng ký"), 36),
        (_("Cấp công nhận"), 18),
        (_("Số quyết định công nhận"), 18),
        (_("Ngày công nhận"), 13),
        (_("Số quyết định chọn tiêu biểu"), 18),
        (_("Ngày chọn tiêu biểu"), 13),
        (_("Trạng thái"), 18),
    ]


def recognized_models_list(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> bytes:
    """The list of the models recognised or named typical in the period, with the decisions' numbers and dates."""
    # Labels translated once per file, not once per cell.
    labels = {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (("owner", OwnerKind), ("field", Field), ("level", RecognitionLevel), ("status", Status))
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Mô hình được công nhận")
    safe_cell(sheet, 1, 1, _("Danh sách mô hình được công nhận, mô hình tiêu biểu")).font = Font(bold=True, size=13)
    lines = [
        *_period_lines(unit, start, end),
        _("Mô hình được công nhận hoặc chọn tiêu biểu theo quyết định ký trong kỳ."),
    ]
    for offset, line in enumerate(lines, start=2):
        safe_cell(sheet, offset, 1, line)
    top = len(lines) + 3
    for index, (header, width) in enumerate(_list_headers(), start=1):
        cell = safe_cell(sheet, top, index, header)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, model in enumerate(recognized_models(unit, start, end), start=1):
        values = [
            number,
            model.name,
            labels["owner"].get(model.owner_kind, model.owner_kind),
            model.owner_name,
            labels["field"].get(model.field, model.field),
            model.unit.name,
            model.round.programme.short_name,
            model.round.name,
            labels["level"].get(model.round.recognition_level, model.round.recognition_level),
            model.recognition_number or "",
            model.recognized_on,
            model.typical_number or "",
            model.typical_on,
            labels["status"].get(model.status, model.status),
        ]
        for column, value in enumerate(values, start=1):
            cell = safe_cell(sheet, top + number, column, value)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = sheet.cell(top + 1, 3)
    return _save(workbook)
