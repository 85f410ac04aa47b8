"""One commune's page: the agencies assigned to it over the years, and what it confirmed by type and year,
each figure opening exactly its activities."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from support.models import ActivityType
from support.services import activity_confirm, activity_record, assignment_create

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture
def two_years(danvan, department, dong_phuc, health_officer, commune_leader, assignment, examination):
    """2025: one examination confirmed; 2026: two examinations and one guidance confirmed, one draft."""
    [last_year] = assignment_create(
        actor=danvan,
        year=2025,
        agency=department,
        communes=[dong_phuc],
        decision_number="88/QĐ-UBND",
        decision_date=dt.date(2025, 1, 10),
    )
    last_year.ends_on = dt.date(2025, 12, 31)
    last_year.save(update_fields=["ends_on"])
    guidance = ActivityType.objects.get(code="guidance")
    confirmed = [
        (last_year, examination(date=dt.date(2025, 6, 3), in_kind_vnd=10_000_000)),
        (assignment, examination(date=dt.date(2026, 3, 3))),
        (assignment, examination(date=dt.date(2026, 9, 9), in_kind_vnd=5_000_000)),
        (assignment, examination(activity_type=guidance, in_kind_vnd=0, money_vnd=2_000_000)),
    ]
    for target, data in confirmed:
        activity = activity_record(actor=health_officer, assignment=target, data=data, submit=True)
        activity_confirm(actor=commune_leader, activity=activity)
    activity_record(actor=health_officer, assignment=assignment, data=examination(date=dt.date(2026, 11, 1)))


def cell(body: str, row: str, index: int) -> str:
    match = re.search(rf'<tr data-type="{row}">(.*?)</tr>', body, re.S)
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)[index]


def test_the_commune_page_shows_confirmed_activities_by_type_and_year(two_years, client_for, danvan, dong_phuc):
    page = client_for(danvan).get(reverse("support:commune", args=[dong_phuc.pk]), **HOST)

    body = page.content.decode()
    assert page.status_code == 200
    medical = ActivityType.objects.get(code="medical").pk
    assert '<th scope="col">2026</th><th scope="col">2025</th>' in body
    assert ">2</a>" in cell(body, medical, 0) and "50.000.000" in cell(body, medical, 0)
    assert ">1</a>" in cell(body, medical, 1) and "10.000.000" in cell(body, medical, 1)
    assert ">3</a>" in cell(body, "total", 0) and "52.000.000" in cell(body, "total", 0)
    assert ">4</a>" in cell(body, "total", 2) and "62.000.000" in cell(body, "total", 2)
    assert body.count("data-assignment=") == 2


def test_every_figure_opens_exactly_its_activities(two_years, client_for, danvan, dong_phuc):
    client = client_for(danvan)
    body = client.get(reverse("support:commune", args=[dong_phuc.pk]), **HOST).content.decode()
    links = re.findall(r'<a href="(/support/activities/\?unit=[^"]+)">(\d+)</a>', body)

    assert len(links) >= 6
    for url, shown in links:
        listed = client.get(html.unescape(url), **HOST).content.decode().count("data-activity=")
        assert listed == int(shown), url


def test_the_commune_list_links_each_commune_to_its_page(two_years, client_for, danvan, dong_phuc):
    from portal.choices import Region
    from portal.unit_status import unit_status_record

    unit_status_record(actor=None, unit=dong_phuc, valid_from=dt.date(2021, 6, 4), region=Region.III)
    body = client_for(danvan).get(reverse("support:communes"), {"year": 2026}, **HOST).content.decode()

    assert reverse("support:commune", args=[dong_phuc.pk]) in body


def test_another_agency_or_commune_gets_a_not_found(two_years, client_for, school_officer, neighbour_leader, dong_phuc):
    for official in (school_officer, neighbour_leader):
        response = client_for(official).get(reverse("support:commune", args=[dong_phuc.pk]), **HOST)
        assert response.status_code == 404


def test_the_page_costs_a_constant_number_of_queries(
    two_years, client_for, danvan, dong_phuc, django_assert_max_num_queries
):
    client = client_for(danvan)
    with django_assert_max_num_queries(14):
        client.get(reverse("support:commune", args=[dong_phuc.pk]), **HOST)
