"""Background tasks of the organisation app."""

from celery import shared_task

from portal.services import worker_heartbeat_record


@shared_task
def worker_heartbeat(name: str = "celery") -> str:
    """Record that a worker ran a task just now; idempotent (one row per name, overwritten)."""
    worker_heartbeat_record(name=name)
    return name


@shared_task
def unit_statuses_apply_task() -> int:
    """Each morning: a unit status that begins (or ends) today sets the unit's remote-area flag. Idempotent."""
    from portal.unit_status import unit_statuses_apply

    return unit_statuses_apply()
