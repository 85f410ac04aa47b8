"""Alerts read the stored report figures: these tests write the snapshots of 2026 by hand, with chosen numbers,
and run on Friday 20 Nov 2026 (ISO week 2026-W47), 9:00 in Hà Nội."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from portal.models import AdministrativeUnit, User
from reports.models import ReportSnapshot

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def _persona(username: str):
    @pytest.fixture
    def persona(db) -> User:
        return User.objects.select_related("agency__unit").get(username=username)

    return persona


commune_leader = _persona("xa.lanhdao")  # Chủ tịch UBND xã Đồng Phúc
neighbour_leader = _persona("xa2.lanhdao")  # Chủ tịch UBND xã Hoàng Trĩ


@pytest.fixture
def dong_phuc(commune_leader) -> AdministrativeUnit:
    return commune_leader.agency.unit


@pytest.fixture
def hoang_tri(neighbour_leader) -> AdministrativeUnit:
    return neighbour_leader.agency.unit


@pytest.fixture
def ba_be(district_leader) -> AdministrativeUnit:
    return district_leader.agency.unit


@pytest.fixture
def snapshot():
    """Store a family's figures of 2026 for a unit, as the report tasks would (report_get reads them first)."""

    def store(kind: str, unit: AdministrativeUnit, **data) -> ReportSnapshot:
        row, _created = ReportSnapshot.objects.update_or_create(
            kind=kind,
            unit=unit,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            params="",
            defaults={"period_key": "2026", "data": {"unit": unit.pk, **data}, "computed_at": timezone.now()},
        )
        return row

    return store


def petitions(rate=90.0, settled=45, must_settle=50, overdue=0) -> dict:
    return {
        "resolution_rate": rate,
        "settled": settled,
        "must_settle": must_settle,
        "overdue_open": overdue,
        "target_rate": 85.0,
    }


def reform(overdue=0, planned=10, completed=6) -> dict:
    part = {"planned": planned, "completed": completed, "overdue": overdue}
    return {"planned": 0, "completed": 0, "overdue": 0, "subtree": part}


def duty(required: int, counted: int, ended: tuple[int, int] | None | bool = True) -> dict:
    """A row's duty figures; `ended` = (required, counted) over the ended weeks and months: by default the same
    figures (every period over), False for a snapshot stored before they were kept."""
    row = {
        "required_head_days": required,
        "counted_head_days": counted,
        "compliance_rate": round(counted * 100 / required, 2) if required else None,
    }
    if ended is not False:
        required_ended, counted_ended = (required, counted) if ended is True else ended
        row.update(required_ended_head_days=required_ended, counted_ended_head_days=counted_ended)
    return row


def reception(required=4, counted=4, children=(), ended: tuple[int, int] | bool = True) -> dict:
    return {**duty(required, counted, ended), "children": list(children)}


def commune_row(unit: AdministrativeUnit, required: int, counted: int, ended: tuple[int, int] | bool = True) -> dict:
    return {"unit": unit.pk, "code": unit.code, "name": unit.name, **duty(required, counted, ended)}


@pytest.fixture
def quiet(snapshot):
    """Every family of a unit within bounds: nothing to alert."""

    def store(unit: AdministrativeUnit) -> None:
        snapshot("petitions", unit, **petitions())
        snapshot("reception", unit, **reception())
        snapshot("reform", unit, **reform())

    return store
