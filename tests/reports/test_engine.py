"""The report engine against small, hand-built histories (DOMAIN section 0).

Every petition below goes through the real services (receive → classify → accept → settle …), so
the denormalised Case rows are exactly what production would hold. Each expected figure is worked
out by hand in a comment next to its assertion.

The main story is the petition desk of Xã Đồng Phúc (Huyện Ba Bể, Tỉnh Bắc Kạn) in Q2 2024.
Settlement deadlines come from the default rule table: a first-time complaint, a denunciation and
a recommendation are all due 30 calendar days after acceptance (Ba Bể is not a remote area), a
denunciation extension adds its days, and a due date on a non-working day moves to the next one.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.choices import Channel, ComplaintResult, Complexity, Kind, Outcome
from petitions.models import Petition
from petitions.services import (
    PetitionerData,
    petition_accept,
    petition_classify,
    petition_extend,
    petition_process,
    petition_receive,
    petition_reopen_second_round,
    petition_settle,
    petition_withdraw,
)
from portal.choices import AgencyKind, Generation, Level
from portal.models import AdministrativeUnit, Agency, User
from reception.choices import AdhocReason, ReceivedBy, SessionKind, VisitAction
from reception.services import CitizenData, VisitData, reception_session_record
from reports.engine import petition_report, rate, reception_report

Q2_START, Q2_END = dt.date(2024, 4, 1), dt.date(2024, 6, 30)

CASE_METRICS = ("carried_over", "accepted", "must_settle", "settled", "settled_on_time", "overdue_open")
COUNT_KEYS = ("received", *CASE_METRICS)
METRIC_KEYS = {*COUNT_KEYS, "resolution_rate", "on_time_rate"}


@pytest.fixture(autouse=True)
def frozen_today():
    """Services refuse future dates: every test runs on Friday 20 Nov 2026, 9:00 in Hà Nội."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


# --- building histories with the real services -----------------------------------------------


class Desk:
    """The petition desk of one People's Committee: each method is one step of the real workflow."""

    def __init__(self, officer: User | None, agency: Agency | None = None):
        self.officer = officer
        self.agency = agency or officer.agency
        self.unit = self.agency.unit
        self._names = 0

    def receive(self, kind: str, received_on: dt.date, *, case=None, anonymous: bool = False) -> Petition:
        self._names += 1
        petitioners = [] if anonymous else [PetitionerData(full_name=f"Hoàng Văn Dân {self._names}")]
        return petition_receive(
            actor=self.officer,
            receiving_agency=self.agency,
            kind=kind,
            channel=Channel.MAIL,
            received_on=received_on,
            summary=f"Đơn số {self._names} về đất đai thôn Nà Làng",
            petitioners=petitioners,
            is_anonymous=anonymous,
            case=case,
        )

    def classify(self, petition: Petition, on: dt.date, *, within_authority=True, qualified=True) -> Petition:
        return petition_classify(
            actor=self.officer,
            petition_id=petition.pk,
            expected_version=None,
            qualified=qualified,
            within_authority=within_authority,
            unqualified_reason="" if qualified else "Đơn nặc danh, không rõ nội dung",
            on=on,
        )

    def accepted(self, kind: str, received_on: dt.date, accepted_on: dt.date) -> Petition:
        """A petition received, classified within authority and accepted (thụ lý): a case to settle."""
        petition = self.classify(self.receive(kind, received_on), received_on)
        return petition_accept(
            actor=self.officer, petition_id=petition.pk, expected_version=None, accepted_on=accepted_on
        )

    def settle(self, petition: Petition, on: dt.date) -> Petition:
        return petition_settle(
            actor=self.officer,
            petition_id=petition.pk,
            expected_version=None,
            settled_on=on,
            decision_no=f"{petition.pk}/QĐ-UBND",
            result=ComplaintResult.WRONG if petition.kind == Kind.COMPLAINT else "",
        )

    def withdraw(self, petition: Petition, on: dt.date) -> Petition:
        return petition_withdraw(
            actor=self.officer,
            petition_id=petition.pk,
            expected_version=None,
            withdrawn_on=on,
            note="Công dân rút đơn sau khi được giải thích",
        )

    def extend(self, petition: Petition, on: dt.date, days: int = 30) -> Petition:
        return petition_extend(
            actor=self.officer,
            petition_id=petition.pk,
            expected_version=None,
            decision_no=f"{petition.pk}/QĐ-GH",
            decided_on=on,
            complexity=Complexity.COMPLEX,
            days=days,
        )

    def outside(self, kind: str, received_on: dt.date, outcome: str, **kwargs) -> Petition:
        """A petition not within authority: classified, then guided, transferred or stored."""
        anonymous = kwargs.pop("anonymous", False)
        petition = self.receive(kind, received_on, anonymous=anonymous)
        petition = self.classify(petition, received_on, within_authority=False, qualified=not anonymous)
        return self.process(petition, outcome, received_on + dt.timedelta(days=2), **kwargs)

    def process(self, petition: Petition, outcome: str, on: dt.date, transferred_to=None) -> Petition:
        return petition_process(
            actor=self.officer,
            petition_id=petition.pk,
            expected_version=None,
            outcome=outcome,
            processed_on=on,
            transferred_to=transferred_to,
        )

    def duplicate(self, of: Petition, received_on: dt.date) -> Petition:
        """The same matter again: the new petition joins the existing case and is filed (lưu đơn)."""
        petition = self.receive(of.kind, received_on, case=of.case)
        petition = self.classify(petition, received_on)
        return self.process(petition, Outcome.STORED, received_on)


