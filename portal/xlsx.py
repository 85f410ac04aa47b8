"""Writing Excel cells from what users typed: text always stays text (no formula injection).

openpyxl stores any string that starts with "=" as a formula, so a petition summary such as
`=HYPERLINK("http://x","y")` would come back as a live link in an export; Excel and LibreOffice
may also evaluate text that starts with "+", "-", "@", a tab or a carriage return once the cell
is edited (OWASP "CSV injection"). Every such string is written as a string cell with Excel's
*quote prefix* style: the same thing Excel records when a person types `'=...`. The text reads
exactly as typed (no stray apostrophe in the cell, the same value when the file is imported back),
and it stays text when the cell is edited. Numbers, dates and None pass through untouched, so a
negative number is still a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell: Cell, text: str) -> Cell:
    cell.value = text
    cell.data_type = "s"  # not "f", whatever openpyxl guessed from the leading "="
    cell.quotePrefix = True
    return cell


def _clean(value: Any) -> Any:
    # Control characters that XML cannot carry would make openpyxl refuse the whole export.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def safe_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write `value` into an ordinary worksheet's cell; risky text is written as plain text."""
    value = _clean(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return _as_text(sheet.cell(row, column), value)
    return sheet.cell(row, column, value)


def safe_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append()` (write-only sheets too); risky text becomes a text cell."""
    row = []
    for value in values:
        value = _clean(value)
        if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
            value = _as_text(WriteOnlyCell(sheet), value)
        row.append(value)
    return row


# --- the table of a form: the layout of the official forms (reports/forms_excel.py), for the apps that may not
# import the reports app beyond its registry (the models registry's and reform's forms) ---

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "dd/mm/yyyy"
RATE_FORMAT = "0.00"


def write_form_table(
    sheet: Worksheet,
    *,
    title: str,
    lines: Sequence[str],
    first_header: str,
    columns: Sequence[tuple[tuple[str, ...], str]],
    rows: Sequence[tuple[str, dict]],
    checks: Sequence[str] = (),
    rates: Sequence[str] = (),
) -> None:
    """A form's table: `columns` are (header path, key), `rows` are (name, values), the last one the total row.

    Counts are written as numbers (0 when missing), rates as numbers with two decimals (blank without a
    denominator); never a formula."""
    safe_cell(sheet, 1, 1, title).font = Font(bold=True, size=13)
    for offset, line in enumerate(lines, start=2):
        safe_cell(sheet, offset, 1, line)
    top = len(lines) + 3
    depth = max(len(path) for path, _key in columns)
    safe_cell(sheet, top, 1, first_header)
    sheet.merge_cells(start_row=top, start_column=1, end_row=top + depth - 1, end_column=1)
    for level in range(depth):
        index = 0
        while index < len(columns):
            path = columns[index][0]
            span = 1
            while index + span < len(columns) and columns[index + span][0][: level + 1] == path[: level + 1]:
                span += 1
            if level < len(path):
                safe_cell(sheet, top + level, index + 2, path[level])
                bottom = top + depth - 1 if level == len(path) - 1 else top + level  # a short path merges down
                if span > 1 or bottom > top + level:
                    sheet.merge_cells(
                        start_row=top + level, start_column=index + 2, end_row=bottom, end_column=index + span + 1
                    )
            index += span
    numbers = top + depth
    safe_cell(sheet, numbers, 1, "A")
    for index in range(len(columns)):
        safe_cell(sheet, numbers, index + 2, index + 1)
    for offset, (name, values) in enumerate(rows, start=1):
        safe_cell(sheet, numbers + offset, 1, name)
        for index, (_path, key) in enumerate(columns):
            value = values.get(key)
            if key in rates:
                cell = safe_cell(sheet, numbers + offset, index + 2, None if value is None else float(value))
                cell.number_format = RATE_FORMAT
            else:
                safe_cell(sheet, numbers + offset, index + 2, value or 0)
    last = numbers + len(rows)
    for index in range(len(columns) + 1):
        sheet.cell(last, index + 1).font = Font(bold=True)
    if checks:
        safe_cell(sheet, last + 2, 1, _("Kiểm tra: %(checks)s") % {"checks": "; ".join(checks)}).font = Font(
            italic=True
        )
    for row in sheet.iter_rows(min_row=top, max_row=last, max_col=len(columns) + 1):
        for cell in row:
            cell.border = BOX
            cell.alignment = Alignment(
                wrap_text=True, vertical="center", horizontal="left" if cell.column == 1 else "center"
            )
    sheet.column_dimensions["A"].width = 32
    for index in range(len(columns)):
        sheet.column_dimensions[get_column_letter(index + 2)].width = 12
    sheet.freeze_panes = sheet.cell(numbers + 1, 2)


# --- a list export: the rows of a page's list as filtered, for the apps' list exports -----------------------


class RequestOf:
    """What a FilterSet reads from a request when a job (not a request) builds a list: the user."""

    def __init__(self, user) -> None:
        self.user = user


def filters_described(filterset) -> str:
    """The filters applied, as the page's form names them ("Năm: 2024; Lĩnh vực: …"); invalid values are
    ignored by the list and so are not named."""
    from decimal import Decimal

    from django import forms

    if not filterset.is_bound:
        return _("Không lọc")
    filterset.errors  # noqa: B018 (validates the form, which fills cleaned_data)
    parts = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", False) or name in filterset.form.errors:
            continue
        if value is True:
            parts.append(str(field.label))
            continue
        if isinstance(value, Decimal):  # a year: 2024, not 2024.0
            value = int(value) if value == value.to_integral_value() else value
        if isinstance(value, dt.date):
            value = f"{value:%d/%m/%Y}"
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            value = dict(field.choices).get(value, value)  # the label, not the stored value
        parts.append(f"{field.label}: {value}")
    return "; ".join(parts) or _("Không lọc")


def date_cell(sheet, value: dt.date | None):
    """A write-only sheet's date cell that Excel shows as dd/mm/yyyy (styled when written, not later)."""
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def list_workbook(
    *,
    sheet_title: str,
    lines: Sequence[str],
    headers: Sequence[tuple[str, int]],
    rows: Iterable[Sequence[Any]],
    max_rows: int,
    overflow: str,
) -> bytes:
    """A one-sheet .xlsx: a first row of `lines` (title, filters…), the headers, then `rows`; dates shown as
    dd/mm/yyyy, typed text kept as text, and after `max_rows` rows the `overflow` note instead of the rest."""
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for index, (_title, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.append(safe_row(sheet, lines))
    sheet.append([title for title, _width in headers])
    for written, values in enumerate(rows):
        if written == max_rows:
            sheet.append([overflow])
            break
        sheet.append(safe_row(sheet, [date_cell(sheet, v) if type(v) is dt.date else v for v in values]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
