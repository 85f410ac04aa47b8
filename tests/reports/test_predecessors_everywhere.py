"""A 2025 province shown with the pre-2025 provinces it succeeded ("Gộp số liệu trước 01/7/2025"): every family on
the dashboard counts their records as the petitions do, each predecessor is one more child row so that the children
still add up, and every number of the merged dashboard opens exactly its records (the lists filter one unit, so a
merged figure is split into its parts, each with its own link). Without the toggle nothing changes."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import time_machine

from models_registry.choices import RecognitionLevel, Status
from models_registry.family import ModelsParams
from models_registry.models import Programme
from petitions.services import PetitionerData, petition_receive
from portal.choices import AgencyKind, Generation, Level, Role
from portal.demo import DEMO_COMMUNE_CODE, DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import official_create
from portal.unit_status import unit_status_record
from reform.family import ReformParams
from reports import registry
from reports.engine import rate, reception_report
from reports.ethnicity import EthnicityParams
from reports.families import PetitionParams, ReceptionParams
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.registry import Selection
from reports.services import report_refresh, reports_refresh_for_changes
from support.family import SupportParams
from support.models import ActivityType
from support.services import ActivityData, activity_confirm, activity_record, assignment_create
from tests.models_registry.test_family import add, make_round
from tests.reform.conftest import complete, make_plan, make_task

pytestmark = pytest.mark.django_db

BAC_KAN_ROW = "Tỉnh Bắc Kạn (trước 01/7/2025)"
LEGACY_ROWS = [BAC_KAN_ROW, "Tỉnh Thái Nguyên (trước 01/7/2025)"]


@pytest.fixture(autouse=True)
def built_in_families_only():
    """Overrides tests/reports/conftest.py: here every family is on the dashboard, the later apps' too."""
    yield


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def thai_nguyen(db) -> AdministrativeUnit:
    """Tỉnh Thái Nguyên on the 2025 map: it succeeded Bắc Kạn and the old Thái Nguyên."""
    return AdministrativeUnit.objects.get(generation=Generation.CURRENT, level=Level.PROVINCE, code="19")


@pytest.fixture
def bac_kan(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE)


@pytest.fixture
def dong_phuc(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.COMMUNE, code=DEMO_COMMUNE_CODE)


def committee(unit: AdministrativeUnit) -> Agency:
    agency, _created = Agency.objects.get_or_create(
        unit=unit,
        kind=AgencyKind.PEOPLES_COMMITTEE,
        defaults={"name": f"Ủy ban nhân dân {unit.name}", "short_name": "UBND"},
    )
    return agency


def compute(key: str, unit: AdministrativeUnit, period: str, *, merged: bool) -> dict:
    family = registry.family(key)
    p = parse_period(period=period)
    params = family.params.for_selection(Selection(with_predecessors=merged))
    return family.compute(unit, p.start, p.end, params)


def legacy_rows(figures: dict) -> dict[str, dict]:
    return {row["name"]: row for row in figures["children"] if row.get("legacy")}


def dashboard(client, unit: AdministrativeUnit, year: int, *, merged: bool) -> str:
    response = client.get(f"/dashboard/{unit.pk}/?year={year}" + ("&legacy=1" if merged else ""))
    assert response.status_code == 200
    return response.content.decode()


def figure_block(page: str, name: str) -> str:
    start = page.index(f'data-figure="{name}"')
    return page[start : page.index("</div></div>", start)]


def links(html: str, prefix: str) -> list[tuple[str, int]]:
    """Every number linked to a list under `prefix`, with the link."""
    return [(unescape(href), int(n)) for href, n in re.findall(rf'href="({prefix}[^"]*)">(\d+)</a>', html)]


def opened(client, href: str) -> int:
    """How many records the list a dashboard number links to holds."""
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["page"].paginator.count


def assert_every_link_opens_its_number(client, html: str, prefix: str) -> None:
    found = links(html, prefix)
    assert found
    for href, number in found:
        assert opened(client, href) == number, href


