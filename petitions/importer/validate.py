"""Validation of the whole file, and the lookups of what the portal already holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

from petitions.importer.columns import COLUMN_NAMES, REQUIRED_COLUMNS, _header_name, _text
from petitions.importer.limits import MAX_ERRORS, PROGRESS_EVERY, grouped
from petitions.importer.report import ImportFileError, ImportReport
from petitions.importer.rows import _Parser, _Row
from petitions.importer.sheet import SheetRows, _file_rows
from petitions.models import Case, Petition
from portal.models import User

Progress = Callable[[int, float | None], None]

# --- validation of the whole file ----------------------------------------------------------------


def _validate(
    source, filename: str, report: ImportReport, *, scope: User | None = None, progress: Progress | None = None
) -> list[_Row]:
    """Every row checked, every error recorded in the report; returns the rows not yet in the portal.

    With a `scope` (the importing official), a row's unit must lie in that official's subtree,
    and "already in the portal" means visible to them: what lies outside is never confirmed.
    `progress(rows_read, fraction)` is called every few thousand rows while the file is read.
    """
    rows_iter = _file_rows(source, filename)
    try:
        return _validate_rows(rows_iter, report, scope=scope, progress=progress)
    finally:
        rows_iter.close()


def _validate_rows(
    rows_iter: SheetRows, report: ImportReport, *, scope: User | None, progress: Progress | None
) -> list[_Row]:
    errors = report.errors
    header_cells = next(rows_iter, None)
    if header_cells is None or not any(_text(c) for c in header_cells):
        raise ImportFileError(_("Tệp trống: dòng 1 phải là dòng tiêu đề."))
    header: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        name = _header_name(cell)
        if not name:
            continue
        if name not in COLUMN_NAMES:
            errors.append((1, _text(cell), _("Cột không được hỗ trợ; xem bảng cột trong tệp mẫu.")))
        elif name in header:
            errors.append((1, name, _("Cột bị lặp.")))
        else:
            header[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append((1, name, _("Thiếu cột bắt buộc.")))
    if errors:
        return []

    parser = _Parser(header, errors, scope=scope)
    rows: list[_Row] = []
    first_line: dict[str, int] = {}
    seen_any = False
    for line, cells in enumerate(rows_iter, start=2):
        if progress is not None and rows_iter.rows_read % PROGRESS_EVERY == 0:
            progress(rows_iter.rows_read, rows_iter.fraction())
        if len(errors) >= MAX_ERRORS:
            # The file will be refused anyway; listing ten thousand errors helps nobody and costs memory.
            message = _("Đã dừng kiểm tra sau %(max)s lỗi; hãy sửa các lỗi này rồi nhập lại.")
            errors.append((0, "", message % {"max": grouped(MAX_ERRORS)}))
            break
        if not any(_text(c) for c in cells):
            continue  # blank rows that spreadsheets leave behind
        seen_any = True
        row = parser.parse(line, cells)
        number = _text(parser.raw(cells, "register_number"))
        if number in first_line:
            errors.append(
                (line, "register_number", _("Số đăng ký đã có ở dòng %(row)s của tệp.") % {"row": first_line[number]})
            )
            continue
        if number:
            first_line[number] = line
        if row is not None:
            rows.append(row)
    if progress is not None:
        progress(rows_iter.rows_read, 1.0)
    if not seen_any:
        errors.append((2, "", _("Tệp không có dòng đơn nào dưới dòng tiêu đề.")))
    if errors:
        return []

    # One kind per case within the file; rows already imported are skipped, so only new rows are
    # checked against the cases already in the portal.
    kinds: dict[str, tuple[str, int]] = {}
    for row in rows:
        first = kinds.setdefault(row.case_code, (row.kind, row.line))
        if first[0] != row.kind:
            message = _("Các đơn cùng vụ việc phải cùng loại; dòng %(row)s là “%(kind)s”.")
            errors.append((row.line, "kind", message % {"row": first[1], "kind": first[0]}))
    existing = _existing_register_numbers([r.register_number for r in rows], scope=scope)
    new_rows = [r for r in rows if r.register_number not in existing]
    existing_cases = _existing_cases(list({r.case_code for r in new_rows}), scope=scope)
    for row in new_rows:
        case = existing_cases.get(row.case_code)
        if case is not None and case[1] != row.kind:
            message = _("Vụ việc %(code)s đã có trong hệ thống với loại “%(kind)s”.")
            errors.append((row.line, "kind", message % {"code": row.case_code, "kind": case[1]}))
    report.unchanged = len(rows) - len(new_rows)
    return [] if errors else new_rows


def _chunks(items: list, size: int = 5000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_cases(codes: list[str], *, scope: User | None = None) -> dict[str, tuple[int, str]]:
    """Cases with these codes that `scope` may see (every case when no scope: the operator's import)."""
    cases = Case.objects.all() if scope is None else Case.objects.visible_to(scope)
    found = {}
    for chunk in _chunks(codes):
        for pk, code, kind in cases.filter(code__in=chunk).values_list("pk", "code", "kind"):
            found[code] = (pk, kind)
    return found


def _existing_register_numbers(numbers: list[str], *, scope: User | None = None) -> set[str]:
    """Register numbers among these of petitions that `scope` may see (all when no scope)."""
    petitions = Petition.objects.all() if scope is None else Petition.objects.visible_to(scope)
    found: set[str] = set()
    for chunk in _chunks(numbers):
        found.update(petitions.filter(register_number__in=chunk).values_list("register_number", flat=True))
    return found
