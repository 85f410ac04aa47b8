"""Benchmark the portal as it is served (issue 17): freshness with a real worker, and throughput under load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python bench/bench_serve.py

On the database `make bench-data` wrote (PostgreSQL: the worker and the server are other processes), it measures

- *freshness*: a petition of the leader's province is settled through the service, as the page does it; the
  refresh it enqueues runs on a real `celery worker` (Redis broker); the time from the commit until the commune's
  and the province's snapshots of the running month hold the change, for a few petitions in turn;
- *throughput*: gunicorn (--workers, on loopback) serves the leader's province dashboard and, beside it, a trivial
  page (the sign-in page) to the same load generator: --connections keep-alive connections for --seconds each;
  requests per second, latency median and p95, errors; the ratio dashboard ÷ trivial (target ≥ 50 %).

It adds its figures to the day's bench/results/<date>-postgresql.json (bench_reports.py writes the others).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.results import RESULTS, results_add, summary  # noqa: E402

# The server and this process sign the session alike; the broker is a database of Redis of its own, so that a
# queue left by other work is not this benchmark's.
SERVED_ENV = {
    "SECRET_KEY": "bench-serve-secret-key-of-this-benchmark-only-0123456789",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    # The load comes from one address: the public pages' per-address limit would answer it 429 after 120.
    "PUBLIC_REQUESTS_PER_MINUTE": "0",
}


def setup_django(redis_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(SERVED_ENV)
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def executable(name: str) -> str:
    found = shutil.which(name, path=os.path.dirname(sys.executable))
    if found is None:
        raise SystemExit(f"{name} is not installed beside {sys.executable}")
    return found


def served_env() -> dict[str, str]:
    """The environment of the worker and the server: this process's database and broker, production settings."""
    from django.db import connection

    from portal.celery import app

    db = connection.settings_dict
    database = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, **SERVED_ENV, "DATABASE_URL": database, "REDIS_URL": app.conf.broker_url}


