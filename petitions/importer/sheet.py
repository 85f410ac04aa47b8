"""Reading a register file row by row: the reader every import shares, kept in `portal.sheets`."""

from portal.sheets import (
    EXTENSIONS,
    SNIFF_BYTES,
    SheetRows,
    _check_workbook,
    _header_width,
    _line_of,
    _open,
    _row_elements,
    _size,
)
from portal.sheets import csv_rows as _csv_rows
from portal.sheets import file_rows as _file_rows
from portal.sheets import xlsx_rows as _xlsx_rows

__all__ = [
    "EXTENSIONS",
    "SNIFF_BYTES",
    "SheetRows",
    "_check_workbook",
    "_csv_rows",
    "_file_rows",
    "_header_width",
    "_line_of",
    "_open",
    "_row_elements",
    "_size",
    "_xlsx_rows",
]
