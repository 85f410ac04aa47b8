"""Validation of the whole file, and the lookups of what the portal already holds."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
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
    first_line: dict[tuple[int, str], int] = {}
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
        if row is None:
            continue
        # Numbers are unique per unit: two communes of a provincial file may share one.
        key = (row.unit.id, row.register_number)
        if key in first_line:
            errors.append(
                (line, "register_number", _("Số đăng ký đã có ở dòng %(row)s của tệp.") % {"row": first_line[key]})
            )
            continue
        first_line[key] = line
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
    existing = _existing_register_numbers([(r.unit.id, r.register_number) for r in rows], scope=scope)
    new_rows = [r for r in rows if (r.unit.id, r.register_number) not in existing]
    existing_cases = _existing_cases(_case_keys(new_rows), scope=scope)
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


def _case_keys(rows: list[_Row]) -> dict[str, int]:
    """Each case code of the file with the unit its earliest row belongs to (where a new case goes)."""
    keys: dict[str, tuple[dt.date, int, int]] = {}
    for row in rows:
        known = keys.get(row.case_code)
        if known is None or (row.received_on, row.line) < known[:2]:
            keys[row.case_code] = (row.received_on, row.line, row.unit.id)
    return {code: unit_id for code, (_on, _line, unit_id) in keys.items()}


def _existing_cases(keys: dict[str, int], *, scope: User | None = None) -> dict[str, tuple[int, str]]:
    """The case each file code joins, among those `scope` may see (all when no scope: the operator).

    Codes are unique per unit, so a code may name cases in several units of the scope: the one in
    the unit the file puts the case in wins, else the only one the scope sees; a code seen only in
    several other units joins none and makes a new case.
    """
    cases = Case.objects.all() if scope is None else Case.objects.visible_to(scope)
    candidates: dict[str, dict[int, tuple[int, str]]] = defaultdict(dict)
    for chunk in _chunks(list(keys)):
        for pk, code, unit_id, kind in cases.filter(code__in=chunk).values_list("pk", "code", "unit_id", "kind"):
            candidates[code][unit_id] = (pk, kind)
    found = {}
    for code, by_unit in candidates.items():
        if keys[code] in by_unit:
            found[code] = by_unit[keys[code]]
        elif len(by_unit) == 1:
            found[code] = next(iter(by_unit.values()))
    return found


def _existing_register_numbers(numbers: list[tuple[int, str]], *, scope: User | None = None) -> set[tuple[int, str]]:
    """The (unit, register number) pairs among these of petitions `scope` may see (all when no scope)."""
    petitions = Petition.objects.all() if scope is None else Petition.objects.visible_to(scope)
    wanted = set(numbers)
    found: set[tuple[int, str]] = set()
    for chunk in _chunks(sorted({number for _unit, number in wanted})):
        pairs = petitions.filter(register_number__in=chunk).values_list("unit_id", "register_number")
        found.update(pair for pair in pairs if pair in wanted)
    return found
