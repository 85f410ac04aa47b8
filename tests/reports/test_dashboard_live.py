"""A dashboard opens on the current year up to today, draws a readable chart, never computes more than
one family inline, and its breadcrumbs link only to dashboards the official may open."""

import datetime as dt
import re

import pytest
import time_machine

from portal.celery import app as celery_app
from portal.models import AdministrativeUnit
from reports.models import ReportSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def a_petition_in_march(commune_officer_a):
    from petitions.services import PetitionerData, petition_receive

    return petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2026, 3, 9),
        summary="Kiến nghị sửa đường thôn",
        petitioners=[PetitionerData("Hà Văn K")],
    )


def breadcrumbs_of(page: str) -> str:
    start = page.index('class="breadcrumbs"')
    return page[start : page.index("</nav>", start)]


@pytest.fixture
def with_a_worker():
    """As in production: report work goes to the worker instead of running in the request."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def test_the_dashboard_opens_on_this_year_up_to_today(client_for, province_leader, a_petition_in_march):
    page = client_for(province_leader).get("/dashboard/").content.decode()
    assert "Số liệu từ 01/01/2026 đến hôm nay 20/11/2026" in page
    assert '<option value="2026" selected>2026</option>' in page
    assert "metric_from=2026-01-01" in page


def test_a_closed_year_shows_its_whole_span(client_for, province_leader):
    page = client_for(province_leader).get("/dashboard/?year=2024").content.decode()
    assert "Số liệu từ 01/01/2024 đến 31/12/2024" in page and "đến hôm nay" not in page


def test_the_monthly_chart_has_an_axis_values_and_a_table_of_its_figures(
    client_for, commune_officer_a, a_petition_in_march
):
    page = client_for(commune_officer_a).get("/dashboard/").content.decode()
    chart = page[page.index('class="trend-chart"') : page.index("</svg>")]
    assert 'text-anchor="end">0</text>' in chart and 'text-anchor="end">1</text>' in chart  # y-axis ticks
    assert ">03</text>" in chart and ">12</text>" in chart  # month labels
    assert re.search(r'font-size="9" text-anchor="middle">1</text>', chart)  # March's bar says 1
    table = page[page.index('class="trend-figures') :]
    assert '<th scope="row">03/2026</th><td class="num">1</td>' in table
    assert '<th scope="row">02/2026</th><td class="num">0</td>' in table


def test_with_a_worker_the_page_computes_one_family_and_shows_the_rest_as_being_computed(
    client_for, province_leader, with_a_worker, django_capture_on_commit_callbacks, monkeypatch
):
    from reports.tasks import refresh_for_changes_task

    queued = []
    monkeypatch.setattr(refresh_for_changes_task, "apply_async", lambda args, **kw: queued.extend(args[0]))
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(province_leader).get("/dashboard/?year=2025").content.decode()
    assert ReportSnapshot.objects.filter(unit=province).count() == 1  # one family, its year: no month inline
    assert "Tiếp công dân, Đơn và lượt tiếp theo dân tộc: đang tính…" in page
    assert page.count("đang tính…") >= 12  # every month of the trend, in the chart and the table
    # queued for the worker: the province's missing year and months, and the four years before it for the trend
    # over years, as a refresh on their first days
    assert {unit for unit, _on in queued} == {province.pk}
    earlier_years = [f"{year}-01-01" for year in range(2021, 2025)]
    assert sorted(on for _unit, on in queued) == earlier_years + [f"2025-{m:02d}-01" for m in range(1, 13)]


def test_once_computed_the_figures_come_from_snapshots(client_for, province_leader):
    client = client_for(province_leader)
    client.get("/dashboard/?year=2025")  # no worker in tests: the queue runs in this process
    page = client.get("/dashboard/?year=2025").content.decode()
    assert "đang tính…" not in page and "Thủ trưởng tiếp công dân" in page


def test_a_commune_officer_sees_the_units_above_as_names_not_links(client_for, commune_officer_a):
    commune = commune_officer_a.agency.unit
    page = client_for(commune_officer_a).get("/dashboard/").content.decode()
    crumbs = breadcrumbs_of(page)
    assert "Tỉnh Bắc Kạn" in crumbs and commune.parent.name in crumbs and commune.name in crumbs
    assert "href" not in crumbs


def test_a_district_officer_gets_a_link_to_the_district_but_not_the_province(client_for, district_officer):
    district = district_officer.agency.unit
    commune = AdministrativeUnit.objects.filter(parent=district).order_by("path").first()
    page = client_for(district_officer).get(f"/dashboard/{commune.pk}/").content.decode()
    crumbs = breadcrumbs_of(page)
    assert f'href="/dashboard/{district.pk}/' in crumbs
    assert "<span>Tỉnh Bắc Kạn</span>" in crumbs and "/dashboard/" + str(district.parent_id) + "/" not in crumbs


def test_a_province_leader_gets_every_breadcrumb_as_a_link(client_for, province_leader, commune_officer_a):
    commune = commune_officer_a.agency.unit
    page = client_for(province_leader).get(f"/dashboard/{commune.pk}/").content.decode()
    crumbs = breadcrumbs_of(page)
    assert (
        f'href="/dashboard/{commune.parent.parent_id}/' in crumbs and f'href="/dashboard/{commune.parent_id}/' in crumbs
    )
