"""A bounded load test on loopback (issue 18): N signed-in officials at once for a fixed time, no errors, no lost
writes.

    make loadtest [OFFICIALS=50 SECONDS=60]          # against the configured database (DATABASE_URL)
    .venv/bin/python bench/loadtest.py --officials 50 --seconds 60 --workers 4

It serves the portal with gunicorn on a free port of 127.0.0.1, against the configured database, and signs in
--officials sessions of the officials who may take in petitions (the demo's, cycled). Each one, on its own
connection and until the time is up, opens its dashboard, the petition list, the reception register and the intake
form, then posts a new petition, round after round (each official starts at another step). Afterwards it counts, in
the database, the petitions the run created (their summary carries the run's mark) and compares them with the intake
posts answered as a success (a redirect to the new petition). It fails (exit 1) on any 5xx, connection error,
unexpected status, or a write lost or extra.

The petitions it takes in stay in the database (summary "[loadtest <run>] …"): run it on a copy, never on the
province's own database. Every request goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.cookies
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# The server speaks plain HTTP on loopback: no redirect to https, cookies not marked secure; every request comes
# from one address, which the public pages' per-address limit would answer with 429.
SERVED_ENV = {
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "PUBLIC_REQUESTS_PER_MINUTE": "0",
}
PAGES = ("/dashboard/", "/petitions/", "/reception/")
INTAKE = "/petitions/new/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CREATED = re.compile(r"^/petitions/(\d+)/$")


@dataclass
class Tally:
    """What one official (or the whole run) saw."""

    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    unexpected: list[str] = field(default_factory=list)
    intake_posts: int = 0
    created_ids: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.requests += other.requests
        self.statuses.update(other.statuses)
        self.connection_errors += other.connection_errors
        self.unexpected += other.unexpected
        self.intake_posts += other.intake_posts
        self.created_ids += other.created_ids
        self.latencies += other.latencies
        for page, times in other.by_page.items():
            self.by_page.setdefault(page, []).extend(times)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


class Official:
    """One signed-in official on one keep-alive connection (reopened when the server closes it)."""

    def __init__(self, port: int, session_cookie: str, mark: str, number: int, received_on: str):
        self.port, self.mark, self.number, self.received_on = port, mark, number, received_on
        self.cookies = {"sessionid": session_cookie}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=180)
        self.tally = Tally()
        self.posted = 0

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str] | None:
        headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{INTAKE}"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.tally.connection_errors += 1
            self.tally.unexpected.append(f"{method} {path}: {type(error).__name__}: {error}")
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=180)
            return None
        took = time.perf_counter() - started
        self.tally.latencies.append(took)
        self.tally.by_page.setdefault(f"{method} {path}", []).append(took)
        self.tally.requests += 1
        self.tally.statuses[response.status] += 1
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.headers.get("Location", ""), text

    def expect(self, answer, status: int, what: str) -> bool:
        if answer is None:
            return False
        if answer[0] != status:
            self.tally.unexpected.append(f"{what}: {answer[0]} (expected {status})")
            return False
        return True

    def intake(self) -> None:
        form = self.request("GET", INTAKE)
        if not self.expect(form, 200, f"GET {INTAKE}"):
            return
        token = TOKEN.search(form[2])
        if token is None:
            self.tally.unexpected.append(f"GET {INTAKE}: no CSRF token in the form")
            return
        self.posted += 1
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "kind": "recommendation",
            "round": "1",
            "channel": "mail",
            "received_on": self.received_on,
            "field": "other",
            "summary": f"{self.mark} kiến nghị số {self.number}-{self.posted} về sửa đường liên thôn",
            "content": "Đường liên thôn xuống cấp sau mùa mưa, đề nghị sửa chữa.",
            "join_case": "",
            "people-TOTAL_FORMS": "1",
            "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "30",
            "people-0-full_name": f"Người kiến nghị {self.number}-{self.posted}",
            "people-0-id_number": "",
            "people-0-address": "Thôn Nà Phài",
            "people-0-phone": "",
        }
        self.tally.intake_posts += 1
        answer = self.request("POST", INTAKE, urlencode(data))
        if self.expect(answer, 302, f"POST {INTAKE}"):
            created = CREATED.match(answer[1])
            if created is None:
                self.tally.unexpected.append(f"POST {INTAKE}: redirected to {answer[1]!r}, not a new petition")
            else:
                self.tally.created_ids.append(int(created.group(1)))

    def run(self, stop_at: float) -> None:
        # Each official starts at another step of the round, so that a short run takes in petitions too; the
        # clock is read before each step, so that the run ends within one answer of its time.
        steps = [*PAGES, INTAKE]
        step = self.number % len(steps)
        while time.perf_counter() < stop_at:
            page = steps[step]
            if page == INTAKE:
                self.intake()
            else:
                self.expect(self.request("GET", page), 200, f"GET {page}")
            step = (step + 1) % len(steps)
        self.conn.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The configured database as the server's DATABASE_URL (the test database, when a test calls this)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER'] or 'postgres'}{password}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


def officials_who_take_in():
    """Active officials whose agency's unit is on today's map and who may take in petitions, demo accounts first."""
    from django.db.models import Q
    from django.utils import timezone

    from portal.models import User

    today = timezone.localdate()
    return list(
        User.objects.filter(
            is_active=True,
            agency__isnull=False,
            groups__permissions__codename="add_petition",
            groups__permissions__content_type__app_label="petitions",
        )
        .filter(Q(agency__unit__valid_to__isnull=True) | Q(agency__unit__valid_to__gte=today))
        .filter(Q(agency__unit__valid_from__isnull=True) | Q(agency__unit__valid_from__lte=today))
        .distinct()
        .order_by("username")
    )


def signed_in(users, count: int) -> list[str]:
    """`count` sessions (session keys), one per simulated official, cycling through `users`."""
    from django.test import Client

    keys = []
    for index in range(count):
        client = Client()
        client.force_login(users[index % len(users)])
        keys.append(client.cookies["sessionid"].value)
    return keys


@contextlib.contextmanager
def served(port: int, workers: int, env: dict[str, str], log: Path):
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise SystemExit("gunicorn is not installed (pip install gunicorn)")
    command = [gunicorn, "portal.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers)]
    # Sync workers close each connection after its answer (the client reconnects: not an error); the generous
    # timeout keeps a slow answer under load from being cut off as a 502.
    command += ["--worker-class", "sync", "--timeout", "180", "--backlog", "2048", "--log-level", "warning"]
    command += ["--preload"]  # the code is loaded once, before the workers fork: they start together, sooner
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            started = time.perf_counter()
            while not _answers(port):
                if server.poll() is not None or time.perf_counter() - started > 60:
                    raise RuntimeError(f"gunicorn did not start: see {log}")
                time.sleep(0.2)
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        conn.request("GET", "/healthz", headers={"Host": HOST})
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def run(
    *, officials: int = 50, seconds: float = 60, workers: int = 4, env: dict[str, str] | None = None, log: Path
) -> dict:
    """Serve the portal, load it, count its writes; returns the figures (see `ok`)."""
    from django.conf import settings
    from django.db import close_old_connections
    from django.utils import timezone

    from petitions.models import Petition

    users = officials_who_take_in()
    if not users:
        raise SystemExit("no active official on today's map may take in petitions: run `make demo` first")
    mark = f"[loadtest {uuid.uuid4().hex[:8]}]"
    sessions = signed_in(users, officials)
    server_env = {**os.environ, **SERVED_ENV, "DATABASE_URL": database_url(), **(env or {})}
    if not settings.DEBUG and server_env.get("DEBUG", "0") in ("0", "false", ""):
        # Production settings serve the static files from the manifest collectstatic writes.
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        subprocess.run(collect, cwd=ROOT, check=True, env=server_env)
    port = free_port()
    received_on = timezone.localdate().isoformat()
    clients = [Official(port, key, mark, number, received_on) for number, key in enumerate(sessions, 1)]
    with served(port, workers, server_env, log):
        stop_at = time.perf_counter() + seconds
        threads = [threading.Thread(target=client.run, args=(stop_at,)) for client in clients]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    total = Tally()
    for client in clients:
        total.add(client.tally)
    close_old_connections()
    in_database = set(Petition.objects.filter(summary__startswith=mark).values_list("pk", flat=True))
    answered = set(total.created_ids)
    latencies = sorted(total.latencies)
    figures = {
        "officials": officials,
        "distinct_accounts": min(len(users), officials),
        "seconds": seconds,
        "elapsed_s": round(elapsed, 1),
        "workers": workers,
        "database": server_env["DATABASE_URL"].split("@")[-1],
        "requests": total.requests,
        "requests_per_s": round(total.requests / elapsed, 1) if elapsed else 0,
        "median_s": round(latencies[len(latencies) // 2], 3) if latencies else None,
        "p95_s": round(latencies[int(len(latencies) * 0.95)], 3) if latencies else None,
        "pages": {page: _timing(times) for page, times in sorted(total.by_page.items())},
        "statuses": {str(status): count for status, count in sorted(total.statuses.items())},
        "server_errors": total.server_errors,
        "connection_errors": total.connection_errors,
        "unexpected": total.unexpected[:20],
        "unexpected_count": len(total.unexpected),
        "intake_posts": total.intake_posts,
        "intake_succeeded": len(total.created_ids),
        "petitions_created": len(in_database),
        "lost_writes": len(answered - in_database),
        "extra_writes": len(in_database - answered),
        "mark": mark,
    }
    figures["ok"] = (
        total.requests > 0
        and figures["server_errors"] == 0
        and figures["connection_errors"] == 0
        and figures["unexpected_count"] == 0
        and figures["intake_succeeded"] == figures["petitions_created"] > 0
        and figures["lost_writes"] == figures["extra_writes"] == 0
    )
    return figures


def _timing(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "requests": len(times),
        "median_s": round(times[len(times) // 2], 3),
        "p95_s": round(times[int(len(times) * 0.95)], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--officials", type=int, default=50, help="Signed-in officials at once (default 50).")
    parser.add_argument("--seconds", type=float, default=60, help="How long the load lasts (default 60).")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4).")
    parser.add_argument("--log", type=Path, default=ROOT / "var" / "loadtest" / "gunicorn.log", help="Server log.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    figures = run(officials=args.officials, seconds=args.seconds, workers=args.workers, log=args.log)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if not figures["ok"]:
        raise SystemExit("load test FAILED: see the figures above and " + str(args.log))
    print(
        f"load test passed: {figures['requests']} requests, 0 errors, "
        f"{figures['intake_succeeded']} petitions taken in and {figures['petitions_created']} in the database"
    )


if __name__ == "__main__":
    main()
