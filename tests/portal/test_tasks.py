import os
import shutil
import subprocess
import sys
import time

import pytest
from django.db import connection

from portal.models import WorkerHeartbeat
from portal.tasks import worker_heartbeat


@pytest.mark.django_db
def test_heartbeat_task_is_safe_to_run_twice():
    worker_heartbeat.delay()
    first = WorkerHeartbeat.objects.get(name="celery").seen_at
    worker_heartbeat.delay()
    assert WorkerHeartbeat.objects.filter(name="celery").count() == 1
    assert WorkerHeartbeat.objects.get(name="celery").seen_at >= first


@pytest.mark.integration
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real broker for a real worker")
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_a_task_and_its_effect_lands_in_the_database():
    from portal.celery import app

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
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        app.conf.task_always_eager = False
        worker_heartbeat.apply_async(kwargs={"name": "real-worker"}, queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if WorkerHeartbeat.objects.filter(name="real-worker").exists():
                break
            time.sleep(0.5)
        assert WorkerHeartbeat.objects.filter(name="real-worker").exists(), "the worker never ran the task"
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "portal.tasks.worker_heartbeat" in output