def assert_parts_add_up(client, html: str, prefix: str, total: int) -> None:
    parts = links(html, prefix)
    assert len(parts) == 3  # the province, then Bắc Kạn and the old Thái Nguyên
    assert sum(number for _href, number in parts) == total
    assert sum(opened(client, href) for href, _number in parts) == total


# --- the parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "key"),
    [
        (ModelsParams(with_predecessors=True), "+legacy"),
        (ModelsParams(programme_id=2, with_predecessors=True), "programme=2+legacy"),
        (ModelsParams(programme_id=2), "programme=2"),
        (ReformParams(with_predecessors=True), "+legacy"),
        (ReformParams(as_of=dt.date(2024, 6, 30), with_predecessors=True), "as_of=2024-06-30+legacy"),
        (SupportParams(with_predecessors=True), "+legacy"),
        (SupportParams(), ""),
        (EthnicityParams(with_predecessors=True), "+legacy"),
        (EthnicityParams(agency_id=7), "agency=7"),
        (ReceptionParams(with_predecessors=True), "+legacy"),
        (ReceptionParams(agency_id=7), "agency=7"),
        (ReceptionParams(), ""),
        (PetitionParams(kind="complaint", with_predecessors=True), "complaint+legacy"),
    ],
)
def test_the_merged_figures_are_stored_under_the_petitions_key(params, key):
    assert params.to_key() == key
    assert type(params).from_key(key) == params


@pytest.mark.parametrize("key", ["petitions", "reception", "models", "reform", "support", "ethnicity"])
def test_the_dashboard_toggle_reaches_every_family_and_an_agency_merges_nothing(key):
    params = registry.family(key).params
    assert params.for_selection(Selection(with_predecessors=True)).to_key().endswith("+legacy")
    assert "+legacy" not in params.for_selection(Selection(agency_id=3, with_predecessors=True)).to_key()


@pytest.mark.parametrize("key", ["petitions", "reception", "models", "reform", "support", "ethnicity"])
def test_a_legacy_communes_change_moves_its_successor_provinces_figures(key, dong_phuc, thai_nguyen):
    assert thai_nguyen in registry.family(key).units_moved(dong_phuc)
    assert registry.family(key).units_moved(thai_nguyen) == [thai_nguyen]


# --- models -------------------------------------------------------------------------------------


@pytest.fixture
def models(bac_kan, dong_phuc, thai_nguyen):
    """Two models of Bắc Kạn's 2024 round (one recognised), and one placed in a commune of the 2025 province."""
    officer = User.objects.select_related("agency__unit").get(username="tinh.danvan")
    round_ = make_round(Programme.objects.get(code="dan-van-kheo"), bac_kan, officer, 2024, RecognitionLevel.PROVINCE)
    d = dt.date
    add(
        round_,
        dong_phuc,
        "Mô hình xã",
        status=Status.RECOGNIZED,
        registered_on=d(2024, 3, 1),
        recognized_on=d(2024, 5, 1),
    )
    add(round_, bac_kan, "Mô hình tỉnh", registered_on=d(2024, 3, 2))
    new_commune = thai_nguyen.children.order_by("code").first()
    committee(new_commune)
    add(round_, new_commune, "Mô hình xã mới", registered_on=d(2024, 3, 3))
    return round_


def test_the_models_funnel_counts_the_predecessors_models(models, thai_nguyen):
    alone = compute("models", thai_nguyen, "2024", merged=False)
    merged = compute("models", thai_nguyen, "2024", merged=True)
    assert (alone["registered"], alone["recognized"]) == (1, 0)
    assert (merged["registered"], merged["recognized"]) == (3, 1)
    assert not legacy_rows(alone)
    rows = legacy_rows(merged)
    assert list(rows) == LEGACY_ROWS and rows[BAC_KAN_ROW]["registered"] == 2
    for stage in ("registered", "recognized", "typical"):
        assert sum(row[stage] for row in merged["children"]) == merged[stage]


