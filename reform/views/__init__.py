"""The reform pages (browser, Vietnamese, phone-friendly); imports and the export live in their own modules."""

from reform.views.indicators import indicators
from reform.views.plans import plan_create, plan_detail, plan_list, plan_update
from reform.views.tasks import (
    my_tasks,
    task_action,
    task_create,
    task_detail,
    task_file,
    task_list,
    task_update,
)

__all__ = [
    "indicators",
    "my_tasks",
    "plan_create",
    "plan_detail",
    "plan_list",
    "plan_update",
    "task_action",
    "task_create",
    "task_detail",
    "task_file",
    "task_list",
    "task_update",
]