@contextlib.contextmanager
def process(command: list[str], log: Path):
    """A child process (worker, server) writing to `log`, stopped on exit."""
    with log.open("w") as out:
        child = subprocess.Popen(command, env=served_env(), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            yield child
        finally:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def wait_until(condition, timeout: float, step: float = 0.05) -> float | None:
    """Seconds until `condition()` held, or None when it did not within `timeout`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if condition():
            return time.perf_counter() - started
        time.sleep(step)
    return None


def freshness(leader, changes: int, timeout: float) -> dict:
    """Settle `changes` open petitions of the leader's province, one after another, each timed from its commit
    until its commune's and province's snapshots of the month show it (computed after the commit)."""
    from django.db import close_old_connections
    from django.utils import timezone

    from petitions.choices import ComplaintResult, Kind, Status
    from petitions.models import Petition
    from petitions.services import petition_settle
    from reports.models import ReportSnapshot
    from reports.periods import parse_period

    today = timezone.localdate()
    month = parse_period(period=today.strftime("%Y-%m"))
    province = leader.agency.unit
    candidates = Petition.objects.filter(
        unit__path__startswith=province.path, status__in=[Status.ACCEPTED, Status.VERIFYING], received_on__lt=today
    ).select_related("unit")
    times, missed, first = [], 0, None
    # One more than asked: the first warms the worker (its first task imports every family's code) and is
    # reported apart, as `first_s`.
    for index, petition in enumerate(candidates.order_by("-received_on")[: changes + 1]):
        committed = timezone.now()
        petition_settle(
            actor=None,
            petition_id=petition.pk,
            expected_version=None,
            settled_on=today,
            decision_no=f"BENCH-{petition.pk}",
            result=ComplaintResult.RIGHT if petition.kind == Kind.COMPLAINT else "",
        )
        boards = {petition.unit_id, province.pk}  # one when the petition was received by the province itself
        shown = ReportSnapshot.objects.filter(
            kind="petitions",
            start=month.start,
            end=month.end,
            params="",
            unit__in=boards,
            computed_at__gte=committed,
        )

        def both_shown(shown=shown, boards=boards):
            close_old_connections()
            return shown.count() == len(boards)

        took = wait_until(both_shown, timeout)
        if index == 0:
            first = took
        elif took is None:
            missed += 1
        else:
            times.append(took)
        print(f"  freshness: petition {petition.pk} of {petition.unit} → {took if took is None else f'{took:.2f} s'}")
    return {**summary(times), "changes": len(times) + missed, "missed": missed, "timeout_s": timeout, "first_s": first}


def load(port: int, path: str, cookie: str, connections: int, seconds: float) -> dict:
    """`connections` threads, each on one keep-alive connection, asking for `path` for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, failed = [], 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                conn.request(
                    "GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"} if cookie else {"Host": "127.0.0.1"}
                )
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    timing = summary(latencies)
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "requests_per_s": len(latencies) / elapsed,
        "median_s": timing["median_s"],
        "p95_s": timing["p95_s"],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leader", default="p01.lanhdao", help="Whose province is changed and whose dashboard served.")
    parser.add_argument("--changes", type=int, default=5, help="Petitions settled one after another (freshness).")
    parser.add_argument("--timeout", type=float, default=60, help="Seconds a change may take to show.")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes.")
    parser.add_argument("--connections", type=int, default=8, help="Concurrent keep-alive connections.")
    parser.add_argument("--seconds", type=float, default=20, help="Seconds of load on each page.")
    parser.add_argument("--year", type=int, help="The dashboard's year (default: last year).")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7", help="The broker (a database of its own).")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Where the day's results file is.")
    args = parser.parse_args()
    setup_django(args.redis)

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from portal.celery import app
    from portal.models import User

    if connection.vendor != "postgresql":
        raise SystemExit("the worker and the server share the database: run it on PostgreSQL (DATABASE_URL)")
    leader = User.objects.select_related("agency__unit").get(username=args.leader)
    app.conf.task_always_eager = False  # the refresh a change enqueues goes to the worker
    app.control.purge()  # nothing left over in this benchmark's queue
    logs = args.results / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    figures: dict = {}

    worker = [executable("celery"), "-A", "portal", "worker", "--pool=solo", "--loglevel=WARNING"]
    worker += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with process(worker, logs / "worker.log"):
        time.sleep(3)  # the worker connects to the broker
        figures["freshness"] = freshness(leader, args.changes, args.timeout)

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(leader)  # a session the server accepts: the same secret key signs it
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    year = args.year or timezone.localdate().year - 1
    # Production settings serve the static files from the manifest collectstatic writes.
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, check=True, env=served_env())
    port = free_port()
    server = [executable("gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    server += ["--worker-class", "sync", "--keep-alive", "30", "--access-logfile", "-", "--log-level", "warning"]
    with process(server, logs / "gunicorn.log"):
        up = wait_until(lambda: _answers(port), 30, step=0.2)
        if up is None:
            raise SystemExit(f"gunicorn did not start: see {logs / 'gunicorn.log'}")
        # The trivial view: the sign-in page as a visitor sees it (signed in, it redirects), through the same stack.
        pages = {
            "trivial": ("/login/", ""),
            "dashboard_province": (f"/dashboard/{leader.agency.unit_id}/?year={year}", cookie),
        }
        for name, (path, sent) in pages.items():
            load(port, path, sent, 2, 2)  # warm: each worker's first request loads the code
            figures[f"load_{name}"] = load(port, path, sent, args.connections, args.seconds)
            print(f"  load {name}: {json.dumps(figures[f'load_{name}'])}", flush=True)
    trivial, board = figures["load_trivial"]["requests_per_s"], figures["load_dashboard_province"]["requests_per_s"]
    figures["load_ratio"] = board / trivial if trivial else None
    figures["load_setting"] = {"workers": args.workers, "connections": args.connections, "seconds": args.seconds}

    served = {f"serve_{key}": value for key, value in figures.items()}
    out = results_add(timezone.localdate().isoformat(), connection.vendor, served, folder=args.results)
    print(f"wrote {out}")


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/login/", headers={"Host": "127.0.0.1"})
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


if __name__ == "__main__":
    main()
