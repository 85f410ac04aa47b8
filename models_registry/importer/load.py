"""Checking a whole workbook, then registering its rows through `model_create`, all or none."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from models_registry.importer.columns import COLUMN_KEYS, REQUIRED_COLUMNS_KEYS, column_key, header_index, header_of
from models_registry.importer.report import ImportReport
from models_registry.importer.rows import _Parser, _Row, existing_keys
from models_registry.models import Round
from portal.models import AdministrativeUnit, Agency, User
from portal.services import DomainError, audit_record
from portal.sheets import MAX_ERRORS, PROGRESS_EVERY, ImportFileError, SheetRows, cell_text, file_rows, grouped

Progress = Callable[[int, float | None], None]


def models_import(
    *,
    source,
    filename: str,
    actor: User,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Register every row of a workbook as a draft model of the official's, or none of them.

    Every row is checked first (each bad cell reported with its row and column); then each row goes
    through `model_create`, the service the registration form uses, so the same rules hold. If any row
    is refused, nothing stays written and the report lists every refusal. A row whose round,
    registering agency and name are already registered is skipped, so importing a file twice changes
    nothing. With `dry_run` the rows are registered and rolled back: the report says exactly what the
    real import would do, and nothing is kept.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        rows = _validate(source, filename, report, actor=actor, progress=progress)
    except ImportFileError as exc:
        report.errors[:] = [(0, "", str(exc))]  # the file is refused as a whole; rows read so far do not matter
        rows = []
    if not report.errors and rows:
        _write(rows, report, actor=actor, filename=filename)
    if report.errors:
        order = {header_of(key): index for index, key in enumerate(COLUMN_KEYS)}
        report.errors.sort(key=lambda error: (error[0], order.get(error[1], -1)))
        report.created = report.unchanged = 0
    return report


def _validate(source, filename: str, report: ImportReport, *, actor: User, progress: Progress | None) -> list[_Row]:
    rows_iter = file_rows(source, filename)
    try:
        return _validate_rows(rows_iter, report, actor=actor, progress=progress)
    finally:
        rows_iter.close()


def _validate_rows(rows_iter: SheetRows, report: ImportReport, *, actor: User, progress: Progress | None) -> list[_Row]:
    errors = report.errors
    header_cells = next(rows_iter, None)
    if header_cells is None or not any(cell_text(c) for c in header_cells):
        raise ImportFileError(_("Tệp trống: dòng 1 phải là dòng tiêu đề."))
    index = header_index()
    header: dict[str, int] = {}
    for position, cell in enumerate(header_cells):
        if not cell_text(cell):
            continue
        key = column_key(cell, index)
        if key is None:
            errors.append((1, cell_text(cell), _("Cột không được hỗ trợ; xem trang “Hướng dẫn” của tệp mẫu.")))
        elif key in header:
            errors.append((1, header_of(key), _("Cột bị lặp.")))
        else:
            header[key] = position
    for key in COLUMN_KEYS:
        if key in REQUIRED_COLUMNS_KEYS and key not in header:
            errors.append((1, header_of(key), _("Thiếu cột bắt buộc.")))
    if errors:
        return []

    parser = _Parser(header, errors, actor=actor)
    rows: list[_Row] = []
    first_line: dict[tuple, int] = {}
    seen_any = False
    for line, cells in enumerate(rows_iter, start=2):
        if progress is not None and rows_iter.rows_read % PROGRESS_EVERY == 0:
            progress(rows_iter.rows_read, rows_iter.fraction())
        if len(errors) >= MAX_ERRORS:
            _stop(errors)
            break
        if not any(cell_text(c) for c in cells):
            continue  # blank rows that spreadsheets leave behind
        seen_any = True
        row = parser.parse(line, cells)
        if row is None:
            continue
        if row.key in first_line:
            errors.append(
                (line, header_of("name"), _("Mô hình này đã có ở dòng %(row)s của tệp.") % {"row": first_line[row.key]})
            )
            continue
        first_line[row.key] = line
        rows.append(row)
    if progress is not None:
        progress(rows_iter.rows_read, 1.0)
    if not seen_any:
        errors.append((2, "", _("Tệp không có dòng mô hình nào dưới dòng tiêu đề.")))
    if errors:
        return []
    registered = existing_keys(rows, actor=actor)
    new_rows = [row for row in rows if row.key not in registered]
    report.unchanged = len(rows) - len(new_rows)
    return new_rows


def _stop(errors: list) -> None:
    # The file will be refused anyway; listing ten thousand errors helps nobody and costs memory.
    message = _("Đã dừng kiểm tra sau %(max)s lỗi; hãy sửa các lỗi này rồi nhập lại.")
    errors.append((0, "", message % {"max": grouped(MAX_ERRORS)}))


def _write(rows: list[_Row], report: ImportReport, *, actor: User, filename: str) -> None:
    """Each row through the registration service, in one transaction kept only if every row passes."""
    from models_registry.services import model_create

    rounds = Round.objects.select_related("programme", "unit").in_bulk({row.round_id for row in rows})
    units = AdministrativeUnit.objects.in_bulk({row.unit_id for row in rows})
    agencies = Agency.objects.select_related("unit").in_bulk({row.agency_id for row in rows})
    errors = report.errors
    with transaction.atomic():
        for row in rows:
            if len(errors) >= MAX_ERRORS:
                _stop(errors)
                break
            try:
                model_create(
                    actor=actor,
                    round=rounds[row.round_id],
                    data={**row.data, "unit": units[row.unit_id]},
                    forces=row.forces,
                    registering_agency=agencies[row.agency_id],
                )
            except DomainError as error:  # each service call is its own savepoint: the others go on
                errors.append((row.line, "", str(error)))
        if errors or report.dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                verb="model.imported",
                unit=actor.scope_unit,
                payload={"file": filename, "created": len(rows), "unchanged": report.unchanged},
            )
    if not errors:
        report.created = len(rows)