def due(petition: Petition) -> dt.date:
    petition.case.refresh_from_db()
    return petition.case.settlement_due


@pytest.fixture
def desk_a(commune_officer_a) -> Desk:
    return Desk(commune_officer_a)  # Xã Đồng Phúc (01933), Huyện Ba Bể (061), Tỉnh Bắc Kạn (06)


@pytest.fixture
def desk_b(commune_officer_b) -> Desk:
    return Desk(commune_officer_b)  # Xã Hoàng Trĩ (01930), also in Huyện Ba Bể


def legacy_unit(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=level, code=code)


@pytest.fixture
def province() -> AdministrativeUnit:
    return legacy_unit(Level.PROVINCE, "06")


@pytest.fixture
def ba_be() -> AdministrativeUnit:
    return legacy_unit(Level.DISTRICT, "061")


@pytest.fixture
def district_committee(ba_be) -> Agency:
    return Agency.objects.get(unit=ba_be, kind=AgencyKind.PEOPLES_COMMITTEE)


@pytest.fixture
def q2_2024(desk_a, district_committee) -> dict[str, Petition]:
    """Xã Đồng Phúc's petitions around Q2 2024 (1 Apr – 30 Jun), one line per story.

    Cases within authority (acceptance → due → settlement):
      carried_on_time  complaint      11 Mar → 10 Apr → settled 5 Apr       carried, settled on time
      carried_open     complaint      12 Mar → 11 Apr → never settled       carried, overdue_open
      closed_before    complaint      22 Jan → 21 Feb → settled 20 Feb      outside the period entirely
      late             complaint       8 Apr →  8 May → settled 20 May      accepted, settled late
      late_after_end   complaint      22 Apr → 22 May → settled 5 Aug       accepted, overdue_open
      withdrawn        complaint      10 Apr → 10 May → withdrawn 25 Apr    accepted, settled on time
      extended         denunciation    8 Apr →  8 May, extended +30 → 7 Jun → settled 3 Jun
                                                                            accepted, settled on time
      open_not_due     recommendation 10 Jun → 10 Jul → open                accepted, not overdue
    Two more petitions on the `late` case (duplicates), four outside authority, one not yet accepted.
    """
    d = desk_a
    p = {}
    p["carried_on_time"] = d.accepted(Kind.COMPLAINT, dt.date(2024, 3, 4), dt.date(2024, 3, 11))
    d.settle(p["carried_on_time"], dt.date(2024, 4, 5))
    p["carried_open"] = d.accepted(Kind.COMPLAINT, dt.date(2024, 3, 4), dt.date(2024, 3, 12))
    p["closed_before"] = d.accepted(Kind.COMPLAINT, dt.date(2024, 1, 3), dt.date(2024, 1, 22))
    d.settle(p["closed_before"], dt.date(2024, 2, 20))

    p["late"] = d.accepted(Kind.COMPLAINT, dt.date(2024, 4, 2), dt.date(2024, 4, 8))
    d.settle(p["late"], dt.date(2024, 5, 20))
    p["late_after_end"] = d.accepted(Kind.COMPLAINT, dt.date(2024, 4, 15), dt.date(2024, 4, 22))
    d.settle(p["late_after_end"], dt.date(2024, 8, 5))
    p["withdrawn"] = d.accepted(Kind.COMPLAINT, dt.date(2024, 4, 3), dt.date(2024, 4, 10))
    d.withdraw(p["withdrawn"], dt.date(2024, 4, 25))
    p["extended"] = d.accepted(Kind.DENUNCIATION, dt.date(2024, 4, 1), dt.date(2024, 4, 8))
    d.extend(p["extended"], dt.date(2024, 5, 6))
    d.settle(p["extended"], dt.date(2024, 6, 3))
    p["open_not_due"] = d.accepted(Kind.RECOMMENDATION, dt.date(2024, 6, 3), dt.date(2024, 6, 10))

    p["duplicate_1"] = d.duplicate(p["late"], dt.date(2024, 4, 20))
    p["duplicate_2"] = d.duplicate(p["late"], dt.date(2024, 5, 2))

    p["transferred_complaint"] = d.outside(
        Kind.COMPLAINT, dt.date(2024, 5, 6), Outcome.TRANSFERRED, transferred_to=district_committee
    )
    p["transferred_denunciation"] = d.outside(
        Kind.DENUNCIATION, dt.date(2024, 5, 7), Outcome.TRANSFERRED, transferred_to=district_committee
    )
    p["guided_recommendation"] = d.outside(Kind.RECOMMENDATION, dt.date(2024, 5, 10), Outcome.GUIDED)
    p["stored_reflection"] = d.outside(Kind.REFLECTION, dt.date(2024, 6, 12), Outcome.STORED, anonymous=True)

    p["not_yet_accepted"] = d.classify(d.receive(Kind.COMPLAINT, dt.date(2024, 6, 20)), dt.date(2024, 6, 21))
    return p


