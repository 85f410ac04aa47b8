"""Every change to reform data goes through these functions (pages, API, admin, imports and tasks alike)."""

from portal.concurrency import ConcurrentEdit
from reform.services.extensions import extension_decide, extension_request
from reform.services.indicators import indicator_record, onestop_record
from reform.services.plans import plan_create, plan_for, plan_update, task_create, task_update
from reform.services.rollup import progress_rollup, rolled_up_progress
from reform.services.tasks import (
    task_cancel,
    task_complete,
    task_confirm_completion,
    task_progress_record,
    task_reopen,
    task_return_completion,
)

__all__ = [
    "ConcurrentEdit",
    "extension_decide",
    "extension_request",
    "indicator_record",
    "onestop_record",
    "plan_create",
    "plan_for",
    "plan_update",
    "progress_rollup",
    "rolled_up_progress",
    "task_cancel",
    "task_complete",
    "task_confirm_completion",
    "task_progress_record",
    "task_reopen",
    "task_return_completion",
    "task_update",
    "task_create",
]
