"""The ethnicity breakdown (issue 14): petitions and reception visits by the petitioners' ethnic group.

The story is Tỉnh Bắc Kạn in 2024. Petitions reach Xã Đồng Phúc, its neighbour Xã Hoàng Trĩ (both in
Huyện Ba Bể), Huyện Chợ Đồn's People's Committee and the province's citizen reception board; citizens
come to Xã Đồng Phúc's and Xã Hoàng Trĩ's reception sessions. Every record goes through the real
services. Each expected figure is worked out by hand next to its assertion, from this table:

    record                       people (lead first)                  lead group   any minority
    P1  complaint    Đồng Phúc   HMông                                HMông        yes
    P2  recommend.   Đồng Phúc   Tày                                  Tày          yes
    P3  complaint    Đồng Phúc   Kinh, then Dao                       Kinh         yes
    P4  complaint    Đồng Phúc   Kinh, then Nùng (representative)     Nùng         yes
    P5  reflection   Đồng Phúc   (ethnicity not recorded)             unknown      no
    P6  recommend.   Đồng Phúc   (anonymous: nobody named)            unknown      no
    P7  denunciation Đồng Phúc   HMông                                left out     left out
    P8  complaint    Đồng Phúc   HMông, received in 2023              outside the period
    P9  complaint    Hoàng Trĩ   a foreign national                   foreign      no
    P10 complaint    Hoàng Trĩ   HMông                                HMông        yes
    P11 recommend.   province    Thái                                 Thái         yes
    P12 complaint    Chợ Đồn     Kinh                                 Kinh         no
    V1  Đồng Phúc 5 Mar          HMông                                HMông        yes
    V2  Đồng Phúc 5 Mar          Dao                                  Dao          yes
    V3  Đồng Phúc 5 Mar          Tày, a denunciation                  left out     left out
    V4  Đồng Phúc 10 May         Kinh, then Khơ-me (representative)   Khơ-me       yes
    V5  Đồng Phúc 10 May         (ethnicity not recorded)             unknown      no
    V6  Đồng Phúc 12 Jun         HMông, at a thematic dialogue        left out (not reception)
    V7  Hoàng Trĩ 14 Aug         Mường                                Mường        yes

By lead group, petitions + visits: HMông 2+1, and one each for Tày, Nùng, Thái, Dao, Khơ-me and Mường.
The five largest minority groups are HMông, then by code Tày (02), Thái (03), Khơ-me (05), Mường (06);
Nùng (07) and Dao (09) are "other minorities".
"""

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft4Validator

from petitions.choices import Channel, Kind
from petitions.services import PetitionerData, petition_receive
from portal.choices import AgencyKind, Level
from portal.models import AdministrativeUnit, Agency, User
from reception.choices import ReceivedBy, SessionKind, VisitAction
from reception.services import CitizenData, VisitData, reception_session_record
from reports import registry
from reports.ethnicity import ethnicity_report
from reports.periods import parse_period
from reports.services import report_get, reports_refresh_for_change
from tests.portal.test_api_schema_conformance import FORMATS, json_schema

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
HMONG, TAY, THAI, KHMER, MUONG, NUNG, DAO, KINH, FOREIGN = "08", "02", "03", "05", "06", "07", "09", "01", "99"
SECRECY = "không gồm đơn tố cáo: danh tính người tố cáo được giữ bí mật"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def province() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")


@pytest.fixture
def ba_be(commune_officer_a) -> AdministrativeUnit:
    return commune_officer_a.agency.unit.parent


def person(ethnicity: str, name: str = "Người gửi", **kwargs) -> PetitionerData:
    return PetitionerData(full_name=f"{name} {ethnicity or 'chưa ghi'}", ethnicity=ethnicity, **kwargs)


def receive(officer: User, kind: str, people: list[PetitionerData], on=dt.date(2024, 4, 2), agency=None, **kwargs):
    return petition_receive(
        actor=officer,
        receiving_agency=agency or officer.agency,
        kind=kind,
        channel=Channel.MAIL,
        received_on=on,
        summary="Đơn về đất đai thôn Nà Làng",
        petitioners=people,
        **kwargs,
    )