# Q2 2024 figures of Xã Đồng Phúc, worked out from the table in the q2_2024 docstring.
Q2_COMPLAINT = {
    # received 1 Apr–30 Jun: late, duplicate_1, duplicate_2, late_after_end, withdrawn,
    # transferred_complaint, not_yet_accepted = 7 petitions
    "received": 7,
    "carried_over": 2,  # carried_on_time, carried_open (accepted in March, open on 1 Apr)
    "accepted": 3,  # late, late_after_end, withdrawn
    "must_settle": 5,  # 2 + 3
    "settled": 3,  # carried_on_time (5 Apr), late (20 May), withdrawn (25 Apr)
    "settled_on_time": 2,  # carried_on_time, withdrawn; late missed 8 May
    "overdue_open": 2,  # carried_open (due 11 Apr), late_after_end (due 22 May, settled only 5 Aug)
    "resolution_rate": 60.0,  # 3 / 5
    "on_time_rate": 66.67,  # 2 / 3
}
Q2_DENUNCIATION = {
    "received": 2,  # extended, transferred_denunciation
    "carried_over": 0,
    "accepted": 1,  # extended
    "must_settle": 1,
    "settled": 1,
    "settled_on_time": 1,  # 3 Jun ≤ 7 Jun (the extended deadline)
    "overdue_open": 0,
    "resolution_rate": 100.0,
    "on_time_rate": 100.0,
}
Q2_RECOMMENDATION_REFLECTION = {
    "received": 3,  # open_not_due, guided_recommendation, stored_reflection
    "carried_over": 0,
    "accepted": 1,  # open_not_due
    "must_settle": 1,
    "settled": 0,
    "settled_on_time": 0,
    "overdue_open": 0,  # due 10 Jul, after the period
    "resolution_rate": 0.0,  # 0 / 1
    "on_time_rate": None,  # nothing settled
}
Q2_TOTAL = {
    "received": 12,  # 7 + 2 + 3
    "carried_over": 2,
    "accepted": 5,  # 3 + 1 + 1
    "must_settle": 7,
    "settled": 4,  # 3 + 1 + 0
    "settled_on_time": 3,  # 2 + 1
    "overdue_open": 2,
    "resolution_rate": 57.14,  # 4 / 7 = 57.142…
    "on_time_rate": 75.0,  # 3 / 4
}


def figures(row: dict) -> dict:
    return {key: row[key] for key in METRIC_KEYS}


# --- the hand-built history is what we think it is --------------------------------------------


def test_the_history_has_the_deadlines_the_comments_rely_on(q2_2024):
    # 30 calendar days after acceptance, all on working days (no roll-forward needed).
    assert due(q2_2024["carried_on_time"]) == dt.date(2024, 4, 10)
    assert due(q2_2024["carried_open"]) == dt.date(2024, 4, 11)
    assert due(q2_2024["late"]) == dt.date(2024, 5, 8)
    assert due(q2_2024["late_after_end"]) == dt.date(2024, 5, 22)
    assert due(q2_2024["withdrawn"]) == dt.date(2024, 5, 10)
    assert due(q2_2024["open_not_due"]) == dt.date(2024, 7, 10)
    # 8 Apr + 30 days = 8 May, + 30 days of extension = 7 Jun (a Friday).
    assert due(q2_2024["extended"]) == dt.date(2024, 6, 7)
    # Duplicates joined the case they repeat; the case still mirrors its accepted (lead) petition.
    late_case = q2_2024["late"].case
    assert late_case.petitions.count() == 3
    late_case.refresh_from_db()
    assert (late_case.accepted_on, late_case.settled_on) == (dt.date(2024, 4, 8), dt.date(2024, 5, 20))


# --- resolution metrics, by case within authority ---------------------------------------------


def test_carried_over_and_newly_accepted_cases_make_up_must_settle(q2_2024, desk_a):
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    # carried: carried_on_time + carried_open (closed_before was settled on 20 Feb, before 1 Apr)
    assert report["carried_over"] == 2
    # accepted 1 Apr–30 Jun: late, late_after_end, withdrawn, extended, open_not_due
    assert report["accepted"] == 5
    assert report["must_settle"] == report["carried_over"] + report["accepted"] == 7


def test_combined_figures_of_the_commune(q2_2024, desk_a):
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert figures(report) == Q2_TOTAL
    assert report["target_rate"] == 85.0


