"""Administrative reform: areas, plans, tasks with progress, completions and extensions, indicators, one-stop points.

Every state change goes through `reform.services`, which check the actor and write the audit trail. Callers
import from the package; the private `upload_to` functions are re-exported for the committed migrations.
"""

# Definition order, not sorted: it is the app registry's order (content types, permissions).
# isort: off
from reform.models.plans import Area, Plan, PlanQuerySet
from reform.models.tasks import (
    AttachedFile,
    Task,
    TaskCompletion,
    TaskExtension,
    TaskProgress,
    TaskQuerySet,
    _evidence_path,
)
from reform.models.indicators import IndicatorValue, OneStopPoint
from reform.models.imports import ImportStatus, ReformImportJob, _import_path
# isort: on

__all__ = [
    "Area",
    "AttachedFile",
    "ImportStatus",
    "IndicatorValue",
    "OneStopPoint",
    "Plan",
    "PlanQuerySet",
    "ReformImportJob",
    "Task",
    "TaskCompletion",
    "TaskExtension",
    "TaskProgress",
    "TaskQuerySet",
    "_evidence_path",
    "_import_path",
]
