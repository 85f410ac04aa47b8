"""The demo register runs up to its as-of day (today by default), as a real one stands on that day."""

import datetime as dt

import pytest

from petitions.demo import demo_rows
from reception.demo import seed_reception
from reception.models import ReceptionSession

pytestmark = pytest.mark.django_db

MAP_END = dt.date(2025, 6, 30)  # the legacy Bắc Kạn's last day: later records are its successor's


def received(rows, year):
    return [r for r in rows if r["received_on"].startswith(str(year))]


def test_the_register_reaches_its_as_of_day_and_stops_there():
    rows = demo_rows(seed=3, as_of=dt.date(2025, 3, 14))
    assert max(r["received_on"] for r in rows) <= "2025-03-14"
    assert all(r.get("settled_on", "") <= "2025-03-14" for r in rows)
    assert 350 <= len(received(rows, 2025)) <= 600  # the year in progress: about 2,300 a year so far
    assert 2100 <= len(received(rows, 2024)) <= 2500


def test_the_demo_of_a_legacy_province_stops_with_its_map():
    rows = demo_rows(seed=3, as_of=dt.date(2026, 11, 20))
    assert max(r["received_on"] for r in rows) <= MAP_END.isoformat()


def test_old_cases_are_settled_and_recent_ones_still_open():
    rows = demo_rows(seed=3, as_of=dt.date(2025, 3, 14))
    accepted = [r for r in rows if r.get("accepted_on")]
    old = [r for r in accepted if r["accepted_on"] < "2023-01-01"]
    recent = [r for r in accepted if r["accepted_on"] >= "2025-01-01"]
    old_open = sum(1 for r in old if not r.get("settled_on")) / len(old)
    recent_open = sum(1 for r in recent if not r.get("settled_on")) / len(recent)
    assert old_open < 0.01  # a few deliberate forgotten cases, not one in fifty
    assert recent_open > 0.3


def test_same_seed_and_day_give_the_same_register():
    day = dt.date(2024, 8, 1)
    assert demo_rows(seed=5, as_of=day) == demo_rows(seed=5, as_of=day)
    assert demo_rows(seed=5, as_of=day) != demo_rows(seed=5, as_of=dt.date(2024, 9, 1))


def test_the_reception_register_reaches_its_as_of_day():
    created = seed_reception(seed=2, as_of=dt.date(2025, 3, 14))
    sessions = ReceptionSession.objects.filter(unit__path__startswith="legacy/06/")
    assert sessions.filter(date__gt=dt.date(2025, 3, 14)).count() == 0
    in_2025 = sessions.filter(date__year=2025).count()
    assert 180 <= in_2025 <= 420  # about 1,200 a year, a fifth of the year gone
    assert 3900 <= created <= 4400
