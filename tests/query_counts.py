"""Query-count guards at two data sizes: a query made once per row shows up as a difference.

Used by the `test_list_query_counts.py` file of each app: read a list with a small set of rows, add
rows in the same scope, read it again, and compare the two counts (and an absolute cap).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 2, 12


def read(client, url):
    """The response to GET url and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def read_at_two_sizes(client, url, add_rows, *, small=SMALL, large=LARGE):
    """Read url with `small` rows and again with `large` rows; the first read warms per-process caches."""
    add_rows(small)
    client.get(url)
    at_small = read(client, url)
    add_rows(large - small)
    return at_small, read(client, url)


def assert_same_query_count(at_small, at_large, cap):
    small, large = at_small[1], at_large[1]
    extra = [sql for sql in large if sql not in small] or large[len(small) :]
    assert len(large) == len(small), f"{len(small)} queries for the small set, {len(large)} for the large: {extra}"
    assert len(large) <= cap, large


def assert_page_shows(response, texts):
    """The page rendered and every text is on it (so an empty or refused page cannot pass)."""
    assert response.status_code == 200
    page = response.content.decode()
    missing = [text for text in texts if text not in page]
    assert not missing, missing


def assert_api_lists(response, n):
    """The API answered with exactly n rows, all on this page; returns them."""
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == n and len(body["results"]) == n
    return body["results"]
