"""Reading a spreadsheet uploaded for import, row by row, within stated limits.

Any app's import reads its file through here (the petition register, bulk registration of models).
Nothing is read whole: a workbook's zip directory is checked before openpyxl opens it, and its
first sheet is then streamed (`read_only=True`); a CSV is decoded one line at a time. Rows past
`MAX_ROWS` stop the reading with an error instead of being counted at the end. A file past a
limit is refused as a whole, before or while it is read, so a small file that expands to
millions of rows costs seconds, not minutes and gigabytes.

The limits were measured on the demo petition register: 100,000 rows are a 16 MB workbook whose
sheet XML is 151 MB (9.5x compressed), or a 43 MB CSV. The upload pages and docs/import-petitions.md
state these numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.utils import translation
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from portal.text import fold

# --- limits --------------------------------------------------------------------------------------

MB = 1024 * 1024

MAX_UPLOAD_BYTES = 20 * MB  # one upload through the web page (the command line reads larger CSVs)
MAX_UNCOMPRESSED_BYTES = 200 * MB  # a workbook's parts as declared in the zip, added up; a CSV's size
MAX_COMPRESSION_RATIO = 100  # any workbook part bigger than RATIO_CHECKED_FROM may expand at most this much
RATIO_CHECKED_FROM = MB  # tiny parts (styles, an empty sheet) may compress better without harm
# openpyxl holds a workbook's whole shared-strings table in memory (~8× its XML): a 152 MB table
# cost 144 s and 1.2 GB. 100,000 rows of a real petition register are about 45 MB of shared strings.
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


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, not UTF-8, damaged workbook, past a limit)."""


# --- cell values ---------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as text: Excel dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def vocabulary(choices) -> dict[str, str]:
    """Codes and labels (Vietnamese and the active language's), folded, mapped to the stored value."""
    mapping = {}
    with translation.override("vi"):
        for value, label in choices.choices:
            mapping[fold(str(label))] = value
    for value, label in choices.choices:
        mapping[fold(str(label))] = value
        mapping[fold(value)] = value
    return mapping


YES = {"yes", "y", "co", "1", "true", "x"}
NO = {"no", "n", "khong", "0", "false"}
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


# --- reading the file ----------------------------------------------------------------------------

EXTENSIONS = (".csv", ".xlsx")
SNIFF_BYTES = 64 * 1024


class SheetRows:
    """The rows of a file as tuples of cell values, header first; counts what it hands out.

    `rows_read` is the number of rows under the header read so far and `fraction()` an estimate
    of how much of the file that is (None when the file does not say). Call `close()` when done.
    """

    def __init__(
        self,
        rows: Iterator[tuple[Any, ...]],
        fraction: Callable[[int], float | None] = lambda _read: None,
        on_close: Callable[[], None] | None = None,
    ):
        self._rows = rows
        self._fraction = fraction
        self._on_close = [on_close] if on_close else []
        self._header_seen = False
        self.rows_read = 0

    def __iter__(self) -> SheetRows:
        return self

    def __next__(self) -> tuple[Any, ...]:
        row = next(self._rows)
        if not self._header_seen:
            self._header_seen = True
            return row
        self.rows_read += 1
        if self.rows_read > MAX_ROWS:
            self.close()
            raise ImportFileError(
                _("Tệp có hơn %(max)s dòng dưới dòng tiêu đề (kể cả dòng trống); hãy chia sổ thành nhiều tệp.")
                % {"max": grouped(MAX_ROWS)}
            )
        return row

    def fraction(self) -> float | None:
        return self._fraction(self.rows_read)

    def also_close(self, close: Callable[[], None]) -> SheetRows:
        self._on_close.append(close)
        return self

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        while self._on_close:
            self._on_close.pop()()


