"""Indicators per unit and year (PAR Index with its scheme's maximum points, PAPI's 8 dimensions, SIPAS), their
trend over the years, and the one-stop coverage over the units in force at a date (DOMAIN R5.4, R5.5, R5.7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.choices import Generation, Level
from portal.models import AdministrativeUnit, AuditEvent
from portal.services import DomainError, NotFound, NotPermitted
from reform.choices import PAPI_DIMENSIONS, IndicatorKind, OneStopKind
from reform.models import IndicatorValue
from reform.selectors import indicator_trends, onestop_coverage
from reform.services import indicator_record, onestop_record
from tests.reform.conftest import agency_of

pytestmark = pytest.mark.django_db

LAST_LEGACY_DAY = dt.date(2025, 6, 30)
FIRST_TWO_LEVEL_DAY = dt.date(2025, 7, 1)


@pytest.fixture
def thai_nguyen(db) -> AdministrativeUnit:
    """Tỉnh Thái Nguyên on the two-level map, which took over Bắc Kạn on 1 July 2025."""
    return AdministrativeUnit.objects.get(generation=Generation.CURRENT, level=Level.PROVINCE, code="19")


@pytest.fixture
def cao_bang(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code="04")


def par_index(actor, unit, year, score, **extra):
    return indicator_record(
        actor=actor, unit=unit, year=year, kind=IndicatorKind.PAR_INDEX, score=score, scheme="876/QĐ-BNV", **extra
    )


# --- recording --------------------------------------------------------------------------------------------


def test_the_same_unit_year_indicator_scheme_and_component_is_one_value(bac_kan, reform_officer):
    first = par_index(reform_officer, bac_kan, 2024, "82.10", max_points=100, rank=40)
    again = par_index(reform_officer, bac_kan, 2024, "83,45", max_points=100, rank=35)
    assert first.pk == again.pk
    value = IndicatorValue.objects.get(unit=bac_kan, year=2024, kind=IndicatorKind.PAR_INDEX)
    assert (value.score, value.rank) == (Decimal("83.45"), 35)
    # the correction is audited with the value it replaced
    events = AuditEvent.objects.filter(verb="reform.indicator_recorded", target_id=str(value.pk)).order_by("id")
    assert [(event.before, event.after, event.actor_id) for event in events] == [
        ("", "82.10", reform_officer.pk),
        ("82.10", "83.45", reform_officer.pk),
    ]


def test_another_year_scheme_or_component_is_another_value(bac_kan, reform_officer):
    par_index(reform_officer, bac_kan, 2024, 82)
    par_index(reform_officer, bac_kan, 2023, 80)
    indicator_record(
        actor=reform_officer, unit=bac_kan, year=2024, kind=IndicatorKind.PAR_INDEX, score=78, scheme="1150/QĐ-BNV"
    )
    par_index(reform_officer, bac_kan, 2024, 9, component="institutions", label="Công tác chỉ đạo", max_points=12)
    indicator_record(actor=reform_officer, unit=bac_kan, year=2024, kind=IndicatorKind.PAPI, score="42.5")
    assert IndicatorValue.objects.filter(unit=bac_kan).count() == 5


def test_a_score_above_the_schemes_maximum_is_refused(bac_kan, reform_officer):
    with pytest.raises(DomainError, match="vượt điểm tối đa"):
        par_index(reform_officer, bac_kan, 2024, "12.5", component="institutions", max_points=12)
    assert not IndicatorValue.objects.exists()
    # the maximum itself is fine
    par_index(reform_officer, bac_kan, 2024, 12, component="institutions", max_points=12)


@pytest.mark.parametrize("score", ["-1", "nhiều", None, ""])
def test_a_score_that_is_not_a_positive_number_is_refused(score, bac_kan, reform_officer):
    with pytest.raises(DomainError):
        par_index(reform_officer, bac_kan, 2024, score)
    assert not IndicatorValue.objects.exists()


def test_papi_is_recorded_under_its_eight_dimensions(bac_kan, reform_officer):
    assert len(PAPI_DIMENSIONS) == 8
    value = indicator_record(
        actor=reform_officer, unit=bac_kan, year=2024, kind=IndicatorKind.PAPI, score="5.12", component="e_governance"
    )
    assert value.component_label == "Quản trị điện tử"


def test_an_unknown_papi_dimension_is_refused(bac_kan, reform_officer):
    with pytest.raises(DomainError, match="không phải là một thành phần"):
        indicator_record(
            actor=reform_officer, unit=bac_kan, year=2024, kind=IndicatorKind.PAPI, score="5", component="happiness"
        )
    assert not IndicatorValue.objects.exists()


def test_an_unknown_indicator_is_refused(bac_kan, reform_officer):
    with pytest.raises(DomainError):
        indicator_record(actor=reform_officer, unit=bac_kan, year=2024, kind="gdp", score="5")


def test_a_unit_outside_the_officials_scope_is_not_found(bac_kan, cao_bang, reform_officer, commune_reform_officer):
    with pytest.raises(NotFound):
        par_index(reform_officer, cao_bang, 2024, 80)
    with pytest.raises(NotFound):
        par_index(commune_reform_officer, bac_kan, 2024, 80)
    assert not IndicatorValue.objects.exists()


def test_only_reform_officers_record_indicators(bac_kan, justice_officer, province_leader):
    for official in (justice_officer, province_leader):
        with pytest.raises(NotPermitted):
            par_index(official, bac_kan, 2024, 80)
    assert not IndicatorValue.objects.exists()


# --- trends -----------------------------------------------------------------------------------------------


def test_trends_show_each_years_change_from_the_previous_year(bac_kan, reform_officer):
    par_index(reform_officer, bac_kan, 2024, "85.50", max_points=100, rank=30)
    par_index(reform_officer, bac_kan, 2022, "80.00", max_points=100, rank=45)
    par_index(reform_officer, bac_kan, 2023, "80.00", max_points=100, rank=44)
    par_index(reform_officer, bac_kan, 2025, "83.00", max_points=100, rank=33)
    indicator_record(actor=reform_officer, unit=bac_kan, year=2024, kind=IndicatorKind.SIPAS, score="84.1")

    series = indicator_trends(IndicatorValue.objects.filter(unit=bac_kan))
    par = next(entry for entry in series if entry["kind"] == IndicatorKind.PAR_INDEX)
    assert [(point["year"], point["score"], point["change"]) for point in par["points"]] == [
        (2022, Decimal("80.00"), None),
        (2023, Decimal("80.00"), Decimal("0.00")),
        (2024, Decimal("85.50"), Decimal("5.50")),
        (2025, Decimal("83.00"), Decimal("-2.50")),
    ]
    assert par["points"][2]["share"] == Decimal("85.50")
    sipas = next(entry for entry in series if entry["kind"] == IndicatorKind.SIPAS)
    assert [point["change"] for point in sipas["points"]] == [None]


def test_each_component_has_its_own_trend(bac_kan, reform_officer):
    for year, score in ((2023, "5.10"), (2024, "5.40")):
        indicator_record(
            actor=reform_officer, unit=bac_kan, year=year, kind=IndicatorKind.PAPI, score=score, component="procedures"
        )
        indicator_record(
            actor=reform_officer, unit=bac_kan, year=year, kind=IndicatorKind.PAPI, score="6", component="transparency"
        )
    series = {entry["component"]: entry for entry in indicator_trends(IndicatorValue.objects.filter(unit=bac_kan))}
    assert series["procedures"]["points"][-1]["change"] == Decimal("0.30")
    assert series["transparency"]["points"][-1]["change"] == Decimal("0.00")


# --- one-stop coverage ------------------------------------------------------------------------------------


def legacy_communes_of(province: AdministrativeUnit):
    return AdministrativeUnit.objects.filter(generation=Generation.LEGACY, level=Level.COMMUNE, parent__parent=province)


def test_coverage_counts_the_legacy_communes_before_1_july_2025(bac_kan, dong_phuc):
    communes = list(legacy_communes_of(bac_kan).order_by("code")[:3])
    for commune in communes:
        onestop_record(
            actor=None,
            unit=commune,
            kind=OneStopKind.COMMUNE_CENTRE,
            name=f"Bộ phận một cửa {commune.name}",
            opened_on=dt.date(2020, 1, 1),
        )
    coverage = onestop_coverage(bac_kan, LAST_LEGACY_DAY)
    total = legacy_communes_of(bac_kan).count()
    assert total > 100  # Bắc Kạn's 108 communes before the merger
    assert (coverage["communes_covered"], coverage["communes"]) == (3, total)


def test_after_1_july_2025_the_two_level_map_is_counted(bac_kan, thai_nguyen):
    legacy = legacy_communes_of(bac_kan).first()
    onestop_record(
        actor=None, unit=legacy, kind=OneStopKind.COMMUNE_CENTRE, name="Một cửa", opened_on=dt.date(2020, 1, 1)
    )
    current = list(
        AdministrativeUnit.objects.filter(generation=Generation.CURRENT, level=Level.COMMUNE, parent=thai_nguyen)[:2]
    )
    for commune in current:
        onestop_record(
            actor=None,
            unit=commune,
            kind=OneStopKind.COMMUNE_CENTRE,
            name=f"Trung tâm phục vụ hành chính công {commune.name}",
            opened_on=FIRST_TWO_LEVEL_DAY,
        )
    current_total = AdministrativeUnit.objects.filter(
        generation=Generation.CURRENT, level=Level.COMMUNE, parent=thai_nguyen
    ).count()

    after = onestop_coverage(thai_nguyen, FIRST_TWO_LEVEL_DAY)
    assert (after["communes_covered"], after["communes"]) == (2, current_total)
    # the legacy communes are no longer in force
    assert onestop_coverage(bac_kan, FIRST_TWO_LEVEL_DAY)["communes"] == 0
    # and the new communes were not yet in force the day before
    before = onestop_coverage(thai_nguyen, LAST_LEGACY_DAY)
    assert (before["communes"], before["communes_rate"]) == (0, None)


def test_a_point_counts_only_while_it_works(bac_kan, dong_phuc):
    onestop_record(
        actor=None,
        unit=dong_phuc,
        kind=OneStopKind.COMMUNE_CENTRE,
        name="Bộ phận một cửa xã Đồng Phúc",
        opened_on=dt.date(2022, 3, 1),
        closed_on=dt.date(2024, 1, 1),
    )
    assert onestop_coverage(bac_kan, dt.date(2022, 2, 28))["communes_covered"] == 0
    assert onestop_coverage(bac_kan, dt.date(2023, 6, 1))["communes_covered"] == 1
    assert onestop_coverage(bac_kan, dt.date(2024, 1, 1))["communes_covered"] == 0


def test_coverage_counts_the_provinces_departments(bac_kan, home_affairs, justice):
    for agency in (home_affairs, justice):
        onestop_record(
            actor=None,
            unit=bac_kan,
            agency=agency,
            kind=OneStopKind.AGENCY_DESK,
            name=f"Bộ phận một cửa {agency.name}",
            opened_on=dt.date(2023, 1, 1),
        )
    coverage = onestop_coverage(bac_kan, dt.date(2024, 12, 31))
    # Sở Nội vụ, Sở Tư pháp, Sở Tài nguyên và Môi trường, Sở Lao động - Thương binh và Xã hội
    assert (coverage["agencies_covered"], coverage["agencies"], coverage["agencies_rate"]) == (2, 4, Decimal("50.00"))
    assert coverage["as_of"] == "2024-12-31"


def test_a_whole_province_covered_is_100_percent(bac_kan):
    for commune in legacy_communes_of(bac_kan):
        onestop_record(
            actor=None, unit=commune, kind=OneStopKind.COMMUNE_CENTRE, name="Một cửa", opened_on=dt.date(2019, 1, 1)
        )
    coverage = onestop_coverage(bac_kan, dt.date(2024, 12, 31))
    assert coverage["communes_covered"] == coverage["communes"]
    assert coverage["communes_rate"] == Decimal("100.00")


def test_an_agency_desk_needs_its_agency_of_that_unit(bac_kan, dong_phuc, reform_officer):
    with pytest.raises(DomainError):
        onestop_record(
            actor=reform_officer,
            unit=bac_kan,
            kind=OneStopKind.AGENCY_DESK,
            name="Một cửa",
            opened_on=dt.date(2023, 1, 1),
        )
    with pytest.raises(DomainError):
        onestop_record(
            actor=reform_officer,
            unit=bac_kan,
            agency=agency_of(dong_phuc, "UBND"),
            kind=OneStopKind.AGENCY_DESK,
            name="Một cửa",
            opened_on=dt.date(2023, 1, 1),
        )
