"""Report families register themselves: a later app adds one without touching the reports app.

The "agencies" family below stands for such an app (the models registry, reform): it declares a
key, a compute function, typed parameters, a dashboard panel and an export, and snapshots, the
dashboard, exports, the change refresh and the nightly job pick it up from the registry.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.core.management import call_command
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from portal.models import AdministrativeUnit, Agency
from reports import registry
from reports.api.views import family_view, report_urls
from reports.families import PetitionParams, ReceptionParams
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.registry import Api, Export, Panel, Params, ReportFamily, Selection
from reports.services import report_get, report_refresh, reports_refresh_all, reports_refresh_for_changes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")


@dataclass(frozen=True)
class AgencyParams(Params):
    kind: str = ""

    def to_key(self) -> str:
        return self.kind

    @classmethod
    def from_key(cls, key: str) -> "AgencyParams":
        return cls(kind=key)


def count_agencies(unit, start, end, params: AgencyParams) -> dict:
    agencies = Agency.objects.filter(unit__path__startswith=unit.path, is_active=True)
    if params.kind:
        agencies = agencies.filter(kind=params.kind)
    return {"agencies": agencies.count()}


class AgencyFiguresSerializer(serializers.Serializer):
    agencies = serializers.IntegerField()


class AgencyKindQuerySerializer(serializers.Serializer):
    agency_kind = serializers.ChoiceField(choices=["peoples_committee", "inspectorate"], required=False, default="")


def agency_sheet(unit, start, end) -> bytes:
    return f"{unit.code}:{start:%Y}".encode()


@pytest.fixture
def agencies_family(settings, tmp_path):
    """What a later app's AppConfig.ready() would do, with a panel template of its own."""
    (tmp_path / "agencies_panel.html").write_text(
        "<div><dt>Cơ quan trong địa bàn</dt><dd>{{ panel.data.agencies }} cơ quan</dd></div>", encoding="utf-8"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    family = registry.register(
        ReportFamily(
            key="agencies",
            label="Cơ quan",
            compute=count_agencies,
            params=AgencyParams,
            recorded_paths=lambda: Agency.objects.values_list("unit__path", flat=True),
            panels=(Panel("agencies_panel.html", slot="stats"),),
            exports=(Export("agency-sheet", "CQ/01", agency_sheet),),
            api=Api(
                figures=AgencyFiguresSerializer,
                query=AgencyKindQuerySerializer,
                params=lambda query: AgencyParams(kind=query["agency_kind"]),
            ),
        )
    )
    yield family
    registry.unregister("agencies")


def test_the_built_in_families_are_registered_in_the_order_of_the_apps():
    assert registry.keys()[:2] == ["petitions", "reception"]
    assert {"01-kqgq", "01-tcd", "petition-list", "reception-list"} <= set(registry.exports())


def test_a_new_family_is_computed_and_stored_with_typed_parameters(agencies_family, province):
    period = parse_period(period="2024")
    plain = report_refresh(kind="agencies", unit=province, period=period)
    only = report_get(kind="agencies", unit=province, period=period, params=AgencyParams(kind="peoples_committee"))
    assert plain.params == "" and only.params == "peoples_committee"
    assert plain.data["agencies"] > only.data["agencies"] > 0
    assert str(plain) == f"Cơ quan · {province} · 2024"


def test_the_nightly_job_and_the_command_refresh_every_registered_family(agencies_family, province, capsys):
    assert reports_refresh_all(units=[province], years=[2024]) == 20 * 4  # 20 standard periods, 4 families
    assert ReportSnapshot.objects.filter(kind="agencies", unit=province, period_key="2024-Q1").exists()
    call_command("refresh_reports", "--unit", "06", "--period", "2024-Q2")
    assert "Refreshed 4 snapshots" in capsys.readouterr().out


def test_a_change_refreshes_the_new_familys_snapshots_too(agencies_family, commune_officer_a):
    commune = commune_officer_a.agency.unit
    reports_refresh_for_changes(changes=[(commune, dt.date(2024, 5, 6))])
    assert ReportSnapshot.objects.filter(kind="agencies", unit=commune.parent, period_key="2024-05").exists()


def test_the_dashboard_shows_the_new_familys_panel_and_offers_its_export(agencies_family, client_for, province_leader):
    page = client_for(province_leader).get("/dashboard/?year=2024").content.decode()
    assert "Cơ quan trong địa bàn" in page and '<option value="agency-sheet">CQ/01</option>' in page
    assert "Đơn tiếp nhận" in page and "Thủ trưởng tiếp công dân" in page  # the built-in panels stay


def test_the_new_familys_export_is_built_like_any_form(agencies_family, province_leader, province, settings, tmp_path):
    from reports.exports import export_build, export_request

    settings.MEDIA_ROOT = tmp_path
    job = export_request(actor=province_leader, unit=province, kind="agency-sheet", params={"period": "2024"})
    job = export_build(job_id=job.pk)
    assert job.status == "done" and job.file.name.endswith("CQ-01-06-2024.xlsx")
    assert job.file.read() == b"06:2024"


def test_locking_a_period_locks_every_family(agencies_family, client_for, province_leader, province):
    client_for(province_leader).post(f"/dashboard/{province.pk}/lock/", {"year": "2024", "part": ""})
    locked = ReportSnapshot.objects.filter(unit=province, period_key="2024", locked_at__isnull=False)
    assert sorted(locked.values_list("kind", flat=True)) == ["agencies", "ethnicity", "petitions", "reception"]


def test_a_family_registered_after_a_sign_off_is_locked_by_the_next_one(
    agencies_family, client_for, province_leader, province
):
    from reports.services import report_lock

    report_lock(actor=province_leader, kind="petitions", unit=province, period=parse_period(period="2024"))
    report_lock(actor=province_leader, kind="reception", unit=province, period=parse_period(period="2024"))

    client_for(province_leader).post(f"/dashboard/{province.pk}/lock/", {"year": "2024", "part": ""})

    locked = ReportSnapshot.objects.filter(unit=province, period_key="2024", locked_at__isnull=False)
    assert sorted(locked.values_list("kind", flat=True)) == ["agencies", "ethnicity", "petitions", "reception"]


def test_a_family_key_or_an_export_key_is_taken_once():
    petitions = registry.family("petitions")
    assert registry.register(petitions) is petitions  # ready() running again changes nothing
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(ReportFamily(key="petitions", label="Khác", compute=count_agencies))
    with pytest.raises(ValueError, match="another family"):
        registry.register(
            ReportFamily(key="other", label="Khác", compute=count_agencies, exports=(Export("01-kqgq", "X", bytes),))
        )
    assert "other" not in registry.keys()
    with pytest.raises(LookupError):
        registry.family("nothing")


@pytest.mark.parametrize(
    ("key", "params"),
    [
        ("", PetitionParams()),
        ("complaint", PetitionParams(kind="complaint")),
        ("+legacy", PetitionParams(with_predecessors=True)),
        ("complaint+legacy", PetitionParams(kind="complaint", with_predecessors=True)),
        ("agency=7", PetitionParams(agency_id=7)),
    ],
)
def test_petition_parameters_read_and_write_the_keys_already_stored(key, params):
    assert PetitionParams.from_key(key) == params and params.to_key() == key


def test_parameters_refuse_what_their_family_does_not_take():
    with pytest.raises(ValueError):
        PetitionParams(kind="lottery")
    with pytest.raises(ValueError):
        PetitionParams(agency_id=7, with_predecessors=True)
    with pytest.raises(ValueError):
        ReceptionParams(agency_id=3, with_predecessors=True)
    with pytest.raises(TypeError):
        registry.family("reception").parameters(PetitionParams())


def test_a_dashboard_selection_becomes_each_familys_parameters():
    assert PetitionParams.for_selection(Selection(with_predecessors=True)).to_key() == "+legacy"
    assert ReceptionParams.for_selection(Selection(with_predecessors=True)).to_key() == "+legacy"
    assert PetitionParams.for_selection(Selection(agency_id=3)).to_key() == "agency=3"
    assert ReceptionParams.for_selection(Selection(agency_id=3)).to_key() == "agency=3"


def test_a_legacy_commune_moves_its_2025_successor_provinces_merged_figures(commune_officer_a):
    from petitions.services import PetitionerData, petition_receive

    thai_nguyen = AdministrativeUnit.objects.get(generation="2025", level="province", code="19")
    period = parse_period(period="2024")
    report_refresh(kind="petitions", unit=thai_nguyen, period=period, params=PetitionParams(with_predecessors=True))
    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2024, 6, 3),
        summary="Kiến nghị năm 2024",
        petitioners=[PetitionerData("Hà Văn D")],
    )
    reports_refresh_for_changes(changes=[(commune_officer_a.agency.unit, dt.date(2024, 6, 3))])
    merged = ReportSnapshot.objects.get(kind="petitions", unit=thai_nguyen, period_key="2024", params="+legacy")
    assert merged.data["received"] == 1
    assert not ReportSnapshot.objects.filter(unit=thai_nguyen, params="").exists()  # nothing computed ahead there