def visit(kind: str, *citizens: CitizenData) -> VisitData:
    representatives = sum(c.is_representative for c in citizens)
    return VisitData(
        kind=kind,
        content="Kiến nghị sửa cầu treo Nà Làng",
        action=VisitAction.ANSWERED,
        citizens=list(citizens),
        people_count=len(citizens),
        representatives=representatives,
    )


def citizen(ethnicity: str, **kwargs) -> CitizenData:
    return CitizenData(full_name=f"Công dân {ethnicity or 'chưa ghi'}", ethnicity=ethnicity, **kwargs)


def session(officer: User, day: dt.date, visits: list[VisitData], kind=SessionKind.REGULAR):
    return reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=day,
        kind=kind,
        received_by=ReceivedBy.STAFF,
        receiver_name=f"Cán bộ tiếp công dân {officer.full_name}",
        visits=visits,
    )


@pytest.fixture
def story(commune_officer_a, commune_officer_b):
    """The records of the table above; returns the denunciation P7 (its handler may see its petitioner)."""
    province_officer = User.objects.get(username="tinh.xulydon")
    cho_don = Agency.objects.get(
        unit__level=Level.DISTRICT, unit__code="063", unit__generation="legacy", kind=AgencyKind.PEOPLES_COMMITTEE
    )
    a, b = commune_officer_a, commune_officer_b
    receive(a, Kind.COMPLAINT, [person(HMONG)])  # P1
    receive(a, Kind.RECOMMENDATION, [person(TAY)])  # P2
    receive(a, Kind.COMPLAINT, [person(KINH), person(DAO)])  # P3: the first recorded leads
    receive(a, Kind.COMPLAINT, [person(KINH), person(NUNG, is_representative=True)])  # P4: the representative
    receive(a, Kind.REFLECTION, [person("")])  # P5
    receive(a, Kind.RECOMMENDATION, [], is_anonymous=True)  # P6
    denunciation = receive(a, Kind.DENUNCIATION, [person(HMONG, "Người tố cáo")], assignees=[a])  # P7
    receive(a, Kind.COMPLAINT, [person(HMONG)], on=dt.date(2023, 12, 29))  # P8
    receive(b, Kind.COMPLAINT, [person(FOREIGN)])  # P9
    receive(b, Kind.COMPLAINT, [person(HMONG)])  # P10
    receive(province_officer, Kind.RECOMMENDATION, [person(THAI)])  # P11
    receive(province_officer, Kind.COMPLAINT, [person(KINH)], agency=cho_don)  # P12

    desk_a, desk_b = User.objects.get(username="xa.tiepdan"), User.objects.get(username="xa2.tiepdan")
    session(
        desk_a,
        dt.date(2024, 3, 5),
        [
            visit(Kind.RECOMMENDATION, citizen(HMONG)),
            visit(Kind.COMPLAINT, citizen(DAO)),
            visit(Kind.DENUNCIATION, citizen(TAY)),
        ],
    )  # V1, V2, V3
    session(
        desk_a,
        dt.date(2024, 5, 10),
        [
            visit(Kind.RECOMMENDATION, citizen(KINH), citizen(KHMER, is_representative=True)),
            visit(Kind.REFLECTION, citizen("")),
        ],
    )  # V4, V5
    session(desk_a, dt.date(2024, 6, 12), [visit(Kind.RECOMMENDATION, citizen(HMONG))], kind=SessionKind.DIALOGUE)  # V6
    session(desk_b, dt.date(2024, 8, 14), [visit(Kind.RECOMMENDATION, citizen(MUONG))])  # V7
    return denunciation


def groups_of(report: dict) -> dict[str, tuple[int, int]]:
    return {row["key"]: (row["petitions"], row["visits"]) for row in report["groups"]}


# --- the figures -----------------------------------------------------------------------------


