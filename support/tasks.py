"""Background work of the support app: thin wrappers over services, safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def import_support_task(job_id: int) -> str:
    """Import one uploaded workbook of activities; a job running or done is left alone."""
    from support.importer import import_run

    return import_run(job_id).status
