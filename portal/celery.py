"""The Celery app. Without REDIS_URL, settings make every task run in-process (eager)."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_production_without_keys(**kwargs):
    """A worker writes citizens' identities too (imports): like the web application, it refuses to start in
    production mode without the real secret and identity keys."""
    from portal.checks import production_secret_problem

    if problem := production_secret_problem():
        # SystemExit, not an exception: Celery logs a signal handler's exceptions and starts anyway
        raise SystemExit(f"ImproperlyConfigured: {problem}")