def test_the_merged_dashboard_shows_the_models_funnel_and_each_part_opens_its_models(
    models, thai_nguyen, client_for, admin
):
    client = client_for(admin)
    page = dashboard(client, thai_nguyen, 2024, merged=True)
    registered = figure_block(page, "models-registered")
    assert "<dd>3</dd>" in registered  # the merged figure, which no single list can open
    parts = registered[registered.index('data-parts="registered"') :]
    assert_parts_add_up(client, parts, "/models/", 3)
    assert BAC_KAN_ROW in page
    assert_every_link_opens_its_number(client, page, "/models/")

    alone = figure_block(dashboard(client, thai_nguyen, 2024, merged=False), "models-registered")
    assert re.search(r'<dd><a href="/models/\?[^"]+">1</a></dd>', alone) and "data-parts" not in alone


def test_a_change_in_bac_kan_moves_the_merged_models_figures(models, dong_phuc, thai_nguyen):
    period = parse_period(period="2024")
    report_refresh(kind="models", unit=thai_nguyen, period=period, params=ModelsParams(with_predecessors=True))
    add(models, dong_phuc, "Mô hình đăng ký sau", registered_on=dt.date(2024, 3, 4))
    reports_refresh_for_changes(changes=[(dong_phuc, dt.date(2024, 3, 4))])
    merged = ReportSnapshot.objects.get(kind="models", unit=thai_nguyen, period_key="2024", params="+legacy")
    assert merged.data["registered"] == 4


# --- reform -------------------------------------------------------------------------------------


@pytest.fixture
def reform_plans(bac_kan, thai_nguyen):
    """Bắc Kạn's committee plan of 2024 (two tasks, one completed), a Ba Bể plan (one task), and the 2025
    province's committee plan (one task)."""
    bac_kan_committee = committee(bac_kan)
    plan = make_plan(bac_kan_committee, year=2024)
    complete(make_task(plan, bac_kan_committee, dt.date(2024, 6, 30)), dt.date(2024, 6, 20))
    make_task(plan, bac_kan_committee, dt.date(2024, 9, 30))
    ba_be = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.DISTRICT, code="061")
    make_task(make_plan(committee(ba_be), year=2024), committee(ba_be), dt.date(2024, 11, 30))
    new_committee = committee(thai_nguyen)
    make_task(make_plan(new_committee, year=2024), new_committee, dt.date(2024, 12, 15))


def test_reform_completion_counts_the_predecessors_plans(reform_plans, thai_nguyen):
    alone = compute("reform", thai_nguyen, "2024", merged=False)
    merged = compute("reform", thai_nguyen, "2024", merged=True)
    assert (alone["planned"], alone["completed"], alone["subtree"]["planned"]) == (1, 0, 1)
    assert (merged["planned"], merged["completed"]) == (3, 1)  # the committees' plans: the province's, Bắc Kạn's
    assert merged["subtree"]["planned"] == 4  # Ba Bể's plan too
    rows = legacy_rows(merged)
    assert list(rows) == LEGACY_ROWS and rows[BAC_KAN_ROW]["planned"] == 3
    for key in ("planned", "completed", "overdue"):
        assert sum(row[key] for row in merged["children"]) == merged["subtree"][key]
    assert [(p["planned"], p["completed"]) for p in merged["parts"]] == [(1, 0), (2, 1), (0, 0)]


def test_the_merged_dashboard_shows_reform_completion_and_each_part_opens_its_tasks(
    reform_plans, thai_nguyen, client_for, admin
):
    client = client_for(admin)
    page = dashboard(client, thai_nguyen, 2024, merged=True)
    completion = figure_block(page, "reform-completion")
    assert "1 / 3" in completion  # completed / planned, merged
    parts = completion[completion.index('data-parts="reform"') :]
    planned = [(href, n) for href, n in links(parts, "/reform/tasks/") if "figure=planned" in href]
    assert sum(n for _href, n in planned) == 3 == sum(opened(client, href) for href, _n in planned)
    assert_every_link_opens_its_number(client, page, "/reform/tasks/")

    alone = figure_block(dashboard(client, thai_nguyen, 2024, merged=False), "reform-completion")
    assert "data-parts" not in alone and ">1</a> " in alone


