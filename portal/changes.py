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


def record_changes(changes: Iterable[registry.Change]) -> None:
    """Many records were written (an import, a sweep): each distinct (unit id, day) is passed on once.

    A change may also be a span (unit id, since, until): a record changed how it stood over those days,
    which moves the periods overlapping them though they may hold none of its dates (a case now carried
    over into them, or no longer overdue in them). Only the families that count such records look at spans.
    """
    changes = {change for change in changes if len(change) == 2 or change[1] < change[2]}
    if changes:
        registry.records_changed(changes)
