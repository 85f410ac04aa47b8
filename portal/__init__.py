"""Project package: settings, URLs, the Celery app, organisation structure and accounts."""

from .celery import app as celery_app

__all__ = ["celery_app"]
