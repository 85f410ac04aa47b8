"""Bulk registration of models from an Excel workbook (or a UTF-8 CSV saved from it).

All or nothing per file: every row is checked first, then registered through `model_create` (the
rules of the registration form); if any row fails, nothing is written and the report lists every
bad row (spreadsheet row, column, reason). Rows already registered (same round, registering agency
and name) are skipped, so importing the same file twice changes nothing. Models are created as
drafts: the registrant completes the self-assessment and submits each one.

Files are read with the petition import's reader and limits (`portal.sheets`), through the same
kind of upload job: the page stores the file, a task imports it, the job's page shows the report.
The columns are described in `columns.py` and in the template's "Hướng dẫn" sheet.
"""

from models_registry.importer.jobs import import_job_create, import_job_report, import_run
from models_registry.importer.load import models_import
from models_registry.importer.report import ImportReport
from models_registry.importer.template import import_template, open_rounds
from portal.sheets import import_limits

__all__ = [
    "ImportReport",
    "import_job_create",
    "import_job_report",
    "import_limits",
    "import_run",
    "import_template",
    "models_import",
    "open_rounds",
]
