"""`make bench`'s serving benchmark measures what a load generator sees: requests, errors, requests per second and
latency, from keep-alive connections (its gunicorn and worker runs need the national dataset: not here)."""

import http.server
import threading

from bench import bench_serve, results


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