def test_the_report_api_serves_the_new_family_with_its_own_parameters(agencies_family, province_leader, province):
    assert "report-agencies" in {pattern.name for pattern in report_urls()}
    view = family_view(agencies_family).as_view()

    def get(**query):
        request = APIRequestFactory().get("/api/v1/reports/agencies/", {"unit": province.pk, "period": "2025", **query})
        force_authenticate(request, user=province_leader)
        return view(request)

    every, committees = get(), get(agency_kind="peoples_committee")
    assert every.status_code == committees.status_code == 200
    assert every.data["agencies"] > committees.data["agencies"] > 0
    assert every.data["unit"] == province.pk and every.data["locked"] is False
    refused = get(agency_kind="ministry")
    assert refused.status_code == 400 and "agency_kind" in refused.data
    assert get(period="2025-Q9").status_code == 400


def test_a_family_api_must_turn_its_own_query_into_parameters_and_not_reuse_the_common_names():
    class Unit(serializers.Serializer):
        unit = serializers.CharField()

    for api in (
        Api(figures=AgencyFiguresSerializer, query=AgencyKindQuerySerializer),
        Api(figures=AgencyFiguresSerializer, query=Unit, params=lambda query: Params()),
    ):
        with pytest.raises(ValueError):
            registry.register(ReportFamily(key="bad-api", label="Sai", compute=count_agencies, api=api))
    assert "bad-api" not in registry.keys()