def test_petitions_and_visits_are_broken_down_by_the_lead_persons_group(story, province):
    report = ethnicity_report(province, YEAR_START, YEAR_END)
    # P1-P6, P9-P12: the denunciation and the 2023 petition are left out; V1, V2, V4, V5, V7
    assert (report["petitions"], report["visits"]) == (10, 5)
    # any petitioner of a minority: P1, P2, P3 (Dao second), P4, P10, P11; visits V1, V2, V4, V7
    assert (report["minority_petitions"], report["minority_visits"]) == (6, 4)
    assert [row["key"] for row in report["groups"]] == [
        HMONG,
        TAY,
        THAI,
        KHMER,
        MUONG,
        "other_minority",
        KINH,
        FOREIGN,
        "unknown",
    ]
    assert groups_of(report) == {
        HMONG: (2, 1),  # P1, P10; V1
        TAY: (1, 0),  # P2 (V3, a denunciation, is left out)
        THAI: (1, 0),  # P11
        KHMER: (0, 1),  # V4: its representative leads
        MUONG: (0, 1),  # V7
        "other_minority": (1, 1),  # Nùng P4 (its representative leads), Dao V2
        KINH: (2, 0),  # P3 (its first petitioner leads), P12
        FOREIGN: (1, 0),  # P9
        "unknown": (2, 1),  # P5 (not recorded), P6 (nobody named); V5
    }
    other = next(row for row in report["groups"] if row["key"] == "other_minority")
    assert other["codes"] == [NUNG, DAO]
    # every record once in the table: the rows add up to the totals
    assert sum(p for p, _v in groups_of(report).values()) == report["petitions"]
    assert sum(v for _p, v in groups_of(report).values()) == report["visits"]


def test_a_denunciation_is_never_counted_whatever_its_petitioners(story, commune_officer_a):
    commune = commune_officer_a.agency.unit
    report = ethnicity_report(commune, YEAR_START, YEAR_END)
    # Xã Đồng Phúc: P1-P6 (P7 a denunciation, P8 of 2023); V1, V2, V4, V5 (V3 a denunciation, V6 a dialogue)
    assert (report["petitions"], report["visits"]) == (6, 4)
    assert groups_of(report)[HMONG] == (1, 1)  # P1 and V1, not the HMông denouncer
    assert groups_of(report)[TAY] == (1, 0)  # P2, not the Tày citizen who came to denounce


def test_children_add_up_to_the_unit(story, province, ba_be, commune_officer_a):
    report = ethnicity_report(province, YEAR_START, YEAR_END)
    children = report["children"]
    assert len(children) == 8 + 1 and children[-1]["own_level"] and children[-1]["name"] == "Cơ quan cấp tỉnh"
    for key in ("petitions", "visits", "minority_petitions", "minority_visits"):
        assert sum(child[key] for child in children) == report[key]
    by_code = {child["code"]: child for child in children}
    # Ba Bể: P1-P6, P9, P10; V1, V2, V4, V5, V7 · minorities: P1-P4, P10; V1, V2, V4, V7
    assert {k: by_code["061"][k] for k in ("petitions", "visits", "minority_petitions", "minority_visits")} == {
        "petitions": 8,
        "visits": 5,
        "minority_petitions": 5,
        "minority_visits": 4,
    }
    assert (by_code["063"]["petitions"], by_code["063"]["minority_petitions"]) == (1, 0)  # Chợ Đồn: P12
    assert (children[-1]["petitions"], children[-1]["minority_petitions"]) == (1, 1)  # the province: P11

    district = ethnicity_report(ba_be, YEAR_START, YEAR_END)
    assert sum(child["petitions"] for child in district["children"]) == district["petitions"] == 8
    commune = ethnicity_report(commune_officer_a.agency.unit, YEAR_START, YEAR_END)
    assert [child["own_level"] for child in commune["children"]] == [True]  # a commune: its own level only
    assert commune["children"][0]["petitions"] == commune["petitions"]


def test_an_agency_counts_what_it_handles_and_receives(story, commune_officer_a):
    report = ethnicity_report(commune_officer_a.agency.unit, YEAR_START, YEAR_END, only_agency=commune_officer_a.agency)
    assert (report["petitions"], report["visits"], report["children"]) == (6, 4, [])


