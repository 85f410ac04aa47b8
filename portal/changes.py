"""One place where writers say "figures of this unit around this date may have moved".

Services call it after a change; the reports app (if installed) schedules a debounced snapshot
refresh after the transaction commits. Writers never import the reports app themselves.
"""

import datetime as dt

from django.apps import apps


def record_changed(*, unit_id: int, on: dt.date) -> None:
    if apps.is_installed("reports"):
        from reports.tasks import schedule_refresh

        schedule_refresh(unit_id, on)
