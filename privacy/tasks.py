"""Background work of the personal-data app: thin wrappers over privacy.retention."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def retention_sweep_task(apply: bool = False) -> dict:
    """Monthly (CELERY_BEAT_SCHEDULE): a dry run, logged; `apply=True` de-identifies, safe to repeat."""
    from privacy.retention import retention_apply, retention_dry_run

    report = retention_apply() if apply else retention_dry_run()
    for line in report.as_lines():
        logger.info("privacy retention %s: %s", "applied" if apply else "dry run", line)
    return report.totals