def test_the_breakdown_takes_a_constant_handful_of_queries(story, province, commune_officer_a):
    with CaptureQueriesContext(connection) as before:
        ethnicity_report(province, YEAR_START, YEAR_END)
    for _ in range(5):  # more petitions and sessions: not one query more
        receive(commune_officer_a, Kind.COMPLAINT, [person(HMONG), person(TAY)])
    session(User.objects.get(username="xa.tiepdan"), dt.date(2024, 9, 3), [visit(Kind.COMPLAINT, citizen(DAO))] * 3)
    with CaptureQueriesContext(connection) as after:
        ethnicity_report(province, YEAR_START, YEAR_END)
    assert len(before) == len(after) <= 5  # groups and children of petitions and of visits, the child units


def test_the_snapshot_follows_a_new_petition(story, province, commune_officer_a):
    period = parse_period(period="2024")
    assert report_get(kind="ethnicity", unit=province, period=period).data["minority_petitions"] == 6
    receive(commune_officer_a, Kind.COMPLAINT, [person(KINH), person(MUONG)], on=dt.date(2024, 11, 4))
    reports_refresh_for_change(unit=commune_officer_a.agency.unit, on=dt.date(2024, 11, 4))
    data = report_get(kind="ethnicity", unit=province, period=period).data
    assert (data["petitions"], data["minority_petitions"]) == (11, 7)


def test_the_family_is_registered_after_reception():
    assert registry.keys()[:3] == ["petitions", "reception", "ethnicity"]
    assert [panel.slot for panel in registry.family("ethnicity").panels] == ["cards"]


# --- the dashboard panel and its drill-down ----------------------------------------------------