def test_a_case_settled_after_its_deadline_is_settled_but_not_on_time(desk_a):
    on_time = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 4, 2), dt.date(2024, 4, 8))  # due 8 May
    late = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 4, 2), dt.date(2024, 4, 8))  # due 8 May
    desk_a.settle(on_time, dt.date(2024, 5, 8))  # on the due day itself: still on time
    desk_a.settle(late, dt.date(2024, 5, 9))  # one day late
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert report["settled"] == 2
    assert report["settled_on_time"] == 1
    assert report["on_time_rate"] == 50.0  # 1 / 2
    assert report["overdue_open"] == 0  # both were settled inside the period


def test_an_extended_denunciation_settled_before_the_extended_deadline_is_on_time(desk_a):
    extended = desk_a.accepted(Kind.DENUNCIATION, dt.date(2024, 4, 1), dt.date(2024, 4, 8))
    not_extended = desk_a.accepted(Kind.DENUNCIATION, dt.date(2024, 4, 1), dt.date(2024, 4, 8))
    desk_a.extend(extended, dt.date(2024, 5, 6))
    assert due(extended) == dt.date(2024, 6, 7)  # 8 May + 30 days of extension
    assert due(not_extended) == dt.date(2024, 5, 8)
    # Both settled on 3 Jun: after the original deadline of 8 May.
    desk_a.settle(extended, dt.date(2024, 6, 3))
    desk_a.settle(not_extended, dt.date(2024, 6, 3))
    denunciation = petition_report(desk_a.unit, Q2_START, Q2_END)["by_kind"]["denunciation"]
    assert denunciation["settled"] == 2
    assert denunciation["settled_on_time"] == 1  # only the extended one
    assert denunciation["on_time_rate"] == 50.0


def test_a_complaint_withdrawn_after_explanation_counts_as_settled(desk_a):
    withdrawn = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 4, 3), dt.date(2024, 4, 10))  # due 10 May
    desk_a.withdraw(withdrawn, dt.date(2024, 4, 25))
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert (report["must_settle"], report["settled"], report["settled_on_time"]) == (1, 1, 1)
    assert report["resolution_rate"] == 100.0
    assert report["overdue_open"] == 0


def test_duplicates_are_several_received_petitions_but_one_case(desk_a):
    original = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 4, 2), dt.date(2024, 4, 8))
    desk_a.duplicate(original, dt.date(2024, 4, 20))
    desk_a.duplicate(original, dt.date(2024, 5, 2))
    desk_a.settle(original, dt.date(2024, 5, 6))
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert report["received"] == 3  # the original and its two repeats
    assert (report["accepted"], report["must_settle"], report["settled"]) == (1, 1, 1)  # one case
    assert report["resolution_rate"] == 100.0


def test_a_duplicate_received_while_the_case_is_open_does_not_change_its_figures(desk_a):
    """A repeat petition joins an accepted case that is still open; the case stays one open case."""
    original = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 3, 4), dt.date(2024, 3, 12))  # due 11 Apr
    desk_a.receive(Kind.COMPLAINT, dt.date(2024, 4, 15), case=original.case)  # not processed yet
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert report["received"] == 1  # only the repeat was received in Q2
    assert (report["carried_over"], report["must_settle"], report["overdue_open"]) == (1, 1, 1)


def test_petitions_outside_authority_count_as_received_only(desk_a, district_committee):
    desk_a.outside(Kind.COMPLAINT, dt.date(2024, 5, 6), Outcome.TRANSFERRED, transferred_to=district_committee)
    desk_a.outside(Kind.DENUNCIATION, dt.date(2024, 5, 7), Outcome.TRANSFERRED, transferred_to=district_committee)
    desk_a.outside(Kind.RECOMMENDATION, dt.date(2024, 5, 10), Outcome.GUIDED)
    desk_a.outside(Kind.REFLECTION, dt.date(2024, 6, 12), Outcome.STORED, anonymous=True)
    desk_a.outside(Kind.COMPLAINT, dt.date(2024, 6, 14), Outcome.URGED)
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert report["received"] == 5
    assert {key: report[key] for key in CASE_METRICS} == dict.fromkeys(CASE_METRICS, 0)
    assert (report["resolution_rate"], report["on_time_rate"]) == (None, None)
    assert report["by_kind"]["complaint"]["received"] == 2
    assert report["by_kind"]["denunciation"]["received"] == 1
    assert report["by_kind"]["recommendation_reflection"]["received"] == 2