# --- support ------------------------------------------------------------------------------------


@pytest.fixture
def support(dong_phuc):
    """Đồng Phúc (region III) assigned to a department of Bắc Kạn, which delivered one confirmed activity."""
    unit_status_record(actor=None, unit=dong_phuc, valid_from=dt.date(2021, 6, 4), region="III")
    danvan = User.objects.select_related("agency__unit").get(username="tinh.danvan")
    department = Agency.objects.create(
        unit=danvan.agency.unit, name="Sở Y tế tỉnh Bắc Kạn", short_name="SYT", kind=AgencyKind.DEPARTMENT
    )
    officer = official_create(
        actor=None,
        username="syt.hotro",
        full_name="Lò Văn Hải",
        password="Hotro-2026-xa",
        agency=department,
        roles=[Role.DEPARTMENT_OFFICER],
    )
    [assignment] = assignment_create(
        actor=danvan,
        year=2026,
        agency=department,
        communes=[dong_phuc],
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2026, 1, 15),
    )
    data = ActivityData(
        activity_type=ActivityType.objects.get(code="medical"),
        date=dt.date(2026, 10, 12),
        description="Khám bệnh, cấp thuốc miễn phí cho người cao tuổi",
        money_vnd=0,
        in_kind_vnd=45_000_000,
        quantity=320,
        beneficiaries=320,
        beneficiaries_female=170,
        beneficiaries_ethnic_minority=290,
    )
    activity = activity_record(actor=officer, assignment=assignment, data=data, submit=True)
    activity_confirm(actor=User.objects.get(username="xa.lanhdao"), activity=activity)


def test_support_counts_the_predecessors_communes(support, thai_nguyen):
    alone = compute("support", thai_nguyen, "2026", merged=False)
    merged = compute("support", thai_nguyen, "2026", merged=True)
    assert (alone["assigned_communes"], alone["activities"]) == (0, 0)
    assert (merged["assigned_communes"], merged["covered_communes"], merged["activities"]) == (1, 1, 1)
    assert merged["agencies"] == 1 and merged["inactive_agencies"] == 0
    rows = legacy_rows(merged)
    assert list(rows) == LEGACY_ROWS and rows[BAC_KAN_ROW]["value_vnd"] == 45_000_000
    for key in ("assigned_communes", "covered_communes", "activities", "value_vnd"):
        assert sum(row[key] for row in merged["children"]) == merged[key]


def test_the_merged_dashboard_shows_support_and_each_part_opens_its_communes(support, thai_nguyen, client_for, admin):
    client = client_for(admin)
    page = dashboard(client, thai_nguyen, 2026, merged=True)
    coverage = figure_block(page, "support-coverage")
    assert "100,00%" in coverage or "100.00%" in coverage
    parts = coverage[coverage.index('data-parts="support"') :]
    assigned = [(href, n) for href, n in links(parts, "/support/communes/") if "covered" not in href]
    assert sum(n for _href, n in assigned) == 1 == sum(opened(client, href) for href, _n in assigned)
    assert_every_link_opens_its_number(client, page, "/support/")

    assert 'data-figure="support-coverage"' not in dashboard(client, thai_nguyen, 2026, merged=False)


# --- ethnicity ----------------------------------------------------------------------------------


