"""A leader's numbers reconcile, on the demo province as `make run` loads it (issue 11).

The demo register (Bắc Kạn, 2022–2024) and reception book are loaded once for this module. For the
province, Huyện Ba Bể and Xã Đồng Phúc, in 2024 and in its third quarter:

- the children of every report (the sub-units and the unit's own agencies) add up to the unit;
- every number of the dashboard that links to a list opens a list of exactly that many rows,
  whether the provincial leader or the official of that unit follows it;
- every official form's total row is the sum of its rows, and equals the dashboard.

`pytest -s` prints the province's reconciled figures.
"""

from __future__ import annotations

import html
import io
import re
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from openpyxl import load_workbook

from portal.models import AdministrativeUnit

PETITION_COUNTS = ("received", "carried_over", "accepted", "must_settle", "settled", "settled_on_time", "overdue_open")
RECEPTION_COUNTS = (
    "sessions",
    "head_sessions",
    "delegated_sessions",
    "visits",
    "citizens",
    "delegations",
    "required_head_days",
    "held_head_days",
    "counted_head_days",
)
PERIODS = {"2024": {"year": "2024"}, "2024-Q3": {"year": "2024", "part": "Q3"}}
VISIT_CONDITIONS = {"ethnicity", "ethnic_minority", "no_denunciation"}  # a reception link counting visits
LINK = re.compile(r'<a href="(/(?:petitions|reception)/\?[^"]*)">([\d.,]+)</a>')


@pytest.fixture(scope="module")
def demo_register(django_db_setup, django_db_blocker):
    """The demo petitions and reception sessions, loaded once and rolled back after the module."""
    from petitions.demo import seed_petitions
    from reception.demo import seed_reception

    with django_db_blocker.unblock():
        with transaction.atomic():
            seed_petitions(seed=2024)
            seed_reception(seed=2024)
            yield
            transaction.set_rollback(True)


@pytest.fixture
def places(demo_register, db):
    return {
        "province": AdministrativeUnit.objects.get(generation="legacy", level="province", code="06"),
        "district": AdministrativeUnit.objects.get(generation="legacy", level="district", code="061"),
        "commune": AdministrativeUnit.objects.get(generation="legacy", level="commune", code="01933"),
    }


def period_of(key: str):
    from reports.periods import parse_period

    return parse_period(period=key)


def test_the_children_of_every_report_add_up_to_the_unit(places):
    from reports.engine import petition_report, reception_report

    for unit in places.values():
        for key in PERIODS:
            period = period_of(key)
            petitions = petition_report(unit, period.start, period.end)
            reception = reception_report(unit, period.start, period.end)
            for report, counts in ((petitions, PETITION_COUNTS), (reception, RECEPTION_COUNTS)):
                own = [child for child in report["children"] if child.get("own_level")]
                assert len(own) == 1, (unit.name, key)
                for count in counts:
                    assert sum(child[count] for child in report["children"]) == report[count], (unit.name, key, count)
    province = petition_report(places["province"], *(lambda p: (p.start, p.end))(period_of("2024")))
    assert province["children"][-1]["name"] == "Cơ quan cấp tỉnh"
    assert province["children"][-1]["received"] > 0  # the province's own agencies receive petitions too


def test_the_report_api_names_the_units_own_level(api_for, province_leader, places):
    api = api_for(province_leader)
    for family in ("petitions", "reception"):
        for level, unit in places.items():
            body = api.get(f"/api/v1/reports/{family}/?unit={unit.pk}&period=2024").json()
            own = [child for child in body["children"] if child.get("own_level")]
            name = {"province": "Cơ quan cấp tỉnh", "district": "Cơ quan cấp huyện", "commune": "Cơ quan cấp xã"}
            assert [child["name"] for child in own] == [name[level]], (family, level)
            counts = PETITION_COUNTS if family == "petitions" else RECEPTION_COUNTS
            for count in counts:
                assert sum(child[count] for child in body["children"]) == body[count], (family, level, count)