def test_overdue_open_counts_cases_unsettled_at_the_end_of_the_period_and_past_due(desk_a):
    never_settled = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 4, 15), dt.date(2024, 4, 22))  # due 22 May
    settled_after_end = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 4, 15), dt.date(2024, 4, 22))
    desk_a.settle(settled_after_end, dt.date(2024, 7, 15))
    desk_a.accepted(Kind.RECOMMENDATION, dt.date(2024, 6, 3), dt.date(2024, 6, 10))  # due 10 Jul: not yet late
    assert due(never_settled) == due(settled_after_end) == dt.date(2024, 5, 22)

    q2 = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert q2["must_settle"] == 3
    assert q2["settled"] == 0
    assert q2["overdue_open"] == 2  # never_settled and settled_after_end; the recommendation is not due yet

    # In Q3 the late settlement is counted (late), and the other two are still open on 30 Sep.
    q3 = petition_report(desk_a.unit, dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert (q3["carried_over"], q3["accepted"], q3["settled"], q3["settled_on_time"]) == (3, 0, 1, 0)
    assert q3["overdue_open"] == 2  # never_settled (due 22 May) and the recommendation (due 10 Jul)


def test_period_bounds_are_inclusive(desk_a):
    # Settled on the first day of the period: it was open on 1 Apr, so it is carried over and settled.
    carried = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 3, 1), dt.date(2024, 3, 11))  # due 10 Apr
    desk_a.settle(carried, Q2_START)
    # Accepted on the last day of the period.
    desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 6, 25), Q2_END)
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert (report["carried_over"], report["accepted"], report["must_settle"]) == (1, 1, 2)
    assert (report["settled"], report["settled_on_time"]) == (1, 1)
    assert report["received"] == 1  # only the one received on 25 Jun


