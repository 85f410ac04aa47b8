"""Background work of administrative reform: thin wrappers over services, safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def import_reform_task(job_id: int) -> str:
    """Import one uploaded workbook (a plan's tasks or indicator scores); a job running or done is left alone."""
    from reform.importer.jobs import import_run

    return import_run(job_id).status
