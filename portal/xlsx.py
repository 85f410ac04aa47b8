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

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
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
