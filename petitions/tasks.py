"""Background work on petitions: thin wrappers over services, safe to run twice."""

from celery import shared_task

from petitions.services import petitions_mark_overdue, petitions_recompute_deadlines


@shared_task
def recompute_deadlines_task(petition_ids: list[int] | None = None) -> int:
    """After the holiday table or a deadline rule changes: recompute open petitions' deadlines."""
    return petitions_recompute_deadlines(petition_ids=petition_ids)


@shared_task
def mark_overdue_task() -> int:
    """Nightly: mark overdue petitions and notify their handlers and leaders (once per deadline)."""
    return petitions_mark_overdue()


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def import_petitions_task(job_id: int) -> str:
    """Import one uploaded register; safe to repeat, as a job already running or done is left alone."""
    from petitions.importer.jobs import import_job_run

    return import_job_run(job_id=job_id).status