def panel_links(page: str) -> dict[str, str]:
    """Each number of the ethnicity card by its row label and column: its link."""
    card = page[page.index('aria-labelledby="ethnicity-title"') :]
    card = card[: card.index("</section>")]
    links = {}
    for row in re.findall(r"<tr>(.*?)</tr>", card, flags=re.S):
        label = re.search(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        hrefs = re.findall(r'href="([^"]+)">([\d.,]+)</a>', row)
        for column, (href, number) in zip(("petitions", "visits"), hrefs, strict=False):
            links[(label.group(1).strip(), column)] = (unescape(href), int(number.replace(".", "").replace(",", "")))
    return links


def listed(client, url: str) -> int:
    """How many records a list opened from the dashboard holds: petitions, or visits in the sessions."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    if url.startswith("/petitions/"):
        return page.paginator.count
    assert page.paginator.num_pages == 1
    return sum(row.visit_count for row in page.object_list)


def test_every_number_of_the_panel_opens_the_list_of_exactly_its_records(story, client_for, province_leader):
    client = client_for(province_leader)
    page = client.get("/dashboard/?year=2024").content.decode()
    assert SECRECY in page.lower() and "người đứng tên" in page
    links = panel_links(page)
    assert links[("Đồng bào dân tộc thiểu số", "petitions")][1] == 6
    assert links[("HMông", "petitions")][1] == 2 and links[("Dân tộc thiểu số khác", "visits")][1] == 1
    assert len(links) == 2 * (1 + 9 + 1)  # the minority row, the nine rows by group, the totals
    for (label, column), (url, figure) in links.items():
        assert listed(client, url) == figure, (label, column, url)


def test_the_visit_api_list_counts_what_the_panel_counts(story, api_for, province_leader, province):
    api = api_for(province_leader)
    base = f"/api/v1/reception-visits/?unit={province.pk}&date_from=2024-01-01&date_to=2024-12-31"
    base += "&reception_only=1&no_denunciation=1"
    assert api.get(base).json()["count"] == 5
    assert api.get(f"{base}&ethnic_minority=true").json()["count"] == 4
    assert api.get(f"{base}&ethnicity={NUNG}&ethnicity={DAO}").json()["count"] == 1  # V2
    assert api.get(f"{base}&ethnicity=unknown").json()["count"] == 1  # V5


def test_the_panel_links_of_an_agency_dashboard_open_its_own_records(
    story, client_for, province_leader, commune_officer_a
):
    client = client_for(province_leader)
    page = client.get(f"/dashboard/agency/{commune_officer_a.agency.pk}/?year=2024").content.decode()
    links = panel_links(page)
    assert links[("Tổng số", "petitions")][1] == 6 and links[("Tổng số", "visits")][1] == 4
    for url, figure in links.values():
        assert listed(client, url) == figure, url


def test_the_ethnicity_filter_never_narrows_to_a_hidden_denouncer(
    story, client_for, province_leader, commune_officer_a
):
    """Without `no_denunciation`, the filter keeps denunciations only for who may see their petitioner."""
    url = f"/petitions/?unit={commune_officer_a.agency.unit.pk}&received_from=2024-01-01&received_to=2024-12-31"
    hmong = f"{url}&ethnicity={HMONG}"
    assert story.pk not in [p.pk for p in client_for(province_leader).get(hmong).context["page"]]
    assert story.pk in [p.pk for p in client_for(commune_officer_a).get(hmong).context["page"]]  # its handler
    assert story.pk not in [
        p.pk for p in client_for(commune_officer_a).get(f"{hmong}&no_denunciation=1").context["page"]
    ]


# --- the API -------------------------------------------------------------------------------------


def test_the_report_api_answers_the_breakdown_and_its_schema(story, api_for, province_leader, province):
    api = api_for(province_leader)
    response = api.get(f"/api/v1/reports/ethnicity/?unit={province.pk}&period=2024")
    assert response.status_code == 200
    body = response.json()
    assert {"unit", "from", "to", "computed_at", "locked", "petitions", "visits", "groups", "children"} <= set(body)
    assert (body["petitions"], body["minority_visits"], len(body["children"])) == (10, 4, 9)
    assert body["groups"][0] == {"key": HMONG, "codes": [HMONG], "petitions": 2, "visits": 1}

    schema = api.get("/api/v1/schema/?format=json").json()
    declared = schema["paths"]["/api/v1/reports/ethnicity/"]["get"]["responses"]["200"]
    body_schema = declared["content"]["application/json"]["schema"]
    definitions = {name: json_schema(s) for name, s in schema["components"]["schemas"].items()}
    validator = Draft4Validator({**json_schema(body_schema), "definitions": definitions}, format_checker=FORMATS)
    assert not [error.message for error in validator.iter_errors(body)]


def test_the_report_api_is_scoped(story, api_for, commune_officer_b, commune_officer_a):
    neighbour = api_for(commune_officer_b)
    other = commune_officer_a.agency.unit
    assert neighbour.get(f"/api/v1/reports/ethnicity/?unit={other.pk}&period=2024").status_code == 404


def test_the_register_exported_from_a_visit_number_holds_exactly_those_visits(
    story, client_for, province_leader, django_capture_on_commit_callbacks
):
    import io

    from openpyxl import load_workbook

    from reports.models import ExportJob

    client = client_for(province_leader)
    url, figure = panel_links(client.get("/dashboard/?year=2024").content.decode())[
        ("Đồng bào dân tộc thiểu số", "visits")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dashboard/exports/reception/", {"querystring": url.split("?", 1)[1]})
    job = ExportJob.objects.get(kind="reception-list")
    book = load_workbook(io.BytesIO(b"".join(client.get(f"/dashboard/exports/{job.pk}/download/").streaming_content)))
    assert len(list(book.active.iter_rows(values_only=True))) - 1 == figure  # the header, then one row per visit


def test_the_lists_opened_from_a_group_say_which_group_they_hold(story, client_for, province_leader):
    client = client_for(province_leader)
    links = panel_links(client.get("/dashboard/?year=2024").content.decode())

    petitions = client.get(links[("HMông", "petitions")][0]).content.decode()
    visits = client.get(links[("Đồng bào dân tộc thiểu số", "visits")][0]).content.decode()

    assert "Dân tộc: HMông" in petitions.split("</h1>")[0]
    assert (
        "Người gửi là đồng bào dân tộc thiểu số"
        in client.get(links[("Đồng bào dân tộc thiểu số", "petitions")][0]).content.decode().split("</h1>")[0]
    )
    assert "dân tộc thiểu số" in visits.split("</h1>")[0]