def file_rows(source, filename: str) -> SheetRows:
    """The file's rows, header first, read as a stream: `source` is a path, a binary file or bytes."""
    name = filename or (str(source) if isinstance(source, (str, os.PathLike)) else "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS:
        raise ImportFileError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    handle, owned = _open(source)
    try:
        rows = csv_rows(handle) if extension == ".csv" else xlsx_rows(handle)
    except Exception:
        if owned:
            handle.close()
        raise
    return rows.also_close(handle.close) if owned else rows


def _open(source) -> tuple[IO[bytes], bool]:
    """A seekable binary handle on the source, and whether we opened it (and so close it)."""
    if isinstance(source, (str, os.PathLike)):
        return open(source, "rb"), True
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(source), True
    if hasattr(source, "seek"):
        source.seek(0)
    return source, False


def _size(handle: IO[bytes]) -> int:
    position = handle.tell()
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(position)
    return size


def csv_rows(data) -> SheetRows:
    """A CSV file's rows, decoded line by line so a bad byte is reported with its line number."""
    handle = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    size = _size(handle)
    if size > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            _("Tệp CSV lớn hơn %(max)s MB; hãy chia sổ thành nhiều tệp.") % {"max": MAX_UNCOMPRESSED_BYTES // MB}
        )
    not_utf8 = _("Tệp CSV phải được lưu với bảng mã UTF-8; dòng %(row)s có ký tự không đọc được.")
    # A file saved in another code page shows it in its first lines, usually: say so before the
    # header is judged, as a mistaken encoding is the real problem then.
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.end < len(head) or len(head) < SNIFF_BYTES:  # not merely a character cut at the end of the sample
            raise ImportFileError(not_utf8 % {"row": _line_of(head, exc.start)}) from exc
    consumed = [0]

    def lines() -> Iterator[str]:
        number = 0
        for raw in iter(handle.readline, b""):
            consumed[0] += len(raw)
            # bytes.splitlines splits at \r\n, \n and \r only: files saved with old Mac line ends still work
            for piece in raw.splitlines(keepends=True):
                number += 1
                try:
                    yield piece.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise ImportFileError(not_utf8 % {"row": number}) from exc

    def rows() -> Iterator[tuple[str, ...]]:
        decoded = lines()
        first = next(decoded, "")
        delimiter = max(",;\t", key=first.count)  # Excel saves ";" in locales that use a decimal comma
        reader = csv.reader(itertools.chain([first], decoded), delimiter=delimiter)
        width = None
        try:
            for row in reader:
                if width is None:
                    width = _header_width(row)
                yield tuple(row[:width])
        except csv.Error as exc:
            raise ImportFileError(
                _("Tệp CSV sai định dạng ở dòng %(row)s (ô quá dài hoặc dấu ngoặc kép không đóng).")
                % {"row": reader.line_num}
            ) from exc

    return SheetRows(rows(), lambda _read: consumed[0] / size if size else None)


def _line_of(data: bytes, offset: int) -> int:
    """The line number of a byte offset, counting line ends as bytes.splitlines does."""
    return len(data[:offset].splitlines()) + (1 if offset == 0 or data[offset - 1 : offset] in b"\r\n" else 0)


def _check_workbook(handle: IO[bytes]) -> None:
    """Refuse a workbook whose parts, as its zip directory declares them, expand too far.

    zipfile never returns more than a part's declared size (and checks its CRC), so the
    declaration is what a reader will have to parse.
    """
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(_("Không đọc được tệp Excel; hãy lưu lại ở định dạng .xlsx.")) from exc
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1):
            raise ImportFileError(
                _("Tệp Excel bị nén bất thường (một phần nở ra hơn %(ratio)s lần); hãy mở bằng Excel và lưu lại.")
                % {"ratio": MAX_COMPRESSION_RATIO}
            )
    if any(
        part.filename.lower().endswith("sharedstrings.xml") and part.file_size > MAX_SHARED_STRINGS_BYTES
        for part in parts
    ):
        raise ImportFileError(
            _("Bảng chữ dùng chung của tệp Excel lớn hơn %(max)s MB; hãy chia sổ thành nhiều tệp.")
            % {"max": MAX_SHARED_STRINGS_BYTES // MB}
        )
    if sum(part.file_size for part in parts) > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            _("Tệp Excel khi giải nén lớn hơn %(max)s MB; hãy chia sổ thành nhiều tệp.")
            % {"max": MAX_UNCOMPRESSED_BYTES // MB}
        )
    # openpyxl parses a whole sheet once just to learn it has no <dimension>, before the first row
    # comes out; counting row tags in the raw XML first (about a second for 200 MB) spares that
    # pass for a sheet of millions of tiny rows. Gaps in row numbers are caught while reading.
    with zipfile.ZipFile(handle) as archive:
        for part in parts:
            if part.filename.endswith(".xml") and part.file_size > RATIO_CHECKED_FROM:
                if _row_elements(archive, part) - 1 > MAX_ROWS:
                    raise ImportFileError(
                        _("Tệp có trang tính dài hơn %(max)s dòng; hãy chia sổ thành nhiều tệp.")
                        % {"max": grouped(MAX_ROWS)}
                    )
    handle.seek(0)


def _row_elements(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """How many <row> elements a part holds, counted in its bytes without parsing the XML."""

    def count(data: bytes) -> int:
        return sum(data.count(tag) for tag in (b"<row ", b"<row>", b":row ", b":row>"))

    found, pending = 0, b""
    with archive.open(part) as stream:
        for chunk in iter(lambda: stream.read(MB), b""):
            pending += chunk
            cut = pending.rfind(b"<")  # a tag begins at its only "<": nothing before this is cut in two
            cut = len(pending) if cut < 0 else cut
            found += count(pending[:cut])
            pending = pending[cut:]
    return found + count(pending)


def xlsx_rows(data) -> SheetRows:
    """The first sheet's rows, streamed by openpyxl; data rows are cut at the header's width."""
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    handle = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    _check_workbook(handle)
    unreadable = _("Không đọc được tệp Excel; hãy lưu lại ở định dạng .xlsx.")
    damaged = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError, EOFError)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except (*damaged, IndexError) as exc:
        raise ImportFileError(unreadable) from exc
    declared_rows = (sheet.max_row or 0) - 1  # from the sheet's <dimension>: a progress estimate only
    sheet.reset_dimensions()  # a wrong <dimension> must neither cut rows off nor pad them out

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
            width = _header_width(header)
            yield tuple(header[:width])
            if width:
                yield from sheet.iter_rows(min_row=2, max_col=width, values_only=True)
        except damaged as exc:
            raise ImportFileError(unreadable) from exc

    return SheetRows(rows(), lambda read: min(read / declared_rows, 1.0) if declared_rows > 0 else None, workbook.close)


def _header_width(cells) -> int:
    """Columns up to the last header cell filled in; more than MAX_COLUMNS refuses the file."""
    width = 0
    for index, cell in enumerate(cells, start=1):
        if cell is not None and str(cell).strip():
            width = index
    if width > MAX_COLUMNS:
        raise ImportFileError(
            _("Dòng tiêu đề có %(count)s cột; tối đa %(max)s cột, hãy xóa các cột không dùng.")
            % {"count": width, "max": MAX_COLUMNS}
        )
    return width
