"""The public's entry, signed out: a home page per province linking what it publishes, and a page per unit listing
the information the law requires it to publish with its date; each count opens exactly its items."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from portal.models import AdministrativeUnit
from reception.models import ReceptionInfo
from reception.services import reception_schedule_publish

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture
def dong_phuc(commune_officer_a):
    return commune_officer_a.agency.unit


@pytest.fixture
def published_reception(commune_officer_a, commune_officer_b):
    """Đồng Phúc: two coming reception days and its rules; Hoàng Trĩ: one coming day."""
    for officer, days in ((commune_officer_a, (23, 30)), (commune_officer_b, (24,))):
        for day in days:
            reception_schedule_publish(
                actor=officer,
                agency=officer.agency,
                date=dt.date(2026, 11, day),
                start_time=dt.time(7, 30),
                end_time=dt.time(11, 0),
                place="Hội trường UBND xã",
                receiver_name="Chủ tịch UBND xã",
            )
    ReceptionInfo.objects.create(
        agency=commune_officer_a.agency, place="Phòng tiếp công dân", hours="Sáng thứ Hai", rules="Giữ trật tự."
    )


def rows(body: str) -> dict[str, tuple[str, str, str]]:
    """The published table: title → (link, count, latest date)."""
    table = body[body.index('data-table="published"') :]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table[: table.index("</table>")], re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        link = re.search(r'href="([^"]+)">([^<]+)</a>', cells[0])
        title = link.group(2) if link else cells[0]
        found[html.unescape(title.strip())] = (html.unescape(link.group(1)) if link else "", cells[2], cells[3])
    return found


def test_a_unit_page_lists_what_it_published_with_dates_signed_out(client, published_reception, dong_phuc):
    page = client.get(reverse("public-unit", args=[dong_phuc.pk]), **HOST)

    assert page.status_code == 200 and "public" in page["Cache-Control"]
    table = rows(page.content.decode())
    schedule = table["Lịch tiếp công dân của lãnh đạo (sắp tới)"]
    assert schedule[1] == "2" and schedule[2] == "20/11/2026"
    assert table["Địa điểm, thời gian và nội quy tiếp công dân"][1] == "1"
    assert table["Quyết định giải quyết khiếu nại đã công khai"][1:] == ("0", "Chưa có")


def test_each_count_opens_exactly_its_items(client, published_reception, dong_phuc):
    table = rows(client.get(reverse("public-unit", args=[dong_phuc.pk]), **HOST).content.decode())

    listed = client.get(table["Lịch tiếp công dân của lãnh đạo (sắp tới)"][0], **HOST)

    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 2
    assert dong_phuc.name in listed.content.decode().split("</h1>")[0]


def test_the_province_page_counts_its_whole_territory_and_links_every_unit(client, published_reception, dong_phuc):
    province = next(u for u in dong_phuc.ancestors() if u.level == "province")

    page = client.get(reverse("public-province", args=[province.pk]), **HOST)

    body = page.content.decode()
    assert rows(body)["Lịch tiếp công dân của lãnh đạo (sắp tới)"][1] == "3"
    assert reverse("public-petition-lookup") in body
    searched = client.get(reverse("public-province", args=[province.pk]), {"q": "dong phuc"}, **HOST)
    assert reverse("public-unit", args=[dong_phuc.pk]) in searched.content.decode()


def test_the_index_leads_to_the_provinces_with_agencies(client, dong_phuc):
    response = client.get(reverse("public-index"), **HOST)

    province = next(u for u in dong_phuc.ancestors() if u.level == "province")
    if response.status_code == 302:
        assert response["Location"] == reverse("public-province", args=[province.pk])
    else:
        assert reverse("public-province", args=[province.pk]) in response.content.decode()
    assert not AdministrativeUnit.objects.filter(level="province").count() == 0


def test_public_pages_cost_a_fixed_handful_of_queries(
    client, published_reception, dong_phuc, django_assert_max_num_queries
):
    province = next(u for u in dong_phuc.ancestors() if u.level == "province")
    with django_assert_max_num_queries(8):
        client.get(reverse("public-unit", args=[dong_phuc.pk]), **HOST)
    with django_assert_max_num_queries(10):
        client.get(reverse("public-province", args=[province.pk]), **HOST)
