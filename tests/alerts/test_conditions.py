"""Each condition against hand-built figures: what makes it true, and what the leader reads about it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from alerts.choices import ConditionKind
from alerts.conditions import describe, evaluate, notification_message
from alerts.selectors import SnapshotReader, current_period
from portal.models import AdministrativeUnit
from tests.alerts.conftest import TODAY, commune_row, duty, petitions, reception, reform

pytestmark = pytest.mark.django_db

PERIOD = current_period(TODAY)


def no_other_unit(family, unit):
    raise AssertionError("this rule reads only the followed unit's figures")


def test_the_period_read_is_the_current_year():
    assert (PERIOD.key, PERIOD.start.isoformat(), PERIOD.end.isoformat()) == ("2026", "2026-01-01", "2026-12-31")


@pytest.mark.parametrize(("rate", "holds"), [(72.5, True), (84.99, True), (85.0, False), (97.0, False), (None, False)])
def test_resolution_below_target_holds_under_85_percent_only(dong_phuc, rate, holds):
    data = petitions(rate=rate, settled=29, must_settle=40 if rate is not None else 0)
    reading = evaluate(
        ConditionKind.RESOLUTION_BELOW_TARGET,
        unit=dong_phuc,
        data=data,
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.holds is holds


def test_resolution_reads_numerator_denominator_and_target(dong_phuc):
    reading = evaluate(
        ConditionKind.RESOLUTION_BELOW_TARGET,
        unit=dong_phuc,
        data=petitions(rate=72.5, settled=29, must_settle=40),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    text = describe(ConditionKind.RESOLUTION_BELOW_TARGET, reading.observed)
    assert text == "tỷ lệ giải quyết 72,50% (29/40 vụ việc), chỉ tiêu 85%"
    assert reading.observed["url"] == reverse("reports:unit-dashboard", args=[dong_phuc.pk])


def test_a_rate_reads_as_the_report_pages_write_it_in_each_language():
    observed = {"rate": 60.0, "settled": 6, "must_settle": 10, "target": 87.5}
    assert describe(ConditionKind.RESOLUTION_BELOW_TARGET, observed) == (
        "tỷ lệ giải quyết 60,00% (6/10 vụ việc), chỉ tiêu 87,50%"
    )
    with translation.override("en"):
        text = describe(ConditionKind.RESOLUTION_BELOW_TARGET, {**observed, "rate": 72.5})
    assert "72.50%" in text and "87.50%" in text


@pytest.mark.parametrize(("overdue", "threshold", "holds"), [(6, 5, True), (5, 5, False), (0, 0, False), (1, 0, True)])
def test_overdue_above_holds_when_the_overdue_cases_exceed_n(dong_phuc, overdue, threshold, holds):
    reading = evaluate(
        ConditionKind.OVERDUE_ABOVE,
        unit=dong_phuc,
        data=petitions(overdue=overdue),
        period=PERIOD,
        threshold=threshold,
        read=no_other_unit,
    )
    assert reading.holds is holds


def test_overdue_links_to_the_overdue_cases_of_the_unit_and_year(dong_phuc):
    reading = evaluate(
        ConditionKind.OVERDUE_ABOVE,
        unit=dong_phuc,
        data=petitions(overdue=7),
        period=PERIOD,
        threshold=5,
        read=no_other_unit,
    )
    assert reading.observed["url"] == (
        f"{reverse('petitions:list')}?unit={dong_phuc.pk}&metric=overdue_open"
        "&metric_from=2026-01-01&metric_to=2026-12-31"
    )
    assert describe(ConditionKind.OVERDUE_ABOVE, reading.observed) == "7 vụ việc quá hạn chưa giải quyết (ngưỡng 5)"


def test_reform_overdue_reads_the_subtree_and_links_to_the_overdue_tasks(ba_be):
    data = reform(overdue=2)  # the district's own plans have none; a commune's plan has two
    reading = evaluate(
        ConditionKind.REFORM_OVERDUE, unit=ba_be, data=data, period=PERIOD, threshold=None, read=no_other_unit
    )
    assert reading.holds
    assert reading.observed["url"] == (
        f"{reverse('reform:tasks')}?unit={ba_be.pk}&state=overdue&year_from=2026&year_to=2026&top=true"
        "&on=2026-11-20"  # today: the year still runs
    )
    assert not evaluate(
        ConditionKind.REFORM_OVERDUE,
        unit=ba_be,
        data=reform(overdue=0),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    ).holds


def test_the_reform_link_reads_the_tasks_as_of_the_day_the_figure_stands_at(ba_be):
    """The task list's overdue figure depends on the day: the link asks for the snapshot's, not the reader's."""
    reading = evaluate(
        ConditionKind.REFORM_OVERDUE,
        unit=ba_be,
        data={**reform(overdue=2), "as_of": "2026-11-19"},  # computed yesterday
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.observed["url"].endswith("&top=true&on=2026-11-19")


def test_a_past_years_reform_link_reads_the_tasks_at_its_end(ba_be):
    past = current_period(dt.date(2025, 3, 1))
    reading = evaluate(
        ConditionKind.REFORM_OVERDUE,
        unit=ba_be,
        data=reform(overdue=1),
        period=past,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.observed["url"].endswith("year_from=2025&year_to=2025&top=true&on=2025-12-31")


def test_reform_figures_without_a_subtree_part_are_read_at_the_top(dong_phuc):
    reading = evaluate(
        ConditionKind.REFORM_OVERDUE,
        unit=dong_phuc,
        data={"overdue": 1},
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.holds and reading.observed["count"] == 1


@pytest.mark.parametrize(
    ("required", "counted", "ended", "holds"),
    [
        (4, 2, True, True),  # every period over, two days missed
        (4, 4, True, False),
        (0, 0, True, False),
        (47, 46, (46, 46), False),  # Monday: this week has not had its day yet, every ended week had it
        (47, 45, (46, 45), True),  # an ended week was missed
        (2, 0, (0, 0), False),  # the month still runs: nothing ended yet
    ],
)
def test_a_commune_heads_below_their_minimum_in_ended_weeks_and_months(dong_phuc, required, counted, ended, holds):
    reading = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=dong_phuc,
        data=reception(required=required, counted=counted, ended=ended),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.holds is holds


def test_a_commune_alert_reads_the_ended_weeks_and_months(dong_phuc):
    reading = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=dong_phuc,
        data=reception(required=47, counted=45, ended=(46, 45)),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert (reading.observed["required"], reading.observed["counted"]) == (46, 45)
    assert describe(ConditionKind.RECEPTION_BELOW_MINIMUM, reading.observed) == (
        "Chủ tịch xã tiếp công dân 45/46 ngày theo quy định trong các tuần, tháng đã kết thúc"
    )


def test_figures_stored_before_the_ended_periods_were_kept_do_not_alert(dong_phuc, ba_be):
    """An old snapshot has only the figures counting the running week: read as not short, never as a shortfall."""
    commune = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=dong_phuc,
        data=reception(required=47, counted=46, ended=False),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert not commune.holds
    assert describe(ConditionKind.RECEPTION_BELOW_MINIMUM, commune.observed) == (
        "chưa có số liệu tiếp công dân của các tuần, tháng đã kết thúc"
    )
    row = commune_row(ba_be.children.order_by("code").first(), 47, 46, ended=False)
    district = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=ba_be,
        data=reception(children=[row]),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert not district.holds and district.observed["of"] == 0


def test_a_district_names_its_communes_below_the_minimum(ba_be):
    communes = list(ba_be.children.order_by("code")[:6])
    rows = [commune_row(c, 4, 1) for c in communes[:5]] + [commune_row(communes[5], 4, 4)]
    own = {
        "unit": ba_be.pk,
        "name": "Cơ quan cấp huyện",
        "own_level": True,
        **duty(2, 0),
    }  # the district's own chair: not a commune's head
    reading = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=ba_be,
        data=reception(children=[*rows, own]),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.holds
    assert reading.observed["communes"] == 5 and reading.observed["of"] == 6
    text = describe(ConditionKind.RECEPTION_BELOW_MINIMUM, reading.observed)
    names = ", ".join(c.name for c in communes[:3])
    assert text == (
        "5/6 xã có Chủ tịch tiếp công dân chưa đủ số ngày tối thiểu trong các tuần, tháng đã kết thúc: "
        f"{names} và 2 xã khác"
    )


def test_a_district_does_not_count_the_week_its_communes_are_still_in(ba_be):
    communes = list(ba_be.children.order_by("code")[:2])
    rows = [commune_row(communes[0], 47, 46, ended=(46, 46)), commune_row(communes[1], 47, 45, ended=(46, 45))]
    reading = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=ba_be,
        data=reception(children=rows),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.holds and reading.observed["names"] == [communes[1].name]
    assert (reading.observed["communes"], reading.observed["of"]) == (1, 2)


def test_a_district_whose_only_shortfall_is_its_own_chair_does_not_alert(ba_be):
    own = {"unit": ba_be.pk, "own_level": True, **duty(2, 0)}
    commune = commune_row(ba_be.children.order_by("code").first(), 4, 4)
    reading = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=ba_be,
        data=reception(children=[commune, own]),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert not reading.holds


def test_a_pre_2025_province_reads_the_communes_of_its_districts(province_leader, ba_be, snapshot):
    province = province_leader.agency.unit
    short = ba_be.children.order_by("code").first()
    districts = [
        {"unit": d.pk, "name": d.name, "required_head_days": 0, "counted_head_days": 0}
        for d in province.children.order_by("code")
    ]
    snapshot("reception", ba_be, **reception(children=[commune_row(short, 4, 1)]))
    for district in province.children.exclude(pk=ba_be.pk):
        snapshot("reception", district, **reception(children=[]))
    read = SnapshotReader(PERIOD)
    reading = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=province,
        data=reception(children=districts),
        period=PERIOD,
        threshold=None,
        read=read,
    )
    assert reading.holds and reading.observed["names"] == [short.name]


def test_the_notification_names_the_unit_the_year_and_the_figures(dong_phuc):
    message = notification_message(
        ConditionKind.OVERDUE_ABOVE, unit_name=dong_phuc.name, year=2026, observed={"count": 7, "threshold": 5}
    )
    assert message == f"Cảnh báo {dong_phuc.name} năm 2026: 7 vụ việc quá hạn chưa giải quyết (ngưỡng 5)."


def test_units_of_the_two_maps_are_read_alike():
    commune = AdministrativeUnit.objects.filter(generation="2025", level="commune").first()
    reading = evaluate(
        ConditionKind.RECEPTION_BELOW_MINIMUM,
        unit=commune,
        data=reception(required=2, counted=1),
        period=PERIOD,
        threshold=None,
        read=no_other_unit,
    )
    assert reading.holds
