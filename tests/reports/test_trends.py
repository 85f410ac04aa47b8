"""The leader screen's trend over years: the same part of each of the last five years, petitions' resolution and
on-time rates (against the 85% target) with the heads' reception compliance beside them."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from portal.models import AdministrativeUnit
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.selectors import years_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_the_same_part_of_each_of_the_last_five_years():
    assert [p.key for p in years_of(parse_period(period="2024-Q3"))] == [f"{y}-Q3" for y in range(2020, 2025)]
    assert [p.key for p in years_of(parse_period(period="2024"))] == [str(y) for y in range(2020, 2025)]
    custom = years_of(parse_period(date_from="2023-08-01", date_to="2024-02-29"))  # the National Assembly's year
    assert (custom[0].start, custom[0].end) == (dt.date(2019, 8, 1), dt.date(2020, 2, 29))
    assert (custom[1].start, custom[1].end) == (dt.date(2020, 8, 1), dt.date(2021, 2, 28))


def store(kind: str, unit, year: int, **data) -> None:
    period = parse_period(period=str(year))
    ReportSnapshot.objects.create(
        kind=kind,
        unit=unit,
        period_key=period.key,
        start=period.start,
        end=period.end,
        data=data,
        computed_at=timezone.now(),
    )


def test_the_trend_card_reads_each_years_figures(client_for, province_leader):
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    for year, (settled, must) in zip(
        range(2020, 2025), [(80, 100), (90, 100), (85, 100), (0, 0), (172, 200)], strict=True
    ):
        store(
            "petitions",
            province,
            year,
            received=must * 2,
            must_settle=must,
            settled=settled,
            settled_on_time=settled // 2,
            resolution_rate=round(settled * 100 / must, 2) if must else None,
            on_time_rate=50.0 if settled else None,
            target_rate=85.0,
            children=[],
            by_kind={},
        )
        store(
            "reception",
            province,
            year,
            required_head_days=12,
            counted_head_days=year - 2014,
            compliance_rate=round((year - 2014) * 100 / 12, 2),
            children=[],
        )
    page = client_for(province_leader).get(f"/dashboard/{province.pk}/?year=2024").content.decode()
    table = page[page.index('data-trend="petitions"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    assert [re.search(r">(\d{4})</td>", row).group(1) for row in rows] == [str(y) for y in range(2020, 2025)]
    assert "state-overdue" in rows[0] and "80,00%" in rows[0]  # below the 85% target
    assert "state-on_track" in rows[2] and "(85/100)" in rows[2]
    assert "—" in rows[3]  # nothing had to be settled in 2023
    assert "86,00%" in rows[4] and "(172/200)" in rows[4]
    assert "(10/12 ngày)" in rows[4]  # the heads' compliance of 2024 beside it
