"""Excel import of a plan's appendix of tasks, and of indicator scores (PAR Index, PAPI, SIPAS).

All or nothing per file: every row is checked first (the report lists each bad cell with its spreadsheet row,
column and a Vietnamese message); if any row fails nothing is written. Otherwise every row goes through the
service the pages use (`task_create`, parents before children; `indicator_record`) in one transaction, and one
audit event records the import. A dry run ("chỉ kiểm tra") writes and rolls back, so it reports exactly what the
import would do.

Files are read with the shared reader and limits (`portal.sheets`), through the shared upload job: the page
stores the file, a task (`reform.tasks`) imports it, the job's page shows the report. The columns are described
in `columns.py` and in each template's "Hướng dẫn" sheet.
"""

from portal.sheets import import_limits
from reform.importer.jobs import import_job_create, import_job_report, import_run
from reform.importer.load import indicators_import, tasks_import
from reform.importer.report import ImportReport
from reform.importer.template import indicators_template, managed_plans, tasks_template

__all__ = [
    "ImportReport",
    "import_job_create",
    "import_job_report",
    "import_limits",
    "import_run",
    "indicators_import",
    "indicators_template",
    "managed_plans",
    "tasks_import",
    "tasks_template",
]
