"""Background tasks of the organisation app."""

from celery import shared_task

from portal.services import worker_heartbeat_record


@shared_task
def worker_heartbeat(name: str = "celery") -> str:
    """Record that a worker ran a task just now; idempotent (one row per name, overwritten)."""
    worker_heartbeat_record(name=name)
    return name
