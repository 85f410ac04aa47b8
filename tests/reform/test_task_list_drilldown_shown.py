"""A task list opened from a dashboard says which day its figures stand at, and shows every filter the link set
that the form has no control for, each as a tag that can be taken off on its own."""

import datetime as dt
import re

import pytest
from django.utils.html import strip_tags

from tests.reform.conftest import agency_of

pytestmark = pytest.mark.django_db

TAG = re.compile(r'<li class="tag" data-filter="(\w+)">(.*?) <a href="([^"]*)"', re.S)


@pytest.fixture(autouse=True)
def frozen_today(march_2025):
    """10 March 2025: the 2024 plans' year is over; the dashboard's year figures stand at 31 December."""
    yield


def page(client, url: str) -> str:
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200
    return response.content.decode()


def tags(html: str) -> dict[str, tuple[str, str]]:
    """Each tag's text ("label: value") and the link taking it off, by filter name."""
    return {name: (strip_tags(text).strip(), link.replace("&amp;", "&")) for name, text, link in TAG.findall(html)}


def test_a_drilldown_of_the_2024_figures_says_they_stand_at_31_december(plans, bac_kan, reform_officer, client_for):
    client = client_for(reform_officer)
    url = f"/reform/tasks/?plan_unit={bac_kan.pk}&year_from=2024&year_to=2024&top=true&on=2024-12-31&state=overdue"

    html = page(client, url)

    assert "Kết quả của các nhiệm vụ đang lọc (đến ngày 31/12/2024)" in html
    assert "(đến hôm nay)" not in html
    shown = tags(html)
    assert shown["on"][0] == "Tính đến ngày: 31/12/2024"
    assert shown["plan_unit"][0] == "Kế hoạch của đơn vị (không gồm cấp dưới): Tỉnh Bắc Kạn"
    assert shown["year_from"][0] == "Kế hoạch từ năm: 2024"
    assert shown["year_to"][0] == "Kế hoạch đến năm: 2024"
    assert shown["top"][0] == "Chỉ nhiệm vụ của kế hoạch: Có"
    assert "state" not in shown  # the state has its own select on the form, set to "Quá hạn"


def test_taking_the_date_off_reads_the_same_list_as_of_today_and_keeps_the_other_filters(
    plans, bac_kan, reform_officer, client_for
):
    client = client_for(reform_officer)
    url = f"/reform/tasks/?plan_unit={bac_kan.pk}&year_from=2024&year_to=2024&on=2024-12-31&state=overdue&page=1"
    link = tags(page(client, url))["on"][1]

    assert "on=" not in link and "page=" not in link
    assert f"plan_unit={bac_kan.pk}" in link and "state=overdue" in link
    html = page(client, link)
    assert "Kết quả của các nhiệm vụ đang lọc (đến hôm nay)" in html
    assert set(tags(html)) == {"plan_unit", "year_from", "year_to"}


def test_a_date_that_is_today_reads_as_today(plans, reform_officer, client_for):
    html = page(client_for(reform_officer), "/reform/tasks/?on=2025-03-10")

    assert "Kết quả của các nhiệm vụ đang lọc (đến hôm nay)" in html
    assert tags(html)["on"][0] == "Tính đến ngày: 10/03/2025"


def test_an_agencys_drilldown_names_the_agency(plans, bac_kan, reform_officer, client_for):
    justice = agency_of(bac_kan, "STP")

    html = page(client_for(reform_officer), f"/reform/tasks/?lead_agency={justice.pk}&on=2024-12-31")

    assert tags(html)["lead_agency"][0] == f"Cơ quan chủ trì: {justice.name}"


def test_a_unit_the_official_picks_on_the_form_is_not_repeated_as_a_tag(plans, ba_be, reform_officer, client_for):
    html = page(client_for(reform_officer), f"/reform/tasks/?unit={ba_be.pk}")

    assert "unit" not in tags(html)  # the official's subtree is offered as a select


def test_a_superuser_sees_the_unit_of_the_link_as_a_tag(plans, ba_be, admin, client_for):
    html = page(client_for(admin), f"/reform/tasks/?unit={ba_be.pk}")

    assert tags(html)["unit"][0] == f"Địa bàn (gồm cấp dưới): {ba_be}"


def test_a_plain_list_shows_no_tags(plans, reform_officer, client_for):
    html = page(client_for(reform_officer), "/reform/tasks/?q=th%E1%BB%A7+t%E1%BB%A5c")

    assert tags(html) == {}
    assert "Kết quả của các nhiệm vụ đang lọc (đến hôm nay)" in html


def test_the_drilldown_lists_the_task_overdue_at_the_years_end(plans, bac_kan, reform_officer, client_for):
    """What the tags name is what the list keeps: the one 2024 task still open on 31 December, past its deadline."""
    client = client_for(reform_officer)
    url = f"/reform/tasks/?plan_unit={bac_kan.pk}&year_from=2024&year_to=2024&on=2024-12-31&state=overdue"

    response = client.get(url, HTTP_HOST="localhost")

    assert [task.deadline for task in response.context["page"]] == [dt.date(2024, 9, 30)]
