"""`make bench`'s serving benchmark measures what a load generator sees: requests, errors, requests per second and
latency, from keep-alive connections (its gunicorn and worker runs need the national dataset: not here)."""

import http.server
import threading

import pytest

from bench import bench_serve, results
from tests.petitions.conftest import accepted, commune_head, frozen_today, receive  # noqa: F401 (fixtures)


class _Page(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's

    def do_GET(self):  # noqa: N802 (the standard library's name)
        status = 200 if self.headers.get("Cookie") == "sessionid=x" else 403
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serving():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_load_generator_counts_answers_and_errors():
    server = _serving()
    try:
        port = server.server_address[1]
        served = bench_serve.load(port, "/", "sessionid=x", connections=2, seconds=0.5)
        refused = bench_serve.load(port, "/", "sessionid=wrong", connections=1, seconds=0.2)
    finally:
        server.shutdown()

    assert served["requests"] > 10 and served["errors"] == 0 and served["requests_per_s"] > 0
    assert 0 < served["median_s"] <= served["p95_s"]
    assert refused["errors"] == refused["requests"] > 0  # every answer but 200 is an error


def test_a_summary_of_no_runs_says_so():
    assert results.summary([]) == {"median_s": None, "p95_s": None, "runs": 0}
    assert results.summary([0.3, 0.1, 0.2])["median_s"] == 0.2


@pytest.mark.django_db
def test_freshness_settles_open_petitions_of_the_leaders_province_and_times_each(
    accepted,  # noqa: F811
    province_leader,
    monkeypatch,
):
    from petitions.choices import Status
    from petitions.models import Petition

    first, second, third = accepted(), accepted(name="Hoàng Thị Mai"), accepted(name="Lý Văn Tòng")
    waited = []
    monkeypatch.setattr(bench_serve, "wait_until", lambda condition, timeout: waited.append(timeout) or 0.5)

    figures = bench_serve.freshness(province_leader, changes=5, timeout=7)

    # The first change warms the worker and is reported apart; the others are the measured ones.
    assert figures["changes"] == 2 and figures["missed"] == 0 and figures["median_s"] == 0.5
    assert figures["first_s"] == 0.5 and waited == [7, 7, 7]
    settled = Petition.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("status", flat=True)
    assert set(settled) == {Status.SETTLED}
