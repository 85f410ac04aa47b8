"""How big a register file may be; the upload page and docs/import-petitions.md state these numbers.

Measured on the demo register: 100,000 rows are a 16 MB workbook whose sheet XML is 151 MB (9.5×
compressed), or a 43 MB CSV. A file past a limit is refused as a whole, before or while it is
read, so a small file that expands to millions of rows costs seconds, not minutes and gigabytes.
"""

from __future__ import annotations

from django.utils.formats import get_format

MB = 1024 * 1024

MAX_UPLOAD_BYTES = 20 * MB  # one upload through the web page (the command line reads larger CSVs)
MAX_UNCOMPRESSED_BYTES = 200 * MB  # a workbook's parts as declared in the zip, added up; a CSV's size
MAX_COMPRESSION_RATIO = 100  # any workbook part bigger than RATIO_CHECKED_FROM may expand at most this much
RATIO_CHECKED_FROM = MB  # tiny parts (styles, an empty sheet) may compress better without harm
# openpyxl holds a workbook's whole shared-strings table in memory (~8× its XML): a 152 MB table
# cost 144 s and 1.2 GB. 100,000 rows of real register text are about 45 MB of shared strings.
MAX_SHARED_STRINGS_BYTES = 64 * MB
MAX_ROWS = 100_000  # rows under the header, blank ones included (they cost reading time too)
MAX_COLUMNS = 60  # header cells up to the last one filled in; the register has 26 columns
MAX_ERRORS = 1000  # validation stops here: a file this wrong is fixed first, not listed in full
PROGRESS_EVERY = 2000  # rows between two progress reports while a file is read


def grouped(number: int) -> str:
    """A count with the active language's thousand separator ("100.000" in Vietnamese), always grouped."""
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def import_limits() -> dict[str, str]:
    """The limits as users read them, numbers formatted for the active language."""
    return {
        "upload_mb": str(MAX_UPLOAD_BYTES // MB),
        "uncompressed_mb": str(MAX_UNCOMPRESSED_BYTES // MB),
        "rows": grouped(MAX_ROWS),
        "columns": str(MAX_COLUMNS),
        "ratio": str(MAX_COMPRESSION_RATIO),
    }
