"""The portal's Celery app for a worker a test kills in the middle of a refresh (tests/reports/test_faults.py).

With DANVAN_TEST_REFRESH_PAUSE set, a refresh of changes, once under way, touches the file
DANVAN_TEST_REFRESH_STARTED and waits that many seconds before it computes anything.
"""

import os
import pathlib
import time

from celery.signals import task_prerun

from portal.celery import app  # noqa: F401 - what `celery -A tests.reports.slow_worker` runs


@task_prerun.connect
def _pause_refreshes(sender=None, **_kwargs):
    if sender is None or sender.name != "reports.tasks.refresh_for_changes_task":
        return
    from reports import tasks  # Django is set up by now

    original = getattr(tasks.reports_refresh_for_changes, "__wrapped__", tasks.reports_refresh_for_changes)

    def paused(*, changes):
        pathlib.Path(os.environ["DANVAN_TEST_REFRESH_STARTED"]).touch()
        time.sleep(float(os.environ["DANVAN_TEST_REFRESH_PAUSE"]))
        return original(changes=changes)

    paused.__wrapped__ = original
    tasks.reports_refresh_for_changes = paused
