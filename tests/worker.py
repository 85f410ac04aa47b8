"""A real `celery worker` process against the Redis broker and the test database (PostgreSQL only)."""

import contextlib
import os
import shutil
import subprocess
import sys

import pytest
from django.db import connection

from portal.celery import app as celery_app


def needs_real_services(test):
    """Run only with a real broker (CI sets REDIS_URL), in a committed (transactional) database."""
    test = pytest.mark.django_db(transaction=True)(test)
    test = pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real broker for a real worker"
    )(test)
    return pytest.mark.integration(test)


@contextlib.contextmanager
def running_worker():
    """Start a worker on a private queue; yields the queue name and, on exit, the worker's output list."""
    with worker_process() as (queue, output, _process):
        yield queue, output


@contextlib.contextmanager
def worker_process(app: str = "portal", env: dict[str, str] | None = None):
    """A worker of the Celery app in module `app` on this test's private queue, with `env` added to its environment;
    yields the queue name, the output list (filled on exit) and the process, for a test to kill it."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL")
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    celery = shutil.which("celery", path=os.path.dirname(sys.executable))
    queue = f"test-{os.getpid()}"
    worker = subprocess.Popen(
        [
            celery,
            "-A",
            app,
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    celery_app.conf.task_always_eager = False
    try:
        yield queue, output, worker
    finally:
        celery_app.conf.task_always_eager = True
        if worker.poll() is None:
            worker.terminate()
        try:
            out, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            out, _ = worker.communicate()
        output.append(out)
