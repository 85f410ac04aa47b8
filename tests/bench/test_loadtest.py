"""`make loadtest`, short: twenty signed-in officials for ten seconds on a real gunicorn serving the test database,
on the dashboards, the lists and intake; no 5xx, no connection error, and every petition answered as taken in is in
the database (and no other)."""

import pytest
from django.conf import settings
from django.db import connection

from bench import loadtest
from petitions.models import Petition
from tests.browser.conftest import demo_world  # noqa: F401 (fixture: the demo province after a flush)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the suite's SQLite database is in memory, which a server process cannot share",
    ),
]


def test_twenty_officials_for_ten_seconds_see_no_error_and_lose_no_write(demo_world, tmp_path):  # noqa: F811
    from portal.demo import seed_organisation_current

    seed_organisation_current(seed=2024, password=settings.DEMO_PASSWORD)  # today's map: officials who take in
    before = Petition.objects.count()

    # No broker: each intake's report refresh runs in the request, the heavier way.
    figures = loadtest.run(
        officials=20, seconds=10, workers=3, env={"DEBUG": "1", "REDIS_URL": ""}, log=tmp_path / "gunicorn.log"
    )

    assert figures["server_errors"] == 0, figures
    assert figures["connection_errors"] == 0, figures
    assert figures["unexpected"] == [], figures
    assert figures["intake_succeeded"] > 0 and figures["requests"] > figures["intake_succeeded"] * 2
    assert figures["intake_succeeded"] == figures["petitions_created"] == Petition.objects.count() - before
    assert figures["lost_writes"] == figures["extra_writes"] == 0
    assert figures["ok"]