def test_the_ethnicity_breakdown_counts_the_predecessors_petitions(commune_officer_a, thai_nguyen, client_for, admin):
    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2024, 6, 3),
        summary="Kiến nghị năm 2024",
        petitioners=[PetitionerData("Hà Văn D", ethnicity="07")],
    )
    alone = compute("ethnicity", thai_nguyen, "2024", merged=False)
    merged = compute("ethnicity", thai_nguyen, "2024", merged=True)
    assert (alone["petitions"], merged["petitions"]) == (0, 1)
    assert list(legacy_rows(merged)) == LEGACY_ROWS
    for key in ("petitions", "visits", "minority_petitions", "minority_visits"):
        assert sum(row[key] for row in merged["children"]) == merged[key]

    client = client_for(admin)
    page = dashboard(client, thai_nguyen, 2024, merged=True)
    card = page[page.index('aria-labelledby="ethnicity-title"') :]
    card = card[: card.index("</section>")]
    parts = re.findall(r'<tr data-part="\d+">(.*?)</tr>', card, flags=re.S)
    assert len(parts) == 3 and BAC_KAN_ROW in parts[1]
    petitions = [links(row, "/petitions/")[0] for row in parts]
    assert sum(n for _href, n in petitions) == 1 == sum(opened(client, href) for href, _n in petitions)
    assert not links(card.split("<tfoot>")[0], "/petitions/")  # the merged rows link nowhere

    alone_card = dashboard(client, thai_nguyen, 2024, merged=False)
    assert "data-part=" not in alone_card


# --- petitions and reception: the year 2025, Bắc Kạn's records before 1 Jul, the 2025 province's after ---------

YEAR_2025 = parse_period(period="2025")


def parts_of(page: str, figure: str, parts: str, prefix: str) -> list[tuple[str, int]]:
    """The linked parts ("gồm …") of one top figure of the merged dashboard."""
    block = figure_block(page, figure)
    return links(block[block.index(f'data-parts="{parts}"') :], prefix)


def each_unit_alone(report, unit: AdministrativeUnit) -> list[dict]:
    """The figures of the 2025 province alone, then of each province it succeeded alone."""
    from portal.unit_rows import predecessor_provinces

    return [report(part, YEAR_2025.start, YEAR_2025.end) for part in (unit, *predecessor_provinces(unit))]


@pytest.fixture
def new_commune_committee(thai_nguyen) -> Agency:
    return committee(thai_nguyen.children.order_by("code").first())


@pytest.fixture
def petitions_2025(commune_officer_a, new_commune_committee):
    """Xã Đồng Phúc (Bắc Kạn): a complaint settled on time, a denunciation overdue, a recommendation; a commune of
    the 2025 province: a complaint settled on time, a reflection."""
    from tests.reports.test_engine import Desk

    d = dt.date
    bac_kan = Desk(commune_officer_a)
    bac_kan.settle(bac_kan.accepted("complaint", d(2025, 3, 3), d(2025, 3, 7)), d(2025, 3, 20))
    bac_kan.accepted("denunciation", d(2025, 4, 1), d(2025, 4, 4))
    bac_kan.receive("recommendation", d(2025, 5, 5))
    new = Desk(None, new_commune_committee)
    new.settle(new.accepted("complaint", d(2025, 8, 4), d(2025, 8, 8)), d(2025, 8, 20))
    new.receive("reflection", d(2025, 9, 1))


PETITION_COUNTS = ("received", "carried_over", "accepted", "must_settle", "settled", "settled_on_time", "overdue_open")


def test_the_merged_petition_figures_are_the_sum_of_each_units_alone(petitions_2025, thai_nguyen):
    from reports.engine import petition_report

    merged = compute("petitions", thai_nguyen, "2025", merged=True)
    parts = each_unit_alone(petition_report, thai_nguyen)
    assert (merged["received"], merged["must_settle"], merged["settled"], merged["overdue_open"]) == (5, 3, 2, 1)
    assert [part["received"] for part in parts] == [2, 3, 0]
    for key in PETITION_COUNTS:
        assert merged[key] == sum(part[key] for part in parts), key
        assert sum(row[key] for row in merged["children"]) == merged[key], key
    assert list(legacy_rows(merged)) == LEGACY_ROWS


