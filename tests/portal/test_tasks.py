import time

import pytest

from portal.models import WorkerHeartbeat
from portal.tasks import worker_heartbeat
from tests.worker import needs_real_services, running_worker


@pytest.mark.django_db
def test_heartbeat_task_is_safe_to_run_twice():
    worker_heartbeat.delay()
    first = WorkerHeartbeat.objects.get(name="celery").seen_at
    worker_heartbeat.delay()
    assert WorkerHeartbeat.objects.filter(name="celery").count() == 1
    assert WorkerHeartbeat.objects.get(name="celery").seen_at >= first


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@needs_real_services
def test_a_real_celery_worker_runs_a_task_and_its_effect_lands_in_the_database():
    with running_worker() as (queue, output):
        worker_heartbeat.apply_async(kwargs={"name": "real-worker"}, queue=queue)
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="real-worker").exists()), "the worker never ran it"
    assert "portal.tasks.worker_heartbeat" in output[0]
