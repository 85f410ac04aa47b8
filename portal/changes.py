"""One place where writers say "figures of this unit around this date may have moved".

Services call it after a change; whoever listens (the reports app, if installed, schedules a
debounced snapshot refresh after the transaction commits) registered in `portal.registry`.
Writers never import the reports app themselves, and neither does the foundation.
"""

import datetime as dt
from collections.abc import Iterable

from portal import registry


def record_changed(*, unit_id: int, on: dt.date) -> None:
    """A record of this unit, dated `on`, was written (or will be, when the transaction commits)."""
    record_changes([(unit_id, on)])


def record_changes(changes: Iterable[tuple[int, dt.date]]) -> None:
    """Many records were written (an import, a sweep): each distinct (unit id, day) is passed on once."""
    changes = set(changes)
    if changes:
        registry.records_changed(changes)