PETITION_TILES = [
    ("petitions-received", "received", 5),
    ("petitions-must-settle", "must_settle", 3),
    ("petitions-resolution", "settled", 5),  # settled / must_settle of each part: 2 + 3
    ("petitions-on-time", "settled_on_time", 4),  # settled on time / settled of each part: 2 + 2
    ("petitions-overdue", "overdue_open", 1),
]


def test_the_merged_dashboard_links_each_petition_figure_part_by_part(petitions_2025, thai_nguyen, client_for, admin):
    client = client_for(admin)
    page = dashboard(client, thai_nguyen, 2025, merged=True)
    assert "<dd>5</dd>" in figure_block(page, "petitions-received")  # the merged figure, which no list can open
    for figure, parts, total in PETITION_TILES:
        assert not links(figure_block(page, figure).split('data-parts="')[0], "/petitions/"), figure
        found = parts_of(page, figure, parts, "/petitions/")
        assert len(found) == 3 * (2 if figure in ("petitions-resolution", "petitions-on-time") else 1), figure
        assert sum(n for _href, n in found) == total == sum(opened(client, href) for href, _n in found), figure

    overdue = page[page.index('aria-labelledby="overdue-title"') :]
    overdue = overdue[: overdue.index("</section>")]
    assert "1 vụ việc" in overdue and BAC_KAN_ROW in overdue  # Bắc Kạn's overdue denunciation is listed
    assert [n for _href, n in links(overdue, "/petitions/")] == [0, 1, 0]

    by_kind = page[page.index('aria-labelledby="kind-title"') :]
    assert not links(by_kind[: by_kind.index("</section>")], "/petitions/")  # merged rows: no link, a note

    assert_every_link_opens_its_number(client, page, "/petitions/?")


def test_without_the_toggle_the_petition_figures_are_the_provinces_and_link_as_before(
    petitions_2025, thai_nguyen, client_for, admin
):
    client = client_for(admin)
    page = dashboard(client, thai_nguyen, 2025, merged=False)
    received = figure_block(page, "petitions-received")
    assert re.search(r'<dd><a href="/petitions/\?unit=\d+&amp;received_from=2025-01-01[^"]*">2</a></dd>', received)
    assert "data-parts" not in page and BAC_KAN_ROW not in page
    assert_every_link_opens_its_number(client, page, "/petitions/?")


@pytest.fixture
def sessions_2025(commune_officer_a, new_commune_committee):
    """Xã Đồng Phúc (Bắc Kạn): the chair's periodic session (a group of 3) and a staff session; a commune of the
    2025 province: a staff session. One visit each."""
    from petitions.choices import Kind
    from reception.choices import ReceivedBy, SessionKind, VisitAction
    from reception.services import CitizenData, VisitData, reception_session_record

    officer, chair = User.objects.get(username="xa.tiepdan"), User.objects.get(username="xa.lanhdao")

    def session(agency, day, kind, received_by, *, receiver=None, people=1):
        visit = VisitData(
            kind=Kind.RECOMMENDATION,
            content="Kiến nghị về đường liên thôn",
            action=VisitAction.ANSWERED,
            citizens=[CitizenData("Hoàng Văn Dân")],
            people_count=people,
        )
        reception_session_record(
            actor=officer if agency == commune_officer_a.agency else None,
            agency=agency,
            date=day,
            kind=kind,
            received_by=received_by,
            receiver=receiver,
            receiver_name="Chủ tịch UBND xã" if receiver else "Công chức tiếp công dân",
            visits=[visit],
        )

    d = dt.date
    session(commune_officer_a.agency, d(2025, 3, 10), SessionKind.PERIODIC, ReceivedBy.HEAD, receiver=chair, people=3)
    session(commune_officer_a.agency, d(2025, 4, 14), SessionKind.REGULAR, ReceivedBy.STAFF)
    session(new_commune_committee, d(2025, 9, 8), SessionKind.REGULAR, ReceivedBy.STAFF)


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
    "required_ended_head_days",
    "counted_ended_head_days",
)


