"""Import existing petition registers (sổ theo dõi đơn) from Excel (.xlsx) or UTF-8 CSV files.

All or nothing per file: every row is validated first, and if any row is wrong nothing is
written and the report lists every bad row (spreadsheet row number, column, reason).
Idempotent by unit and register number: rows already in the portal are skipped, so importing the same
file twice changes nothing. Deadlines come from the engine used by live intake
(`petitions.deadlines.compute_all`) with one calendar and one rule set for the whole file.
Rows are written with bulk inserts in one transaction and one audit event, because the per-row
services write an audit row each and would take hours for a province's backlog.

The column reference for users is docs/import-petitions.md and the template's second sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.importer.columns import (
    BATCH,
    CASE_CODE_PREFIX,
    COLUMN_NAMES,
    COLUMNS,
    DMY_DATE,
    EXTENSION_DECISION,
    ISO_DATE,
    MAX_CASE_KEY,
    NAME_SEPARATOR,
    NO,
    NOT_ACCEPTED_OUTCOMES,
    OUTSIDE_AUTHORITY_OUTCOMES,
    REFORM_DAY,
    REQUIRED_COLUMNS,
    YES,
    Column,
    _header_name,
    _text,
    _vocabulary,
)
from petitions.importer.limits import (
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_ERRORS,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    import_limits,
)
from petitions.importer.report import ImportFileError, ImportReport
from petitions.importer.rows import _derive_status, _Parser, _Row, _Unit
from petitions.importer.sheet import _csv_rows, _file_rows, _xlsx_rows
from petitions.importer.template import import_template_xlsx
from petitions.importer.validate import (
    Progress,
    _chunks,
    _existing_cases,
    _existing_register_numbers,
    _validate,
)
from petitions.importer.writer import (
    _apply_deadlines,
    _insert_many,
    _link_second_rounds,
    _petition,
    _receiving_agencies,
    _set_leads,
    _write,
)
from petitions.metrics import days_moved
from portal.changes import record_changes
from portal.models import AdministrativeUnit, Agency, User
from portal.services import audit_record

__all__ = [
    "BATCH",
    "CASE_CODE_PREFIX",
    "COLUMNS",
    "COLUMN_NAMES",
    "Column",
    "DMY_DATE",
    "EXTENSION_DECISION",
    "ISO_DATE",
    "ImportFileError",
    "ImportReport",
    "MAX_CASE_KEY",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ERRORS",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "NAME_SEPARATOR",
    "NO",
    "NOT_ACCEPTED_OUTCOMES",
    "OUTSIDE_AUTHORITY_OUTCOMES",
    "REFORM_DAY",
    "REQUIRED_COLUMNS",
    "YES",
    "import_limits",
    "import_template_xlsx",
    "petitions_import",
]
# The private helpers stay importable from here as before (scripts and shells reach for them).
_PRIVATE_REEXPORTS = (
    _Parser,
    _Row,
    _Unit,
    _apply_deadlines,
    _chunks,
    _csv_rows,
    _derive_status,
    _existing_cases,
    _existing_register_numbers,
    _file_rows,
    _header_name,
    _insert_many,
    _link_second_rounds,
    _petition,
    _receiving_agencies,
    _set_leads,
    _text,
    _vocabulary,
    _write,
    _xlsx_rows,
)


# --- the import ----------------------------------------------------------------------------------


def petitions_import(
    *,
    source,
    filename: str,
    actor: User | None = None,
    receiving_agency_for_unit: Callable[[AdministrativeUnit], Agency] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a register file: all rows or none; rows whose register number exists are skipped.

    `source` is a path or a binary file object; `filename` tells the format (.xlsx or .csv) and
    goes into the audit trail. The file is streamed within the limits of `limits.py`.

    With an `actor`, the import is that official's: every row's unit must lie in their scope
    (an error row otherwise), and register numbers and cases are looked up within that scope
    only, so a file cannot tell them what exists elsewhere. Without one (the command line without
    `--user`, the demo data) it is an operator's import over the whole map.

    `receiving_agency_for_unit(unit)` may choose the receiving agency; by default it is the unit's
    People's Committee, created if the unit has none. With `dry_run`, nothing is written and
    `created` says how many petitions would be. `progress(rows_read, fraction)` hears how the
    reading goes (fraction None when the file does not say how long it is).
    """
    report = ImportReport(dry_run=dry_run)
    try:
        new_rows = _validate(source, filename, report, scope=actor, progress=progress)
    except ImportFileError as exc:
        report.errors[:] = [(0, "", str(exc))]  # the file is refused as a whole; rows read so far do not matter
    if report.errors:
        report.errors.sort(key=lambda e: (e[0], COLUMN_NAMES.index(e[1]) if e[1] in COLUMN_NAMES else -1))
        report.unchanged = 0
        return report
    if dry_run:
        report.created = len(new_rows)
        return report
    if not new_rows:
        return report  # nothing changed, so nothing to audit
    try:
        with transaction.atomic():
            report.cases_created = _write(new_rows, actor=actor, choose_agency=receiving_agency_for_unit, scope=actor)
            audit_record(actor=actor, verb="petition.imported", payload={"file": filename, "created": len(new_rows)})
            record_changes(_touched(new_rows))
    except IntegrityError:
        # Numbers and codes are unique per unit and every row's unit is in scope, so only a write
        # made since validation (another import, an official at the desk) can collide here.
        report.cases_created = 0
        report.errors.append(
            (
                0,
                "",
                _(
                    "Không ghi được: trong lúc nhập, một số số đăng ký hoặc mã vụ việc của tệp vừa được tạo "
                    "bởi thao tác khác. Hãy nhập lại tệp; các dòng đã có sẽ được bỏ qua."
                ),
            )
        )
        return report
    report.created = len(new_rows)
    return report


def _touched(rows: list[_Row]) -> set:
    """Each unit and day whose figures the new rows move, once: received, accepted, settled, and today while
    open; and each accepted case's span from acceptance to settlement (or today), the periods beginning
    in it having carried it over."""
    today = timezone.localdate()
    days = {
        (row.unit.id, day)
        for row in rows
        for day in days_moved(
            received_on=row.received_on,
            accepted_on=row.accepted_on,
            settled_on=row.settled_on,
            today=today,
            was_open=False,  # a new row: no period counted it before
        )
    }
    spans: dict[int, tuple] = {}  # one span per unit, from its earliest acceptance to its latest end
    for row in rows:
        end = row.settled_on or today
        if row.accepted_on is not None and row.accepted_on < end:
            since, until = spans.get(row.unit.id, (row.accepted_on, end))
            spans[row.unit.id] = (min(since, row.accepted_on), max(until, end))
    return days | {(unit_id, since, until) for unit_id, (since, until) in spans.items()}
