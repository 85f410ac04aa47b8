"""Background work of citizen reception: thin wrappers over reception.services."""

from celery import shared_task


@shared_task
def send_duty_reminders_task() -> int:
    """Daily: remind heads whose reception days for this week or month are not yet held (idempotent)."""
    from reception.services import duty_reminders_send

    return duty_reminders_send()