def test_a_period_without_cases_has_no_rates(q2_2024, desk_a):
    report = petition_report(desk_a.unit, dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert {key: report[key] for key in COUNT_KEYS} == dict.fromkeys(COUNT_KEYS, 0)
    assert report["resolution_rate"] is None
    assert report["on_time_rate"] is None
    for group in report["by_kind"].values():
        assert (group["resolution_rate"], group["on_time_rate"]) == (None, None)


def test_rates_are_percentages_rounded_to_two_decimals():
    assert rate(2, 3) == 66.67
    assert rate(1, 3) == 33.33
    assert rate(4, 7) == 57.14
    assert rate(17, 20) == 85.0
    assert rate(0, 5) == 0.0
    assert rate(0, 0) is None


# --- by kind and the kind filter --------------------------------------------------------------


def test_by_kind_has_the_three_groups_with_the_same_metrics(q2_2024, desk_a):
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    assert list(report["by_kind"]) == ["complaint", "denunciation", "recommendation_reflection"]
    for group in report["by_kind"].values():
        assert set(group) == METRIC_KEYS
    assert figures(report["by_kind"]["complaint"]) == Q2_COMPLAINT
    assert figures(report["by_kind"]["denunciation"]) == Q2_DENUNCIATION
    assert figures(report["by_kind"]["recommendation_reflection"]) == Q2_RECOMMENDATION_REFLECTION


def test_the_groups_add_up_to_the_combined_figures(q2_2024, desk_a):
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    for key in COUNT_KEYS:
        assert report[key] == sum(group[key] for group in report["by_kind"].values()), key


def test_the_kind_filter_restricts_every_figure(q2_2024, desk_a, province):
    report = petition_report(desk_a.unit, Q2_START, Q2_END, kind="complaint")
    assert list(report["by_kind"]) == ["complaint"]
    assert figures(report) == Q2_COMPLAINT
    assert figures(report["by_kind"]["complaint"]) == Q2_COMPLAINT

    by_province = petition_report(province, Q2_START, Q2_END, kind="complaint")
    assert figures(by_province) == Q2_COMPLAINT
    ba_be = next(child for child in by_province["children"] if child["code"] == "061")
    assert figures(ba_be) == Q2_COMPLAINT


def test_the_recommendation_reflection_filter_takes_both_kinds(q2_2024, desk_a):
    report = petition_report(desk_a.unit, Q2_START, Q2_END, kind="recommendation_reflection")
    assert figures(report) == Q2_RECOMMENDATION_REFLECTION


# --- unit tree: children and subtree scope ----------------------------------------------------


def test_the_province_lists_its_eight_districts_and_ba_be_carries_the_figures(q2_2024, province):
    report = petition_report(province, Q2_START, Q2_END)
    *districts, own = report["children"]  # and the province's own agencies, so that the rows add up
    assert (own["own_level"], own["name"], own["received"]) == (True, "Cơ quan cấp tỉnh", 0)
    assert [child["code"] for child in districts] == [
        "058",  # Thành phố Bắc Kạn
        "060",  # Huyện Pác Nặm
        "061",  # Huyện Ba Bể
        "062",  # Huyện Ngân Sơn
        "063",  # Huyện Bạch Thông
        "064",  # Huyện Chợ Đồn
        "065",  # Huyện Chợ Mới
        "066",  # Huyện Na Rì
    ]
    assert figures(report) == Q2_TOTAL
    for child in districts:
        if child["code"] == "061":
            assert child["name"] == "Huyện Ba Bể"
            assert figures(child) == Q2_TOTAL
        else:
            assert {key: child[key] for key in COUNT_KEYS} == dict.fromkeys(COUNT_KEYS, 0), child["name"]
            assert (child["resolution_rate"], child["on_time_rate"]) == (None, None)


def test_the_childrens_figures_sum_to_the_parents(q2_2024, desk_b, province, ba_be):
    # A second commune of Ba Bể: one recommendation accepted 10 Apr (due 10 May), settled 2 May.
    desk_b.settle(desk_b.accepted(Kind.RECOMMENDATION, dt.date(2024, 4, 3), dt.date(2024, 4, 10)), dt.date(2024, 5, 2))
    for unit in (province, ba_be):
        report = petition_report(unit, Q2_START, Q2_END)
        for key in COUNT_KEYS:
            assert report[key] == sum(child[key] for child in report["children"]), (unit.name, key)
    district = petition_report(ba_be, Q2_START, Q2_END)
    # Q2_TOTAL plus Hoàng Trĩ's case: received 13, must_settle 8, settled 5, on time 4.
    assert (district["received"], district["must_settle"], district["settled"], district["settled_on_time"]) == (
        13,
        8,
        5,
        4,
    )
    assert district["resolution_rate"] == 62.5  # 5 / 8
    assert district["on_time_rate"] == 80.0  # 4 / 5
    communes = {child["code"]: child for child in district["children"]}
    assert list(communes) == sorted(communes)
    assert figures(communes["01933"]) == Q2_TOTAL
    assert (communes["01930"]["received"], communes["01930"]["settled"]) == (1, 1)


def test_a_commune_report_has_only_its_own_level_as_child(q2_2024, desk_a):
    report = petition_report(desk_a.unit, Q2_START, Q2_END)
    [own] = report["children"]  # no units below a commune: its own agencies carry all its figures
    assert own["own_level"] and own["name"] == "Cơ quan cấp xã" and figures(own) == figures(report)


def committee_of(unit: AdministrativeUnit) -> Agency:
    """A People's Committee for a unit the demo organisation does not staff."""
    return Agency.objects.create(
        unit=unit, name=f"Ủy ban nhân dân {unit.name} ({unit.generation})", kind=AgencyKind.PEOPLES_COMMITTEE
    )


def test_another_provinces_data_does_not_leak_into_the_demo_province(q2_2024, commune_officer_a, province):
    # Xã Đồng Phúc on the two-level map (Tỉnh Thái Nguyên, code 19, ward 01933) and a legacy
    # commune of the old Tỉnh Thái Nguyên: neither is in the subtree of legacy Tỉnh Bắc Kạn.
    elsewhere = [
        AdministrativeUnit.objects.get(generation=Generation.CURRENT, level=Level.COMMUNE, code="01933"),
        AdministrativeUnit.objects.filter(
            generation=Generation.LEGACY, level=Level.COMMUNE, path__startswith="legacy/19/"
        )
        .order_by("code")
        .first(),
    ]
    for unit in elsewhere:
        desk = Desk(None, agency=committee_of(unit))  # the system: the officer may not act outside his commune
        desk.settle(desk.accepted(Kind.COMPLAINT, dt.date(2024, 4, 2), dt.date(2024, 4, 8)), dt.date(2024, 4, 20))
        assert petition_report(unit, Q2_START, Q2_END)["settled"] == 1  # the data is there …
    report = petition_report(province, Q2_START, Q2_END)
    assert figures(report) == Q2_TOTAL  # … but not in Bắc Kạn's report


def test_on_the_two_level_map_a_province_lists_its_communes(commune_officer_a):
    """From 1 Jul 2025 there are no districts: a province's children are its communes."""
    ward = AdministrativeUnit.objects.get(generation=Generation.CURRENT, level=Level.COMMUNE, code="01933")
    thai_nguyen = ward.parent  # Xã Đồng Phúc now belongs to Tỉnh Thái Nguyên (19)
    assert (thai_nguyen.level, thai_nguyen.code) == (Level.PROVINCE, "19")
    desk = Desk(None, agency=committee_of(ward))  # the system: the ward is outside the officer's scope
    # accepted 8 Jan 2026 → due 7 Feb (a Saturday) → moves to Mon 9 Feb; settled 5 Feb: on time
    case = desk.accepted(Kind.COMPLAINT, dt.date(2026, 1, 5), dt.date(2026, 1, 8))
    assert due(case) == dt.date(2026, 2, 9)
    desk.settle(case, dt.date(2026, 2, 5))
    report = petition_report(thai_nguyen, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    codes = [child["code"] for child in report["children"] if not child.get("own_level")]
    assert codes == sorted(codes) and len(codes) == thai_nguyen.children.count() > 8
    rows = {child["code"]: child for child in report["children"]}
    assert (rows["01933"]["received"], rows["01933"]["settled"], rows["01933"]["settled_on_time"]) == (1, 1, 1)
    assert sum(child["settled"] for child in report["children"]) == report["settled"] == 1


# --- cost -------------------------------------------------------------------------------------


def test_the_province_report_runs_a_fixed_handful_of_queries(
    q2_2024, desk_a, desk_b, province, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        petition_report(province, Q2_START, Q2_END)
    # Ten more cases in two communes of Ba Bể.
    for day in range(1, 6):
        desk_a.accepted(Kind.DENUNCIATION, dt.date(2024, 5, day), dt.date(2024, 5, 10))
        desk_b.accepted(Kind.REFLECTION, dt.date(2024, 5, day), dt.date(2024, 5, 10))
    # Cases and petitions grouped by kind, the districts, cases and petitions grouped by district.
    with django_assert_max_num_queries(5), CaptureQueriesContext(connection) as large:
        report = petition_report(province, Q2_START, Q2_END)
    assert report["must_settle"] == Q2_TOTAL["must_settle"] + 10
    assert len(large) == len(small)


# --- reception (form 01/TCD skeleton and heads' compliance) ----------------------------------


def citizen_visit(people: int = 1, *, representatives: int = 0, kind=Kind.RECOMMENDATION) -> VisitData:
    """A visit of `people` citizens; a delegation names its representatives."""
    names = max(representatives, 1)
    return VisitData(
        kind=kind,
        content="Kiến nghị sửa cầu treo Nà Làng",
        action=VisitAction.ANSWERED,
        citizens=[
            CitizenData(full_name=f"Đinh Văn Sáu {i}", is_representative=bool(representatives)) for i in range(names)
        ],
        people_count=people,
        representatives=representatives,
    )


@pytest.fixture
def commune_committee(commune_officer_a) -> Agency:
    return commune_officer_a.agency  # Ủy ban nhân dân Xã Đồng Phúc, headed by xa.lanhdao


@pytest.fixture
def record_session(commune_committee):
    """Record a session of Xã Đồng Phúc's committee by its reception officer (xa.tiepdan)."""
    officer = User.objects.get(username="xa.tiepdan")
    chair = User.objects.get(username="xa.lanhdao")
    deputy_name = "Phó Chủ tịch UBND xã (được ủy quyền)"

    def record(
        day: dt.date, received_by: str, visits: list[VisitData], *, kind=None, agency=None, actor=None, **kwargs
    ):
        if kind is None:
            kind = SessionKind.REGULAR if received_by == ReceivedBy.STAFF else SessionKind.PERIODIC
        return reception_session_record(
            actor=actor or officer,
            agency=agency or commune_committee,
            date=day,
            kind=kind,
            received_by=received_by,
            receiver=chair if received_by == ReceivedBy.HEAD else None,
            receiver_name={
                ReceivedBy.HEAD: f"Chủ tịch UBND xã {chair.full_name}",
                ReceivedBy.AUTHORISED: deputy_name,
                ReceivedBy.STAFF: f"Cán bộ tiếp công dân {officer.full_name}",
            }[received_by],
            visits=visits,
            **kwargs,
        )

    return record


@pytest.fixture
def june_july_2026(record_session, commune_officer_b):
    """Xã Đồng Phúc's reception sessions in June (weekly duty) and July 2026 (twice-monthly duty)."""
    head, deputy, staff = ReceivedBy.HEAD, ReceivedBy.AUTHORISED, ReceivedBy.STAFF
    # Week of Mon 1 Jun: the chair receives twice (2 and 3 Jun); one day counts for that week.
    record_session(dt.date(2026, 6, 2), head, [citizen_visit(1), citizen_visit(6, representatives=2)])
    record_session(dt.date(2026, 6, 3), head, [citizen_visit(1)])
    # Week of 15 Jun: only the authorised deputy; it does not meet the chair's duty.
    record_session(dt.date(2026, 6, 16), deputy, [citizen_visit(2)])
    # Regular reception by staff.
    record_session(dt.date(2026, 6, 18), staff, [citizen_visit(1)])
    # July: 7 Jul periodic and ad hoc on the same day (one day), and 21 Jul.
    record_session(dt.date(2026, 7, 7), head, [citizen_visit(5, representatives=1, kind=Kind.COMPLAINT)])
    record_session(
        dt.date(2026, 7, 7),
        head,
        [citizen_visit(1)],
        kind=SessionKind.ADHOC,
        adhoc_reason=AdhocReason.SERIOUS_CONSEQUENCES,
    )
    record_session(dt.date(2026, 7, 21), head, [citizen_visit(3)])
    # Outside the report: before the period, and at the neighbouring commune.
    record_session(dt.date(2026, 5, 29), head, [citizen_visit(7, representatives=2)])
    record_session(  # recorded by the neighbour's own officer: Đồng Phúc's may not act there
        dt.date(2026, 6, 9), head, [citizen_visit(1)], agency=commune_officer_b.agency, actor=commune_officer_b
    )


def test_reception_counts_sessions_visits_citizens_and_delegations(june_july_2026, commune_committee):
    report = reception_report(commune_committee.unit, dt.date(2026, 6, 1), dt.date(2026, 7, 31))
    assert report["sessions"] == 7  # 2, 3, 16, 18 Jun; 7 Jul (twice), 21 Jul
    assert report["head_sessions"] == 5  # 2, 3 Jun; 7 Jul ×2; 21 Jul
    assert report["delegated_sessions"] == 1  # 16 Jun, by the authorised deputy
    assert report["visits"] == 8  # 2 + 1 + 1 + 1 + 1 + 1 + 1
    assert report["citizens"] == 20  # 1 + 6 + 1 + 2 + 1 + 5 + 1 + 3
    assert report["delegations"] == 2  # the groups of 6 and of 5
    [own] = report["children"]  # a commune: only its own level, carrying every figure
    assert own["own_level"] and (own["sessions"], own["visits"]) == (report["sessions"], report["visits"])


def test_commune_chair_compliance_across_the_july_2026_rule_change(june_july_2026, commune_committee):
    report = reception_report(commune_committee.unit, dt.date(2026, 6, 1), dt.date(2026, 7, 31))
    # Weekly duty for the weeks beginning 1, 8, 15, 22, 29 Jun (5), then 2 days in July: 7 required.
    assert report["required_head_days"] == 7
    # Distinct in-person days of the chair: 2, 3 Jun, 7, 21 Jul.
    assert report["held_head_days"] == 4
    # Week of 1 Jun: 1 (capped); other June weeks: 0; July: 2 (7 and 21 Jul).
    assert report["counted_head_days"] == 3
    assert report["compliance_rate"] == 42.86  # 3 / 7


def test_compliance_before_and_after_the_rule_change_separately(june_july_2026, commune_committee):
    june = reception_report(commune_committee.unit, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    # 5 weeks begin in June; the chair received in one of them.
    assert (june["required_head_days"], june["counted_head_days"], june["held_head_days"]) == (5, 1, 2)
    assert june["compliance_rate"] == 20.0
    july = reception_report(commune_committee.unit, dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    # Twice a month from 1 Jul 2026: 7 and 21 Jul meet it.
    assert (july["required_head_days"], july["counted_head_days"], july["held_head_days"]) == (2, 2, 2)
    assert july["compliance_rate"] == 100.0
    assert (july["sessions"], july["head_sessions"], july["delegated_sessions"]) == (3, 3, 0)


def test_a_month_without_sessions_still_requires_the_chairs_days(commune_committee):
    report = reception_report(commune_committee.unit, dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert (report["sessions"], report["visits"], report["citizens"], report["delegations"]) == (0, 0, 0, 0)
    assert (report["required_head_days"], report["counted_head_days"]) == (2, 0)
    assert report["compliance_rate"] == 0.0


def test_the_district_reception_report_puts_each_commune_in_its_row(june_july_2026, ba_be, commune_committee):
    start, end = dt.date(2026, 6, 1), dt.date(2026, 7, 31)
    district = reception_report(ba_be, start, end)
    rows = {child["code"]: child for child in district["children"]}
    dong_phuc = reception_report(commune_committee.unit, start, end)
    same = ("sessions", "head_sessions", "delegated_sessions", "visits", "citizens", "delegations")
    assert {key: rows["01933"][key] for key in same} == {key: dong_phuc[key] for key in same}
    assert rows["01933"]["compliance_rate"] == dong_phuc["compliance_rate"] == 42.86
    assert (rows["01930"]["sessions"], rows["01930"]["counted_head_days"]) == (1, 1)  # Hoàng Trĩ, 9 Jun
    for key in (*same, "required_head_days", "counted_head_days", "held_head_days"):
        assert district[key] == sum(row[key] for row in rows.values()), key


# --- a later event must not rewrite a past period ---------------------------------------------


def test_a_second_round_complaint_does_not_erase_the_first_round_settlement(desk_a, district_committee):
    """Fails today: a Case row mirrors only its lead petition (petitions.services.case_sync), and
    accepting the second-round petition makes it the lead, so the case's accepted_on becomes 27 May
    and settled_on None; the first round's acceptance and decision vanish from every report.

    The commune settled a first-time complaint on 6 May 2024 (decision issued, on time). On 20 May
    the complainant appealed to the district (second round, same case), accepted there on 27 May.
    DOMAIN section 0: the commune's case was accepted on 8 Apr and settled on 6 May, so a report of
    1 Apr – 10 May 2024 shows accepted 1, settled 1, settled on time 1 — whatever happens later.
    """
    first = desk_a.accepted(Kind.COMPLAINT, dt.date(2024, 4, 2), dt.date(2024, 4, 8))  # due 8 May
    desk_a.settle(first, dt.date(2024, 5, 6))
    before = petition_report(desk_a.unit, Q2_START, dt.date(2024, 5, 10))
    assert (before["accepted"], before["settled"], before["settled_on_time"]) == (1, 1, 1)

    second = petition_reopen_second_round(
        actor=None, petition_id=first.pk, received_on=dt.date(2024, 5, 20), handling_agency=district_committee
    )
    # The district registers and handles its own second round (the commune officer may not: his scope).
    second = petition_classify(
        actor=None,
        petition_id=second.pk,
        expected_version=None,
        qualified=True,
        within_authority=True,
        on=dt.date(2024, 5, 21),
    )
    petition_accept(actor=None, petition_id=second.pk, expected_version=None, accepted_on=dt.date(2024, 5, 27))

    after = petition_report(desk_a.unit, Q2_START, dt.date(2024, 5, 10))
    assert figures(after) == figures(before)
