"""PostgreSQL restarted while the portal runs: the next request, and the worker's next task, succeed without
restarting either (CONN_HEALTH_CHECKS: a persistent connection is checked before a request first uses it).

The restart is simulated by ending every server process of the test database from another connection, which is
what a restart does to the open connections; the shared server itself is left alone. DANVAN_FAULTS_RESTART_PG=1
really restarts the cluster (a machine of your own only: everyone's connections go).
"""

import io
import os
import subprocess
import time
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from portal.models import WorkerHeartbeat
from portal.tasks import worker_heartbeat
from tests.portal.test_tasks import wait_for
from tests.worker import needs_real_services, running_worker


def postgresql_restarted() -> None:
    """Every connection to the test database is gone, as after a restart of the server."""
    db = connection.settings_dict
    if os.environ.get("DANVAN_FAULTS_RESTART_PG") == "1":
        version = os.listdir("/etc/postgresql")[0]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
        for _ in range(30):
            if subprocess.run(["pg_isready", "-h", db["HOST"] or "127.0.0.1", "-q"]).returncode == 0:
                return
            time.sleep(1)
        return
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        ended = other.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert ended >= 1


@pytest.fixture
def persistent_connection():
    """As in production: one connection kept across requests (CONN_MAX_AGE), checked when a request first uses it."""
    if connection.vendor != "postgresql":
        pytest.skip("persistent connections and a server to lose them: PostgreSQL only")
    saved = {key: connection.settings_dict[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 600
    yield
    connection.close()
    connection.settings_dict.update(saved)


def get(path: str) -> tuple[str, bytes]:
    """A request through Django's own WSGI handler, which (unlike the test client) runs the checks a server's
    request cycle runs on the database connection at its start and end."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "localhost", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    status = []
    body = b"".join(WSGIHandler()(environ, lambda answer, headers, exc_info=None: status.append(answer)))
    return status[0], body


@pytest.mark.django_db(transaction=True)
def test_after_postgresql_restarts_the_next_request_succeeds_on_a_new_connection(persistent_connection):
    assert get("/readyz")[0].startswith("200")
    kept = connection.connection
    assert kept is not None  # the connection outlived the request

    postgresql_restarted()

    status, body = get("/readyz")
    assert status.startswith("200"), body
    assert b'"database": {"ok": true' in body
    assert connection.connection is not kept


@needs_real_services
def test_after_postgresql_restarts_the_worker_runs_its_next_task(monkeypatch):
    with running_worker() as (queue, output):
        worker_heartbeat.apply_async(kwargs={"name": "before"}, queue=queue)
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="before").exists())

        postgresql_restarted()
        connection.close()  # this test's own connection went too

        worker_heartbeat.apply_async(kwargs={"name": "after"}, queue=queue)
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after").exists()), "the worker lost its database"
    assert "OperationalError" not in output[0]
