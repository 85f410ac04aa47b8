"""Checking a whole workbook, then registering its rows through `model_create`, all or none."""

from __future__ import annotations

from django.db import transaction

from models_registry.importer.columns import MODELS
from models_registry.importer.report import ImportReport
from models_registry.importer.rows import _Parser, _Row, existing_keys
from models_registry.models import Round
from portal.models import AdministrativeUnit, Agency, User
from portal.services import DomainError, audit_record
from portal.sheet_import import Progress, finish, stop, validated
from portal.sheets import MAX_ERRORS, ImportFileError


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
    finish(report, MODELS)
    return report


def _validate(source, filename: str, report: ImportReport, *, actor: User, progress: Progress | None) -> list[_Row]:
    """The file's valid rows, less those already registered (counted as unchanged); none if any row is bad."""
    rows = validated(
        source, filename, report, MODELS, lambda header, errors: _Parser(header, errors, actor=actor), progress
    )
    if report.errors:
        return []
    registered = existing_keys(rows, actor=actor)
    new_rows = [row for row in rows if row.key not in registered]
    report.unchanged = len(rows) - len(new_rows)
    return new_rows


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
                stop(errors)
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
