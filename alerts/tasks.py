"""Background work of the alerts app: thin wrappers over alerts.services, both safe to run twice."""

from smtplib import SMTPException

from celery import shared_task


@shared_task
def alerts_check_task() -> dict:
    """Hourly: notify the conditions of followed units that have just become true (idempotent)."""
    from alerts.services import alerts_check

    return alerts_check()


@shared_task(autoretry_for=(SMTPException, ConnectionError), max_retries=3, retry_backoff=300)
def digest_send_task() -> dict:
    """Monday morning: the weekly digest of each follower; a retry sends only to those not yet sent this week."""
    from alerts.services import digest_send

    return digest_send()