def test_reception_counts_the_predecessors_sessions_and_heads(sessions_2025, thai_nguyen):
    alone = compute("reception", thai_nguyen, "2025", merged=False)
    merged = compute("reception", thai_nguyen, "2025", merged=True)
    parts = each_unit_alone(reception_report, thai_nguyen)
    assert (alone["sessions"], alone["citizens"]) == (1, 1)
    assert (merged["sessions"], merged["visits"], merged["citizens"], merged["head_sessions"]) == (3, 3, 5, 1)
    assert not legacy_rows(alone)
    rows = legacy_rows(merged)
    assert list(rows) == LEGACY_ROWS and rows[BAC_KAN_ROW]["sessions"] == 2
    # the heads of Bắc Kạn's agencies owe their days too: the figures are those of each unit alone, added up
    assert rows[BAC_KAN_ROW]["required_head_days"] == parts[1]["required_head_days"] > 0
    assert rows[BAC_KAN_ROW]["counted_head_days"] >= 1
    for key in RECEPTION_COUNTS:
        assert merged[key] == sum(part[key] for part in parts), key
        assert sum(row[key] for row in merged["children"]) == merged[key], key
    assert merged["compliance_rate"] == rate(merged["counted_head_days"], merged["required_head_days"])


def test_the_merged_dashboard_shows_reception_and_each_part_opens_its_sessions(
    sessions_2025, thai_nguyen, client_for, admin
):
    client = client_for(admin)
    merged = compute("reception", thai_nguyen, "2025", merged=True)
    page = dashboard(client, thai_nguyen, 2025, merged=True)
    sessions = figure_block(page, "reception-sessions")
    assert "<dd>3</dd>" in sessions  # the merged figure, which no single list can open
    found = parts_of(page, "reception-sessions", "sessions", "/reception/")
    assert len(found) == 3
    assert sum(n for _href, n in found) == 3 == sum(opened(client, href) for href, _n in found)

    duty = figure_block(page, "reception-duty")
    text = f"{merged['counted_head_days']} / {merged['required_head_days']} ngày theo quy định"
    assert text in duty
    days = re.findall(r"(\d+) / (\d+) ", duty[duty.index('data-parts="duty"') :])
    assert len(days) == 3
    assert sum(int(c) for c, _q in days) == merged["counted_head_days"]
    assert sum(int(q) for _c, q in days) == merged["required_head_days"]
    assert_every_link_opens_its_number(client, page, "/reception/?")

    alone = figure_block(dashboard(client, thai_nguyen, 2025, merged=False), "reception-sessions")
    assert re.search(r'<dd><a href="/reception/\?unit=\d+&amp;date_from=2025-01-01[^"]*">1</a></dd>', alone)
    assert "data-parts" not in alone


def test_a_session_recorded_in_bac_kan_moves_the_merged_reception_figures(sessions_2025, dong_phuc, thai_nguyen):
    from reception.choices import ReceivedBy, SessionKind
    from reception.services import reception_session_record

    report_refresh(kind="reception", unit=thai_nguyen, period=YEAR_2025, params=ReceptionParams(with_predecessors=True))
    reception_session_record(
        actor=None,
        agency=committee(dong_phuc),
        date=dt.date(2025, 5, 12),
        kind=SessionKind.DIALOGUE,  # a dialogue: not a session of reception, but the chair's day for the duty
        received_by=ReceivedBy.HEAD,
        receiver=User.objects.get(username="xa.lanhdao"),
        receiver_name="Chủ tịch UBND xã",
        visits=[],
    )
    reports_refresh_for_changes(changes=[(dong_phuc, dt.date(2025, 5, 12))])
    merged = ReportSnapshot.objects.get(kind="reception", unit=thai_nguyen, period_key="2025", params="+legacy")
    assert merged.data["sessions"] == 3 and merged.data["counted_head_days"] == 2
