"""Background work of the models registry: thin wrappers over services, safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError, TimeoutError), max_retries=3, retry_backoff=True)
def import_models_task(job_id: int) -> str:
    """Import one uploaded workbook of registrations; a job already running or done is left alone."""
    from models_registry.importer.jobs import import_run

    return import_run(job_id).status
