"""Reading an import workbook: its columns, its cells, and the check of every row before anything is written.

The apps' importers (reform, support) describe their columns as a Layout, parse a row with a Cells subclass,
and call `validated` (every row checked, each bad cell reported with its spreadsheet row and column header) and
`finish` (errors in the file's order; a refused file wrote nothing). A header is matched without diacritics or
case, and each column's code is accepted too. Files are read with the shared reader and limits (portal.sheets).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from portal.import_jobs import ImportReport
from portal.models import User
from portal.sheets import (
    DMY_DATE,
    ISO_DATE,
    MAX_ERRORS,
    PROGRESS_EVERY,
    ImportFileError,
    SheetRows,
    cell_text,
    file_rows,
    grouped,
)
from portal.text import fold
from portal.xlsx import safe_cell

Progress = Callable[[int, float | None], None]
EXCEL_SERIALS = (36526, 73051)  # the day numbers Excel gives 1/1/2000 and 1/1/2100: a date cell read as a number
GROUPED_NUMBER = re.compile(r"^\d{1,3}([.,  ]\d{3})+$")  # "1.500.000" as people type an amount here


@dataclass(frozen=True)
class Column:
    """One column of a workbook."""

    key: str
    header: Any  # lazily translated; the Vietnamese text is the one the template carries
    meaning: Any
    allowed: Any = ""
    required: bool = False
    example: Any = ""  # shown in the help sheet's "Ví dụ" column, when a layout's columns have one


@dataclass(frozen=True)
class Layout:
    """The columns of one workbook, and how a header cell is matched to one of them."""

    columns: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def header_of(self, key: str) -> str:
        """The column's header as the template carries it (Vietnamese), for error reports."""
        with translation.override("vi"):
            return str(self.column(key).header)

    def index(self) -> dict[str, str]:
        """Every accepted spelling of a header, folded, mapped to its column's key."""
        index = {}
        for column in self.columns:
            with translation.override("vi"):
                index[_folded_header(column.header)] = column.key
            index[_folded_header(column.header)] = column.key  # the active language's, when it differs
            index[column.key] = column.key
        return index

    def key_of(self, value: Any, index: dict[str, str]) -> str | None:
        """The key of the column a header cell names; None when it names none."""
        text = cell_text(value)
        return index.get(_folded_header(text)) or index.get(re.sub(r"[\s\-]+", "_", text.lower()))


def _folded_header(value: Any) -> str:
    # A trailing "*" (how some mark a required column) and runs of spaces do not matter.
    return re.sub(r"\s+", " ", fold(cell_text(value)).rstrip("* ").strip())


# --- one row's cells ---------------------------------------------------------------------------------------


