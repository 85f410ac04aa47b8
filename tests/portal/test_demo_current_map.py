"""The demo goes on after 1 July 2025 on the two-level map: Tỉnh Thái Nguyên, which took over Bắc Kạn,
has its agencies and accounts (tn.*, tnxa.*), and the register and reception book run to today on them.

Seeded once for the module (2025 and 2026 only, to stay fast) on 20 Nov 2026, and rolled back after it.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.db import transaction

from petitions.demo import demo_rows, rows_to_csv
from petitions.importer import petitions_import
from petitions.models import Petition
from petitions.selectors import OPEN_STATUSES
from portal.models import AdministrativeUnit, Agency, User
from reception.models import ReceptionSession

AS_OF = dt.date(2026, 11, 20)
MAP_END = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def demo_2025(django_db_setup, django_db_blocker):
    """The 2025 organisation, the 2025–2026 register and the reception book, as seed_demo makes them."""
    from petitions.models import DeadlineRule
    from petitions.rule_defaults import load_default_rules
    from portal.catalog_defaults import load_default_catalogs
    from portal.demo import seed_organisation, seed_organisation_current
    from portal.models import CatalogEntry
    from reception.demo import seed_reception

    with django_db_blocker.unblock(), time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        with transaction.atomic():
            # As seed_demo finds it, even after a transactional test emptied the database.
            load_default_rules(DeadlineRule)
            load_default_catalogs(CatalogEntry)
            seed_organisation(seed=2024, password=settings.DEMO_PASSWORD)
            accounts = seed_organisation_current(seed=2024, password=settings.DEMO_PASSWORD)
            rows = demo_rows(seed=2024, as_of=AS_OF, volumes={2025: 2300, 2026: 2080}, current_map=True)
            report = petitions_import(source=io.BytesIO(rows_to_csv(rows)), filename="demo-2025.csv")
            assert report.ok, report.error_lines()[:5]
            seed_reception(seed=2024, as_of=AS_OF, current_map=True)
            yield {"accounts": accounts, "rows": rows}
            transaction.set_rollback(True)


@pytest.fixture
def today(demo_2025):
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield AS_OF


def account(username: str) -> User:
    return User.objects.select_related("agency__unit").get(username=username)


def test_the_2025_province_has_its_agencies_and_an_account_for_every_role(demo_2025, db):
    from portal.demo import seed_organisation_current

    leader = account("tn.lanhdao")
    assert leader.agency.name == "Ủy ban nhân dân tỉnh Thái Nguyên" and leader.agency.head == leader
    assert leader.agency.unit.generation == "2025"
    commune = account("tnxa.xulydon").agency
    assert commune.name == "Ủy ban nhân dân Xã Đồng Phúc" and commune.unit.path == "2025/19/01933/"
    assert commune.head == account("tnxa.lanhdao")
    names = {a.username for a in demo_2025["accounts"]}
    assert {"tn.lanhdao", "tn.xulydon", "tn.tiepdan", "tnxa.xulydon", "tnxa.lanhdao"} <= names
    agencies, users = Agency.objects.count(), User.objects.count()
    seed_organisation_current(seed=2024, password=settings.DEMO_PASSWORD)  # a second run makes nothing
    assert (Agency.objects.count(), User.objects.count()) == (agencies, users)


def test_petitions_before_the_reform_stay_on_the_old_map_and_later_ones_go_to_the_new(demo_2025):
    rows = demo_2025["rows"]
    before = [r for r in rows if r["received_on"] <= MAP_END.isoformat()]
    after = [r for r in rows if r["received_on"] > MAP_END.isoformat()]
    assert before and after
    assert {r["unit_generation"] for r in before} == {"legacy"}
    assert {r["unit_generation"] for r in after} == {"2025"}
    assert max(r["received_on"] for r in rows) <= AS_OF.isoformat()
    # a matter first written after the reform gives an address on the new map (no district); the
    # petitioners of an older matter who write again keep the address they gave
    started = {}
    for r in rows:
        started.setdefault(r["case_key"], r["received_on"])
    new = [r for r in after if started[r["case_key"]] > MAP_END.isoformat() and r["petitioner_address"]]
    assert new and all(r["petitioner_address"].endswith(", Tỉnh Thái Nguyên") for r in new)
    assert not any("Huyện" in r["petitioner_address"] for r in new)


def test_the_new_provinces_leader_opens_this_year_with_petitions_received(client_for, today):
    page = client_for(account("tn.lanhdao")).get("/dashboard/").content.decode()
    assert "Số liệu từ 01/01/2026 đến hôm nay 20/11/2026" in page
    received = re.search(r"<dt>Đơn tiếp nhận</dt><dd><a [^>]*>([\d.]+)</a>", page)
    assert received and int(received.group(1).replace(".", "")) > 1000  # about 2,300 a year


def test_the_new_communes_officials_have_open_petitions_on_their_desk(client_for, today):
    officer = account("tnxa.xulydon")
    open_here = Petition.objects.visible_to(officer).filter(status__in=OPEN_STATUSES)
    assert open_here.exists() and not open_here.filter(unit__generation="legacy").exists()
    page = client_for(account("tnxa.lanhdao")).get("/").content.decode()  # the chair heads the committee
    assert "Đơn bạn đang xử lý" in page


def test_reception_goes_on_after_the_reform_with_the_new_agencies(demo_2025, db):
    sessions = ReceptionSession.objects.filter(date__gt=MAP_END)
    legacy_province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    assert not sessions.filter(unit__path__startswith=legacy_province.path).exists()
    assert sessions.filter(unit__path__startswith="2025/19/", date__year=2026).count() > 500
    assert sessions.filter(agency__name="Ủy ban nhân dân Xã Đồng Phúc", unit__generation="2025").exists()
    assert ReceptionSession.objects.filter(unit__path__startswith=legacy_province.path, date__lte=MAP_END).exists()


def test_up_to_the_reform_the_register_is_the_same_with_or_without_the_new_map(db):
    day, volumes = dt.date(2025, 6, 30), {2025: 400}
    assert demo_rows(seed=9, as_of=day, volumes=volumes, current_map=True) == demo_rows(
        seed=9, as_of=day, volumes=volumes
    )


def test_a_quiet_month_still_leaves_the_commune_handler_work_on_his_first_screen(demo_2025, today, client_for):
    from portal.management.commands.seed_demo import _fresh_work_at_the_demo_commune

    handler = User.objects.get(username="tnxa.xulydon")
    Petition.objects.filter(unit=handler.agency.unit, status__in=OPEN_STATUSES).update(status="closed")  # a quiet draw
    assert _fresh_work_at_the_demo_commune(today) == 3
    assert _fresh_work_at_the_demo_commune(today) == 0  # run again: it has work already
    page = client_for(handler).get("/").content.decode()
    assert "Đơn bạn đang xử lý" in page and "Đang mở" in page
