"""A parent task's progress: the weighted average of its children that were not cancelled.

Weights are normalised over those children (each weight over their sum), so a parent never passes 100%;
a completed child counts 100%.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Sum, Value, When

from reform.choices import TaskStatus
from reform.models import Task


def rolled_up_progress(parent: Task) -> int | None:
    """The children's weighted progress (0–100), or None when every child was cancelled (or there are none)."""
    effective = Case(
        When(status=TaskStatus.COMPLETED, then=Value(100)), default=F("progress"), output_field=DecimalField()
    )
    totals = (
        Task.objects.filter(parent=parent)
        .exclude(status=TaskStatus.CANCELLED)
        .aggregate(
            weights=Sum("weight"),
            weighted=Sum(ExpressionWrapper(F("weight") * effective, output_field=DecimalField())),
        )
    )
    if not totals["weights"]:
        return None
    share = Decimal(totals["weighted"]) / Decimal(totals["weights"])
    return min(100, int(share.quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def progress_rollup(parent: Task | None) -> None:
    """Store the parent's rolled-up progress (a parent with children is not updated by hand)."""
    while parent is not None:
        progress = rolled_up_progress(parent)
        if progress is not None and parent.status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS):
            status = TaskStatus.IN_PROGRESS if progress > 0 else parent.status
            Task.objects.filter(pk=parent.pk).update(progress=progress, status=status)
            parent.progress, parent.status = progress, status
        parent = parent.parent if parent.parent_id else None