class Cells:
    """What every row parser shares: reading a cell by column, recording an error under the column's header."""

    layout: Layout

    def __init__(self, header: dict[str, int], errors: list[tuple[int, str, str]], *, actor: User | None):
        self.header = header
        self.errors = errors
        self.actor = actor

    def raw(self, cells: tuple, key: str) -> Any:
        index = self.header.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def text(self, cells: tuple, key: str) -> str:
        return cell_text(self.raw(cells, key))

    def error(self, line: int, key: str, message: str) -> None:
        self.errors.append((line, self.layout.header_of(key) if key else "", message))

    def limited(self, line: int, key: str, text: str, limit: int) -> str:
        if len(text) > limit:
            self.error(line, key, _("Tối đa %(max)s ký tự (đang có %(count)s).") % {"max": limit, "count": len(text)})
        return text

    def date(self, line: int, key: str, raw: Any) -> dt.date | None:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and EXCEL_SERIALS[0] <= raw < EXCEL_SERIALS[1]:
            from openpyxl.utils.datetime import from_excel

            return from_excel(raw).date()
        text = cell_text(raw)
        match = DMY_DATE.match(text)
        parts = (match.group(3), match.group(2), match.group(1)) if match else None
        if parts is None and (match := ISO_DATE.match(text)):
            parts = (match.group(1), match.group(2), match.group(3))
        try:
            if parts:
                return dt.date(*(int(part) for part in parts))
        except ValueError:
            pass
        self.error(line, key, _("Ngày “%(value)s” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy.") % {"value": text})
        return None

    def decimal(self, line: int, key: str, raw: Any, *, largest: Decimal, message: str) -> Decimal | None:
        """A number of at most 2 decimals, from a number cell or text ("1,5" as people type it here)."""
        if raw is None or cell_text(raw) == "":
            return None
        text = str(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else cell_text(raw)
        try:
            number = Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= largest or number != round(number, 2):
            self.error(line, key, message)
            return None
        return round(number, 2)

    def whole(self, line: int, key: str, raw: Any, *, smallest: int, largest: int, message: str) -> int | None:
        if raw is None or cell_text(raw) == "":
            return None
        text = cell_text(raw)
        number = int(text) if text.isdigit() else None
        if number is None or not smallest <= number <= largest:
            self.error(line, key, message)
            return None
        return number

    def amount(self, line: int, key: str, raw: Any, *, largest: int, message: str, blank: int | None = 0) -> int | None:
        """A whole amount in đồng (`blank` when blank or bad), from a number cell or text ("1.500.000 đồng")."""
        if raw is None or cell_text(raw) == "":
            return blank
        if isinstance(raw, bool):
            number = None
        elif isinstance(raw, int):
            number = raw
        elif isinstance(raw, float):
            number = int(raw) if raw.is_integer() else None
        else:
            text = cell_text(raw).removesuffix("đồng").removesuffix("đ").strip()
            if GROUPED_NUMBER.match(text):
                text = re.sub(r"[.,  ]", "", text)
            number = int(text) if text.isdigit() else None
        if number is None or not 0 <= number <= largest:
            self.error(line, key, message)
            return blank
        return number


# --- the whole file ----------------------------------------------------------------------------------------


def validated(
    source, filename: str, report: ImportReport, layout: Layout, parser_for, progress: Progress | None
) -> list:
    rows_iter = file_rows(source, filename)
    try:
        return validated_rows(rows_iter, report, layout, parser_for, progress)
    finally:
        rows_iter.close()


def validated_rows(
    rows_iter: SheetRows, report: ImportReport, layout: Layout, parser_for, progress: Progress | None
) -> list:
    errors = report.errors
    header_cells = next(rows_iter, None)
    if header_cells is None or not any(cell_text(cell) for cell in header_cells):
        raise ImportFileError(_("Tệp trống: dòng 1 phải là dòng tiêu đề."))
    index = layout.index()
    header: dict[str, int] = {}
    for position, cell in enumerate(header_cells):
        if not cell_text(cell):
            continue
        key = layout.key_of(cell, index)
        if key is None:
            errors.append((1, cell_text(cell), _("Cột không được hỗ trợ; xem trang “Hướng dẫn” của tệp mẫu.")))
        elif key in header:
            errors.append((1, layout.header_of(key), _("Cột bị lặp.")))
        else:
            header[key] = position
    for column in layout.columns:
        if column.required and column.key not in header:
            errors.append((1, layout.header_of(column.key), _("Thiếu cột bắt buộc.")))
    if errors:
        return []

    parser = parser_for(header, errors)
    rows = []
    seen_any = False
    for line, cells in enumerate(rows_iter, start=2):
        if progress is not None and rows_iter.rows_read % PROGRESS_EVERY == 0:
            progress(rows_iter.rows_read, rows_iter.fraction())
        if len(errors) >= MAX_ERRORS:
            stop(errors)
            break
        if not any(cell_text(cell) for cell in cells):
            continue  # blank rows that spreadsheets leave behind
        seen_any = True
        row = parser.parse(line, cells)
        if row is not None:
            rows.append(row)
    if progress is not None:
        progress(rows_iter.rows_read, 1.0)
    if not seen_any:
        errors.append((2, "", _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")))
    return [] if errors else rows


def stop(errors: list) -> None:
    # The file will be refused anyway; listing ten thousand errors helps nobody and costs memory.
    message = _("Đã dừng kiểm tra sau %(max)s lỗi; hãy sửa các lỗi này rồi nhập lại.")
    errors.append((0, "", message % {"max": grouped(MAX_ERRORS)}))


def finish(report: ImportReport, layout: Layout) -> None:
    """Errors in the file's order (row, then column as in the template); a refused file wrote nothing."""
    if report.errors:
        order = {layout.header_of(key): position for position, key in enumerate(layout.keys)}
        report.errors.sort(key=lambda error: (error[0], order.get(error[1], -1)))
        report.created = report.unchanged = 0


TEMPLATE_ROWS = 1000  # rows of a template's main sheet prepared with formats and value lists


# --- the templates users fill in --------------------------------------------------------------------------


def bold_font():
    from openpyxl.styles import Font

    return Font(bold=True)


def sheet_ref(title: str) -> str:
    from openpyxl.utils import quote_sheetname

    return quote_sheetname(title)


def template_start(
    title: str,
    layout: Layout,
    sample: dict,
    *,
    text_columns: tuple[str, ...] = (),
    widths: dict[str, int] | None = None,
):
    """A workbook whose first sheet has the header and the sample row, and an empty "Danh mục" sheet second."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = bold_font()
        cell.alignment = wrap
        if column.required:
            cell.fill = required_fill
        value = sample.get(column.key)
        example = safe_cell(sheet, 2, index, value if value not in ("", None) else None)
        if isinstance(value, dt.date):
            example.number_format = "dd/mm/yyyy"
        if column.key in text_columns:
            for row in range(2, TEMPLATE_ROWS + 1):
                sheet.cell(row=row, column=index).number_format = "@"  # "1.10" and "01933" stay as typed
        sheet.column_dimensions[letter].width = (widths or {}).get(column.key, 16)
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(_("Danh mục"))
    return workbook, sheet, lists


def offer_list(sheet, layout: Layout, key: str, formula: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(layout.keys.index(key) + 1)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = _("Hãy chọn một giá trị trong danh sách.")
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")


def help_sheet(workbook, layout: Layout, notes: tuple) -> None:
    """A sheet explaining every column; with a "Ví dụ" column when the layout's columns carry examples."""
    from openpyxl.styles import Alignment

    examples = any(column.example not in ("", None) for column in layout.columns)
    headings = [_("Cột"), _("Bắt buộc"), _("Ý nghĩa"), _("Giá trị hợp lệ")] + ([_("Ví dụ")] if examples else [])
    help_sheet = workbook.create_sheet(_("Hướng dẫn"))
    help_sheet.append(headings)
    for cell in help_sheet[1]:
        cell.font = bold_font()
    for column in layout.columns:
        row = [str(column.header), _("Có") if column.required else "", str(column.meaning), str(column.allowed)]
        help_sheet.append(row + ([_example_text(column.example)] if examples else []))
    help_sheet.append([])
    for note in notes:
        help_sheet.append([str(note)])
        help_sheet.merge_cells(
            start_row=help_sheet.max_row, start_column=1, end_row=help_sheet.max_row, end_column=len(headings)
        )
    for letter, width in zip("ABCDE", (24, 10, 70, 50, 40)[: len(headings)], strict=False):
        help_sheet.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap


def _example_text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value) if isinstance(value, Promise) else value  # lazy labels, which openpyxl cannot write


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