def _number(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


def _list_count(client, user, url: str) -> int:
    """The rows a list shows: the petition list says its total; the reception list is counted by its FilterSet,
    in sessions, or in visits (its "Lượt tiếp" column) for a number of visits (the ethnicity breakdown's)."""
    if url.startswith("/petitions/"):
        page = client.get(url).content.decode()
        found = re.search(r'data-total="(\d+)"', page)
        assert found, url
        return int(found.group(1))
    from django.http import QueryDict
    from django.test import RequestFactory

    from reception import selectors
    from reception.filtersets import SessionFilterSet

    request = RequestFactory().get(url)
    request.user = user
    query = QueryDict(urlsplit(url).query)
    sessions = SessionFilterSet(query, queryset=selectors.sessions_visible(user), request=request).qs
    if VISIT_CONDITIONS & set(query):
        return sum(session.visit_count for session in sessions)
    return sessions.count()


def _links(page: str) -> list[tuple[str, int]]:
    return [(html.unescape(url), _number(number)) for url, number in LINK.findall(page)]


@pytest.mark.parametrize("who", ["province_leader", "own_official"])
def test_every_number_on_the_dashboard_opens_a_list_of_exactly_that_many_rows(
    client_for, request, places, who, province_leader, district_officer, commune_officer_a
):
    officials = {"province": province_leader, "district": district_officer, "commune": commune_officer_a}
    for level, unit in places.items():
        user = province_leader if who == "province_leader" else officials[level]
        client = client_for(user)
        for key, query in PERIODS.items():
            qs = "&".join(f"{k}={v}" for k, v in query.items())
            page = client.get(f"/dashboard/{unit.pk}/?{qs}").content.decode()
            links = _links(page)
            assert len(links) >= 8, (level, key)  # every figure of the tiles, the kinds, the ranking
            for url, number in links:
                assert _list_count(client, user, url) == number, (level, key, url)
            if level == "district" and key == "2024":
                opened = client.get(next(url for url, _n in links if "metric=must_settle" in url)).content.decode()
                assert "Vụ việc phải giải quyết · Huyện Ba Bể · năm 2024" in opened
                assert f'href="/dashboard/{unit.pk}/?year=2024"' in opened  # back to the dashboard


def _form_rows(data: bytes) -> tuple[list[tuple[str, list[float]]], tuple[str, list[float]]]:
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    numbers = next(i for i, row in enumerate(values) if row[0] == "A")
    body = []
    for row in values[numbers + 1 :]:
        if row[0] is None:
            break
        body.append((row[0], [float(v or 0) for v in row[1:]]))
    return body[:-1], body[-1]


def test_every_official_form_adds_up_and_matches_the_dashboard(places):
    from reports import registry
    from reports.engine import petition_report, reception_report

    forms = {key: export for key, export in registry.exports().items() if export.per_period}
    assert {"01-kqgq", "02-kqgq", "01-xld", "02-xld", "03-xld", "04-xld", "01-tcd"} <= set(forms)
    printed = {}
    for level, unit in places.items():
        for key in PERIODS:
            period = period_of(key)
            figures = petition_report(unit, period.start, period.end)
            complaints = figures["by_kind"]["complaint"]
            reception = reception_report(unit, period.start, period.end)
            totals = {}
            for form_key, export in forms.items():
                rows, (total_name, total) = _form_rows(export.build(unit, period.start, period.end))
                assert total_name == "Tổng cộng", form_key
                assert rows[-1][0] in ("Cơ quan cấp tỉnh", "Cơ quan cấp huyện", "Cơ quan cấp xã"), form_key
                for column, value in enumerate(total):
                    assert sum(row[1][column] for row in rows) == pytest.approx(value), (level, key, form_key, column)
                totals[form_key] = total
            # 01/KQGQ: column 1 = complaints to settle, 2 carried over, 3 accepted, 4 settled, 15 on time
            kqgq = totals["01-kqgq"]
            assert (kqgq[0], kqgq[1], kqgq[2], kqgq[3], kqgq[14]) == (
                complaints["must_settle"],
                complaints["carried_over"],
                complaints["accepted"],
                complaints["settled"],
                complaints["settled_on_time"],
            ), (level, key)
            # 0x/XLD: column 3 = petitions received in the period, of each kind group
            received = {k: figures["by_kind"][k]["received"] for k in figures["by_kind"]}
            assert totals["01-xld"][2] == figures["received"], (level, key)
            assert totals["02-xld"][2] == received["complaint"], (level, key)
            assert totals["03-xld"][2] == received["denunciation"], (level, key)
            assert totals["04-xld"][2] == received["recommendation_reflection"], (level, key)
            # 01/TCD: 1 = visits, 2 = people, 7 + 14 + 21 = delegations (regular, head's, authorised)
            tcd = totals["01-tcd"]
            assert (tcd[0], tcd[1], tcd[6] + tcd[13] + tcd[20]) == (
                reception["visits"],
                reception["citizens"],
                reception["delegations"],
            ), (level, key)
            if level == "province":
                printed[key] = (figures, reception, kqgq, totals["01-tcd"])
    for key, (figures, reception, kqgq, tcd) in printed.items():
        print(
            f"\nTỉnh Bắc Kạn {key}: received {figures['received']}, must_settle {figures['must_settle']}, "
            f"settled {figures['settled']}, settled_on_time {figures['settled_on_time']}, "
            f"overdue_open {figures['overdue_open']}; complaints (01/KQGQ) {int(kqgq[0])} to settle, "
            f"{int(kqgq[3])} settled; reception {reception['sessions']} sessions, {reception['visits']} visits "
            f"(01/TCD {int(tcd[0])} visits)"
        )
        for child in figures["children"]:
            print(
                f"   {child['name']:<22} received {child['received']:>5}  must_settle {child['must_settle']:>5}"
                f"  settled {child['settled']:>5}  overdue {child['overdue_open']:>4}"
            )
