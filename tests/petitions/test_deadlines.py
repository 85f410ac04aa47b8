"""The deadline engine (petitions.deadlines) against the legal rules of DOMAIN sections 0, 2 and 8.

Day counting (Civil Code 2015 art. 147–148): the first day is not counted, and a period ending on
a non-working day ends on the next working day. Working days are the `holidays` Vietnam calendar
(pinned 0.109) plus the administrators' override table.

Almost every test is pure: the rule table is built from `petitions.rule_defaults.DEFAULT_RULES`
and the calendar gets an explicit (empty) override table, so no database is touched. Only the
tests in the last-but-one section use the database, to prove the data migration loaded the
same table and that the admin table of days reaches `WorkCalendar()`.

Every expected date was checked by hand against a calendar; the comment beside each case shows
the count. Weekday reminders used throughout:
    Feb 2026: Tết Mon 16 – Fri 20 (so 14–22 Feb are all days off); Mon 2 Mar 2026.
    Apr/May 2026: Hùng Kings Sun 26 Apr observed Mon 27 Apr; Thu 30 Apr; Fri 1 May.
    Aug/Sep 2026: Sat 22 Aug is a make-up working day; Mon 31 Aug (substituted), Tue 1 and
    Wed 2 Sep are off.  Tue 24 Nov 2026 is Vietnamese Culture Day.
    Apr/May 2025: Sat 26 Apr is a make-up working day; Wed 30 Apr, Thu 1 May and Fri 2 May
    (substituted) are off.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.choices import (
    Complexity,
    DayType,
    DeadlineEvent,
    DeadlineState,
    Kind,
    Outcome,
    Status,
)
from petitions.deadlines import (
    PAUSE_STOPS_CLOCK_FROM,
    Deadline,
    PetitionFacts,
    RuleRow,
    compute_all,
    compute_deadline,
    explain_step,
    load_rules,
    pick_rule,
    state_of,
)
from petitions.rule_defaults import DEFAULT_RULES
from portal.workcalendar import WorkCalendar

D = dt.date
ONE_DAY = dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def rule_row(spec: dict) -> RuleRow:
    """A RuleRow from one DEFAULT_RULES dict: missing keys are None, a missing kind is ""."""
    values = {f.name: spec.get(f.name) for f in dataclasses.fields(RuleRow)}
    values["kind"] = spec.get("kind") or ""
    return RuleRow(**values)


RULES: list[RuleRow] = [rule_row(spec) for spec in DEFAULT_RULES]

# The national calendar only; an explicit override table keeps WorkCalendar off the database.
CAL = WorkCalendar(overrides={})


def rule_for(event: str, *, kind: str = "", round: int = 1, on: dt.date, rules=RULES) -> RuleRow:
    rule = pick_rule(rules, event=event, kind=kind, round=round, on=on)
    assert rule is not None, f"no {event} rule for {kind or 'any kind'} on {on}"
    return rule


def deadline(event: str, start: dt.date, *, kind: str = "", round: int = 1, calendar=CAL, **kwargs) -> Deadline:
    """Pick the rule in force on `start` and apply it."""
    return compute_deadline(rule_for(event, kind=kind, round=round, on=start), start, calendar=calendar, **kwargs)


def facts(kind: str, *, status: str = Status.RECEIVED, received_on: dt.date, round: int = 1, **kwargs) -> PetitionFacts:
    return PetitionFacts(kind=kind, round=round, status=status, received_on=received_on, **kwargs)


def explain(item: Deadline) -> str:
    """The detail page's explanation of a deadline (in Vietnamese, the portal's language)."""
    with translation.override("vi"):
        return "\n".join(explain_step(step) for step in item.steps)


def ops(item: Deadline) -> list[str]:
    return [step["op"] for step in item.steps]


def step(item: Deadline, op: str) -> dict:
    found = [s for s in item.steps if s["op"] == op]
    assert len(found) == 1, f"expected one {op!r} step in {item.steps}"
    return found[0]


# --------------------------------------------------------------------------------------------
# The facts of the calendar and the rule table these tests rely on
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Fri before Tết
        *[(D(2026, 2, d), False) for d in range(16, 21)],  # Tết 2026, Mon–Fri
        (D(2026, 2, 23), True),  # Mon after Tết
        (D(2025, 4, 26), True),  # make-up Saturday
        (D(2025, 5, 2), False),  # substituted day off (for 26 Apr 2025)
        (D(2026, 8, 22), True),  # make-up Saturday
        (D(2026, 8, 29), False),  # an ordinary Saturday
        (D(2026, 8, 31), False),  # substituted day off (for 22 Aug 2026)
        (D(2026, 11, 24), False),  # Vietnamese Culture Day (from 2026)
    ],
)
def test_national_calendar_knows_tet_swaps_and_culture_day(day, working):
    assert CAL.is_working_day(day) is working


def test_default_rule_table_has_every_statutory_limit():
    by_code = {(r.code, r.effective_from): r for r in RULES}
    assert by_code[("notice", None)].days == 10
    assert by_code[("notice", None)].day_type == DayType.WORKING
    assert by_code[("notice", None)].kind == ""
    old, new = by_code[("complaint-accept", None)], by_code[("complaint-accept", D(2026, 7, 1))]
    assert (old.days, old.day_type, old.effective_to) == (10, DayType.CALENDAR, D(2026, 6, 30))
    assert (new.days, new.day_type, new.effective_to) == (7, DayType.WORKING, None)
    first = by_code[("complaint-1-settle", None)]
    assert (first.days, first.complex_days, first.remote_days, first.remote_complex_days) == (30, 45, 45, 60)
    second = by_code[("complaint-2-settle", None)]
    assert (second.days, second.complex_days, second.remote_days, second.remote_complex_days) == (45, 60, 60, 70)
    accept = by_code[("denunciation-accept", None)]
    assert (accept.days, accept.complex_days, accept.day_type) == (7, 10, DayType.WORKING)
    transfer = by_code[("denunciation-transfer", None)]
    assert (transfer.days, transfer.day_type) == (5, DayType.WORKING)
    settle = by_code[("denunciation-settle", None)]
    assert (settle.days, settle.extension_days, settle.day_type) == (30, 30, DayType.CALENDAR)


# --------------------------------------------------------------------------------------------
# 1. Notice of the processing outcome: 10 working days from receipt
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Mon 2 Mar: Tue 3 … Fri 6 (4), Mon 9 … Fri 13 (9), Mon 16 (10).
        (D(2026, 3, 2), D(2026, 3, 16)),
        # Mon 29 Dec 2025: Tue 30 (1), Wed 31 (2), Thu 1 Jan off, Fri 2 (3), Mon 5 … Fri 9 (8),
        # Mon 12 (9), Tue 13 (10).
        (D(2025, 12, 29), D(2026, 1, 13)),
        # Fri 24 Apr 2026: Mon 27 off (Hùng Kings observed), Tue 28 (1), Wed 29 (2), Thu 30 Apr and
        # Fri 1 May off, Mon 4 … Fri 8 (7), Mon 11 (8), Tue 12 (9), Wed 13 (10).
        (D(2026, 4, 24), D(2026, 5, 13)),
        # Received on Sun 15 Feb, inside Tết: nothing counts until Mon 23 Feb (1) … Fri 27 (5),
        # Mon 2 Mar (6) … Fri 6 Mar (10).
        (D(2026, 2, 15), D(2026, 3, 6)),
    ],
)
def test_notice_deadline_counts_ten_working_days_after_receipt(received, due):
    item = deadline(DeadlineEvent.NOTICE, received, kind=Kind.RECOMMENDATION)
    assert item.due == due
    assert item.rule_code == "notice"
    assert CAL.working_days_between(received, item.due) == 10


def test_notice_deadline_skips_tet_2026():
    # Tue 10 Feb 2026: Wed 11 (1), Thu 12 (2), Fri 13 (3); Sat 14 – Sun 22 off (Tết Mon 16 – Fri 20);
    # Mon 23 (4) … Fri 27 (8), Mon 2 Mar (9), Tue 3 Mar (10).
    item = deadline(DeadlineEvent.NOTICE, D(2026, 2, 10), kind=Kind.COMPLAINT)
    assert item.due == D(2026, 3, 3)
    added = step(item, "add_working")
    assert added["days"] == 10
    assert [day for day, _reason in added["skipped"]] == [f"2026-02-{d}" for d in range(16, 21)]
    assert all("Tết" in reason or "Giao thừa" in reason for _day, reason in added["skipped"])
    assert "roll_forward" not in ops(item)  # a working-day count always ends on a working day


def test_notice_explanation_names_the_skipped_tet_days():
    item = deadline(DeadlineEvent.NOTICE, D(2026, 2, 10), kind=Kind.COMPLAINT)
    text = explain(item)
    assert "10/02/2026" in text and "ngày đầu không tính" in text
    assert "Cộng 10 ngày làm việc → 03/03/2026." in text
    assert "Bỏ qua ngày nghỉ:" in text
    for day in range(16, 21):
        assert f"{day}/02/2026" in text
    assert "16/02/2026 Giao thừa Tết Nguyên Đán" in text
    assert "Tết Nguyên Đán" in text


# --------------------------------------------------------------------------------------------
# 2. Calendar-day rules: a period ending on a non-working day ends on the next working day
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "raw_end", "due"),
    [
        # Wed 1 Apr 2026 + 10 = Sat 11 Apr → Mon 13 Apr.
        (D(2026, 4, 1), D(2026, 4, 11), D(2026, 4, 13)),
        # Thu 2 Apr 2026 + 10 = Sun 12 Apr → Mon 13 Apr.
        (D(2026, 4, 2), D(2026, 4, 12), D(2026, 4, 13)),
        # Fri 6 Feb 2026 + 10 = Mon 16 Feb (Giao thừa) → Tết to Fri 20, weekend → Mon 23 Feb.
        (D(2026, 2, 6), D(2026, 2, 16), D(2026, 2, 23)),
        # Mon 9 Feb 2026 + 10 = Thu 19 Feb (Mùng ba Tết) → Mon 23 Feb.
        (D(2026, 2, 9), D(2026, 2, 19), D(2026, 2, 23)),
        # Tue 22 Apr 2025 + 10 = Fri 2 May 2025 (substituted day off) → Sat, Sun → Mon 5 May.
        (D(2025, 4, 22), D(2025, 5, 2), D(2025, 5, 5)),
    ],
)
def test_complaint_acceptance_ending_on_a_day_off_moves_to_next_working_day(received, raw_end, due):
    item = deadline(DeadlineEvent.ACCEPTANCE, received, kind=Kind.COMPLAINT)
    assert step(item, "add_calendar")["date"] == raw_end.isoformat()
    rolled = step(item, "roll_forward")
    assert (rolled["from"], rolled["date"]) == (raw_end.isoformat(), due.isoformat())
    assert item.due == due


def test_complaint_acceptance_on_a_working_day_is_not_moved():
    # Mon 2 Mar 2026 + 10 calendar days = Thu 12 Mar, a working day.
    item = deadline(DeadlineEvent.ACCEPTANCE, D(2026, 3, 2), kind=Kind.COMPLAINT)
    assert item.due == D(2026, 3, 12)
    assert ops(item) == ["start", "add_calendar"]


def test_roll_forward_explanation_names_the_holiday():
    # Fri 6 Feb 2026 + 10 = Mon 16 Feb, Giao thừa.
    item = deadline(DeadlineEvent.ACCEPTANCE, D(2026, 2, 6), kind=Kind.COMPLAINT)
    text = explain(item)
    assert "Cộng 10 ngày → 16/02/2026." in text
    assert (
        "16/02/2026 là ngày nghỉ (Giao thừa Tết Nguyên Đán) nên hạn chuyển sang ngày làm việc tiếp theo: 23/02/2026."
        in text
    )


def test_settlement_ending_on_culture_day_moves_to_next_day():
    # Second-time complaint, complex (60 days) accepted Fri 25 Sep 2026: 5 days to 30 Sep,
    # 31 in Oct (36), 24 in Nov (60) = Tue 24 Nov 2026, Culture Day → Wed 25 Nov.
    item = deadline(
        DeadlineEvent.SETTLEMENT, D(2026, 9, 25), kind=Kind.COMPLAINT, round=2, complexity=Complexity.COMPLEX
    )
    assert step(item, "add_calendar")["date"] == "2026-11-24"
    assert item.due == D(2026, 11, 25)
    assert "Văn hóa" in step(item, "roll_forward")["reason"]


# --------------------------------------------------------------------------------------------
# 3. Make-up Saturdays count; substituted days off do not
# --------------------------------------------------------------------------------------------


def test_makeup_saturday_2026_08_22_counts_as_a_working_day():
    # Thu 20 Aug 2026: Fri 21 (1), Sat 22 make-up (2), Mon 24 … Fri 28 (7), Sat 29 / Sun 30 off,
    # Mon 31 Aug (substituted), Tue 1 and Wed 2 Sep (National Day) off, Thu 3 (8), Fri 4 (9),
    # Mon 7 Sep (10).  Without the make-up Saturday it would be Tue 8 Sep.
    item = deadline(DeadlineEvent.NOTICE, D(2026, 8, 20), kind=Kind.COMPLAINT)
    assert item.due == D(2026, 9, 7)
    skipped = [day for day, _reason in step(item, "add_working")["skipped"]]
    assert skipped == ["2026-08-31", "2026-09-01", "2026-09-02"]


def test_substituted_day_off_2026_08_31_is_skipped_in_denunciation_acceptance():
    # Fri 21 Aug 2026, 7 working days: Sat 22 (1), Mon 24 … Fri 28 (6), Mon 31 Aug, Tue 1 and
    # Wed 2 Sep off, Thu 3 Sep (7).
    item = deadline(DeadlineEvent.ACCEPTANCE, D(2026, 8, 21), kind=Kind.DENUNCIATION)
    assert item.due == D(2026, 9, 3)
    assert CAL.working_days_between(D(2026, 8, 21), D(2026, 8, 24)) == 2  # Sat 22 and Mon 24


def test_makeup_saturday_2025_04_26_counts_as_a_working_day():
    # Thu 24 Apr 2025: Fri 25 (1), Sat 26 make-up (2), Mon 28 (3), Tue 29 (4), Wed 30 Apr, Thu 1 and
    # Fri 2 May off, Mon 5 … Fri 9 (9), Mon 12 May (10).
    item = deadline(DeadlineEvent.NOTICE, D(2025, 4, 24), kind=Kind.DENUNCIATION)
    assert item.due == D(2025, 5, 12)


def test_calendar_deadline_on_makeup_saturday_stays_there():
    # First-time complaint accepted Thu 23 Jul 2026 + 30 = Sat 22 Aug 2026, a make-up working day.
    item = deadline(DeadlineEvent.SETTLEMENT, D(2026, 7, 23), kind=Kind.COMPLAINT)
    assert item.due == D(2026, 8, 22)
    assert "roll_forward" not in ops(item)


def test_calendar_deadline_rolls_over_substituted_day_and_national_day():
    # First-time complaint accepted Fri 31 Jul 2026 + 30 = Sun 30 Aug; Mon 31 Aug (substituted),
    # Tue 1 and Wed 2 Sep are off → Thu 3 Sep 2026.
    item = deadline(DeadlineEvent.SETTLEMENT, D(2026, 7, 31), kind=Kind.COMPLAINT)
    assert step(item, "add_calendar")["date"] == "2026-08-30"
    assert item.due == D(2026, 9, 3)


# --------------------------------------------------------------------------------------------
# 4. Complaint acceptance changes on 1 Jul 2026 (Law 136/2025/QH15)
# --------------------------------------------------------------------------------------------


def test_complaint_received_30_jun_2026_uses_ten_calendar_days():
    # Tue 30 Jun 2026 + 10 calendar days = Fri 10 Jul.
    result = compute_all(facts(Kind.COMPLAINT, received_on=D(2026, 6, 30)), rules=RULES, calendar=CAL)
    item = result.items[DeadlineEvent.ACCEPTANCE]
    assert item.due == D(2026, 7, 10)
    assert item.rule_code == "complaint-accept"
    assert item.rule_name == "Thụ lý khiếu nại: 10 ngày"
    assert item.legal_basis == "Luật Khiếu nại 2011, Điều 27"
    assert step(item, "add_calendar")["days"] == 10


def test_complaint_received_1_jul_2026_uses_seven_working_days():
    # Wed 1 Jul 2026: Thu 2 (1), Fri 3 (2), Mon 6 … Fri 10 (7) = Fri 10 Jul.
    result = compute_all(facts(Kind.COMPLAINT, received_on=D(2026, 7, 1)), rules=RULES, calendar=CAL)
    item = result.items[DeadlineEvent.ACCEPTANCE]
    assert item.due == D(2026, 7, 10)
    assert item.rule_code == "complaint-accept"
    assert "7 ngày làm việc" in item.rule_name and "01/7/2026" in item.rule_name
    assert "136/2025/QH15" in item.legal_basis
    assert step(item, "add_working")["days"] == 7


@pytest.mark.parametrize(
    ("received", "due", "day_type"),
    [
        # Fri 26 Jun 2026 + 10 calendar days = Mon 6 Jul.
        (D(2026, 6, 26), D(2026, 7, 6), DayType.CALENDAR),
        # Fri 3 Jul 2026, 7 working days: Mon 6 … Fri 10 (5), Mon 13 (6), Tue 14 Jul (7);
        # the old rule would have given Mon 13 Jul.
        (D(2026, 7, 3), D(2026, 7, 14), DayType.WORKING),
        # Mon 16 Nov 2026, 7 working days: Tue 17 … Fri 20 (4), Mon 23 (5), Tue 24 Culture Day off,
        # Wed 25 (6), Thu 26 Nov (7).
        (D(2026, 11, 16), D(2026, 11, 26), DayType.WORKING),
    ],
)
def test_complaint_acceptance_rule_is_picked_by_received_date(received, due, day_type):
    rule = rule_for(DeadlineEvent.ACCEPTANCE, kind=Kind.COMPLAINT, on=received)
    assert rule.day_type == day_type
    assert deadline(DeadlineEvent.ACCEPTANCE, received, kind=Kind.COMPLAINT).due == due


# --------------------------------------------------------------------------------------------
# 5. Complaint settlement: complex, remote area, remote + complex; first and second time
# --------------------------------------------------------------------------------------------

ACCEPTED_MON_2_MAR = D(2026, 3, 2)
# From Mon 2 Mar 2026: +30 = Wed 1 Apr; +45 = Thu 16 Apr; +60 = Fri 1 May (Labour Day) → Sat, Sun
# → Mon 4 May; +70 = Mon 11 May.  (29 days to 31 Mar, 30 in April.)


@pytest.mark.parametrize(
    ("round", "complexity", "remote", "days", "variant", "due"),
    [
        (1, Complexity.NORMAL, False, 30, "normal", D(2026, 4, 1)),
        (1, Complexity.COMPLEX, False, 45, "complex", D(2026, 4, 16)),
        (1, Complexity.VERY_COMPLEX, False, 45, "complex", D(2026, 4, 16)),
        (1, Complexity.NORMAL, True, 45, "remote", D(2026, 4, 16)),
        (1, Complexity.COMPLEX, True, 60, "remote_complex", D(2026, 5, 4)),
        (2, Complexity.NORMAL, False, 45, "normal", D(2026, 4, 16)),
        (2, Complexity.COMPLEX, False, 60, "complex", D(2026, 5, 4)),
        (2, Complexity.NORMAL, True, 60, "remote", D(2026, 5, 4)),
        (2, Complexity.COMPLEX, True, 70, "remote_complex", D(2026, 5, 11)),
    ],
)
def test_complaint_settlement_limit_by_round_complexity_and_area(round, complexity, remote, days, variant, due):
    petition = facts(
        Kind.COMPLAINT,
        round=round,
        status=Status.ACCEPTED,
        received_on=D(2026, 2, 25),
        accepted_on=ACCEPTED_MON_2_MAR,
        complexity=complexity,
        remote_area=remote,
    )
    result = compute_all(petition, rules=RULES, calendar=CAL)
    item = result.items[DeadlineEvent.SETTLEMENT]
    assert item.rule_code == f"complaint-{round}-settle"
    added = step(item, "add_calendar")
    assert (added["days"], added["variant"]) == (days, variant)
    assert item.due == due
    assert result.current == due


def test_remote_complex_settlement_explanation_names_the_variant_and_the_holiday():
    item = deadline(
        DeadlineEvent.SETTLEMENT,
        ACCEPTED_MON_2_MAR,
        kind=Kind.COMPLAINT,
        complexity=Complexity.COMPLEX,
        remote=True,
    )
    text = explain(item)
    assert "Ngày thụ lý: 02/03/2026" in text
    assert "Cộng 60 ngày (vùng sâu, vùng xa, phức tạp) → 01/05/2026." in text
    assert "01/05/2026 là ngày nghỉ (Ngày Quốc tế Lao động)" in text
    assert "04/05/2026" in text


# --------------------------------------------------------------------------------------------
# 6. Denunciations: acceptance, transfer, settlement with extensions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("complexity", "due"),
    [
        # Mon 2 Mar 2026: Tue 3 … Fri 6 (4), Mon 9 (5), Tue 10 (6), Wed 11 (7).
        (Complexity.NORMAL, D(2026, 3, 11)),
        # … Thu 12 (8), Fri 13 (9), Mon 16 Mar (10): verification in several places.
        (Complexity.COMPLEX, D(2026, 3, 16)),
        (Complexity.VERY_COMPLEX, D(2026, 3, 16)),
    ],
)
def test_denunciation_acceptance_seven_or_ten_working_days(complexity, due):
    petition = facts(Kind.DENUNCIATION, received_on=D(2026, 3, 2), complexity=complexity)
    result = compute_all(petition, rules=RULES, calendar=CAL)
    assert result.due(DeadlineEvent.ACCEPTANCE) == due
    assert result.items[DeadlineEvent.ACCEPTANCE].rule_code == "denunciation-accept"
    assert DeadlineEvent.TRANSFER not in result.items


def test_denunciation_outside_authority_gets_transfer_deadline_instead_of_acceptance():
    # Mon 2 Mar 2026, 5 working days: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 Mar.
    petition = facts(Kind.DENUNCIATION, received_on=D(2026, 3, 2), within_authority=False)
    result = compute_all(petition, rules=RULES, calendar=CAL)
    assert result.due(DeadlineEvent.TRANSFER) == D(2026, 3, 9)
    assert result.items[DeadlineEvent.TRANSFER].rule_code == "denunciation-transfer"
    assert DeadlineEvent.ACCEPTANCE not in result.items
    # Earliest pending intake deadline: transfer (9 Mar) before notice (16 Mar).
    assert result.due(DeadlineEvent.NOTICE) == D(2026, 3, 16)
    assert result.current == D(2026, 3, 9)


def test_denunciation_transferred_outcome_gets_transfer_deadline_across_tet():
    # Tue 10 Feb 2026, 5 working days: Wed 11, Thu 12, Fri 13, (Tết 16–20 skipped) Mon 23, Tue 24 Feb.
    petition = facts(
        Kind.DENUNCIATION,
        status=Status.CLASSIFIED,
        received_on=D(2026, 2, 10),
        outcome=Outcome.TRANSFERRED,
    )
    result = compute_all(petition, rules=RULES, calendar=CAL)
    assert result.due(DeadlineEvent.TRANSFER) == D(2026, 2, 24)
    assert result.current == D(2026, 2, 24)


def test_complaint_outside_authority_has_no_transfer_deadline():
    # The 5-working-day transfer rule is the Law on Denunciations' (art. 24(2)) only.
    petition = facts(Kind.COMPLAINT, received_on=D(2026, 3, 2), within_authority=False)
    result = compute_all(petition, rules=RULES, calendar=CAL)
    assert DeadlineEvent.TRANSFER not in result.items


@pytest.mark.parametrize(
    ("extensions", "raw_end", "due"),
    [
        # Accepted Mon 2 Mar 2026 + 30 = Wed 1 Apr.
        ([], D(2026, 4, 1), D(2026, 4, 1)),
        # + one extension of 30 = Fri 1 May (Labour Day) → Mon 4 May.
        ([(30, "12/QĐ-UBND")], D(2026, 5, 1), D(2026, 5, 4)),
        # + two extensions of 30 = Sun 31 May → Mon 1 Jun.
        ([(30, "12/QĐ-UBND"), (30, "27/QĐ-UBND")], D(2026, 5, 31), D(2026, 6, 1)),
        # + a shorter extension of 20 = Tue 21 Apr.
        ([(20, "15/QĐ-UBND")], D(2026, 4, 21), D(2026, 4, 21)),
    ],
)
def test_denunciation_settlement_with_extensions(extensions, raw_end, due):
    petition = facts(
        Kind.DENUNCIATION,
        status=Status.VERIFYING,
        received_on=D(2026, 2, 25),
        accepted_on=ACCEPTED_MON_2_MAR,
        complexity=Complexity.VERY_COMPLEX if len(extensions) > 1 else Complexity.COMPLEX,
        extensions=extensions,
    )
    result = compute_all(petition, rules=RULES, calendar=CAL)
    item = result.items[DeadlineEvent.SETTLEMENT]
    assert item.rule_code == "denunciation-settle"
    assert step(item, "add_calendar")["days"] == 30  # no "complex" variant for denunciations
    ext_steps = [s for s in item.steps if s["op"] == "extension"]
    assert [(s["days"], s["decision_no"]) for s in ext_steps] == extensions
    assert (ext_steps[-1]["date"] if ext_steps else step(item, "add_calendar")["date"]) == raw_end.isoformat()
    assert item.due == due
    assert result.current == due


def test_extension_explanation_cites_each_decision():
    item = deadline(
        DeadlineEvent.SETTLEMENT,
        ACCEPTED_MON_2_MAR,
        kind=Kind.DENUNCIATION,
        extensions=[(30, "12/QĐ-UBND"), (30, "27/QĐ-UBND")],
    )
    text = explain(item)
    assert "Gia hạn 30 ngày theo quyết định 12/QĐ-UBND → 01/05/2026." in text
    assert "Gia hạn 30 ngày theo quyết định 27/QĐ-UBND → 31/05/2026." in text
    assert "hạn chuyển sang ngày làm việc tiếp theo: 01/06/2026" in text


# --------------------------------------------------------------------------------------------
# 7. Temporary suspension (tạm đình chỉ) stops the clock only from 1 Jul 2026
# --------------------------------------------------------------------------------------------


def test_pause_before_1_jul_2026_is_not_counted():
    # Accepted Mon 1 Jun 2026 + 30 = Wed 1 Jul; the pause 10–20 Jun starts before the amendment,
    # so the deadline stays Wed 1 Jul.
    item = deadline(
        DeadlineEvent.SETTLEMENT, D(2026, 6, 1), kind=Kind.COMPLAINT, pauses=[(D(2026, 6, 10), D(2026, 6, 20))]
    )
    assert item.due == D(2026, 7, 1)
    skipped = step(item, "pause_not_counted")
    assert (skipped["from"], skipped["to"]) == ("2026-06-10", "2026-06-20")
    assert "pause" not in ops(item)
    text = explain(item)
    assert "Tạm đình chỉ từ 10/06/2026" in text
    assert "trước 01/7/2026 thời gian tạm đình chỉ vẫn tính vào thời hạn" in text


def test_pause_straddling_1_jul_2026_is_not_counted():
    # Starts Tue 30 Jun, the day before the amendment: not counted under the rule "starts on/after".
    item = deadline(
        DeadlineEvent.SETTLEMENT, D(2026, 6, 1), kind=Kind.COMPLAINT, pauses=[(D(2026, 6, 30), D(2026, 7, 10))]
    )
    assert item.due == D(2026, 7, 1)
    assert "pause_not_counted" in ops(item)


def test_pause_after_1_jul_2026_adds_its_days():
    # Accepted Wed 1 Jul 2026 + 30 = Fri 31 Jul; paused Mon 6 → Thu 16 Jul = 10 days → Mon 10 Aug.
    item = deadline(
        DeadlineEvent.SETTLEMENT, D(2026, 7, 1), kind=Kind.COMPLAINT, pauses=[(D(2026, 7, 6), D(2026, 7, 16))]
    )
    paused = step(item, "pause")
    assert (paused["days"], paused["ongoing"], paused["date"]) == (10, False, "2026-08-10")
    assert item.due == D(2026, 8, 10)
    assert "Tạm đình chỉ từ 06/07/2026 đến 16/07/2026: cộng 10 ngày → 10/08/2026." in explain(item)


def test_pause_starting_on_1_jul_2026_counts_and_then_rolls_forward():
    # Accepted Tue 30 Jun 2026 + 30 = Thu 30 Jul; paused Wed 1 → Sat 4 Jul = 3 days → Sun 2 Aug
    # → Mon 3 Aug.
    assert PAUSE_STOPS_CLOCK_FROM == D(2026, 7, 1)
    item = deadline(
        DeadlineEvent.SETTLEMENT, D(2026, 6, 30), kind=Kind.COMPLAINT, pauses=[(D(2026, 7, 1), D(2026, 7, 4))]
    )
    assert step(item, "pause")["date"] == "2026-08-02"
    assert ops(item)[-1] == "roll_forward"
    assert item.due == D(2026, 8, 3)


def test_ongoing_pause_is_measured_to_today():
    # Accepted Wed 1 Jul 2026 + 30 = Fri 31 Jul; paused since Mon 6 Jul, today Mon 20 Jul
    # = 14 days → Fri 14 Aug.
    petition = facts(
        Kind.COMPLAINT,
        status=Status.PAUSED,
        received_on=D(2026, 6, 25),
        accepted_on=D(2026, 7, 1),
        pauses=[(D(2026, 7, 6), None)],
    )
    result = compute_all(petition, rules=RULES, calendar=CAL, today=D(2026, 7, 20))
    item = result.items[DeadlineEvent.SETTLEMENT]
    paused = step(item, "pause")
    assert (paused["days"], paused["to"], paused["ongoing"]) == (14, "2026-07-20", True)
    assert item.due == D(2026, 8, 14)
    assert result.current == D(2026, 8, 14)
    assert "(đang tạm đình chỉ)" in explain(item)
    # A day later the deadline has moved one more day: Sat 15 Aug → Mon 17 Aug.
    later = compute_all(petition, rules=RULES, calendar=CAL, today=D(2026, 7, 21))
    assert later.current == D(2026, 8, 17)


def test_pause_on_denunciation_after_extension():
    # Accepted Wed 1 Jul 2026 + 30 = Fri 31 Jul, + 30 extension = Sun 30 Aug, + pause Mon 3 → Mon 10 Aug
    # (7 days) = Sun 6 Sep → Mon 7 Sep 2026.
    item = deadline(
        DeadlineEvent.SETTLEMENT,
        D(2026, 7, 1),
        kind=Kind.DENUNCIATION,
        extensions=[(30, "40/QĐ-UBND")],
        pauses=[(D(2026, 8, 3), D(2026, 8, 10))],
    )
    assert ops(item) == ["start", "add_calendar", "extension", "pause", "roll_forward"]
    assert item.due == D(2026, 9, 7)


# --------------------------------------------------------------------------------------------
# 8. The deadline that matters now (`current`) per status
# --------------------------------------------------------------------------------------------

# A first-time complaint received Mon 2 Mar 2026: acceptance Thu 12 Mar (10 calendar days),
# notice Mon 16 Mar (10 working days); accepted Fri 6 Mar → settlement Sun 5 Apr → Mon 6 Apr.
COMPLAINT = dict(received_on=D(2026, 3, 2), accepted_on=D(2026, 3, 6))


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.CLASSIFIED])
def test_intake_current_is_earliest_of_acceptance_and_notice(status):
    result = compute_all(facts(Kind.COMPLAINT, status=status, received_on=D(2026, 3, 2)), rules=RULES, calendar=CAL)
    assert result.due(DeadlineEvent.ACCEPTANCE) == D(2026, 3, 12)
    assert result.due(DeadlineEvent.NOTICE) == D(2026, 3, 16)
    assert result.current == D(2026, 3, 12)


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.VERIFYING, Status.PAUSED])
def test_settling_current_is_settlement(status):
    result = compute_all(facts(Kind.COMPLAINT, status=status, **COMPLAINT), rules=RULES, calendar=CAL)
    assert result.due(DeadlineEvent.SETTLEMENT) == D(2026, 4, 6)
    assert result.current == D(2026, 4, 6)


@pytest.mark.parametrize("status", [Status.SETTLED, Status.PROCESSED, Status.PUBLISHED, Status.CLOSED])
def test_finished_petition_has_no_current_deadline(status):
    result = compute_all(facts(Kind.COMPLAINT, status=status, **COMPLAINT), rules=RULES, calendar=CAL)
    assert result.current is None
    assert result.due(DeadlineEvent.SETTLEMENT) == D(2026, 4, 6)  # still computed, just not pending


def test_settling_without_acceptance_date_has_no_current_deadline():
    result = compute_all(
        facts(Kind.COMPLAINT, status=Status.ACCEPTED, received_on=D(2026, 3, 2)), rules=RULES, calendar=CAL
    )
    assert DeadlineEvent.SETTLEMENT not in result.items
    assert result.current is None


def test_recommendation_in_intake_waits_only_for_the_notice():
    petition = facts(Kind.RECOMMENDATION, received_on=D(2026, 3, 2))
    result = compute_all(petition, rules=RULES, calendar=CAL)
    assert set(result.items) == {DeadlineEvent.NOTICE}
    assert result.current == D(2026, 3, 16)
    sent = dataclasses.replace(petition, notice_sent_on=D(2026, 3, 5))
    assert compute_all(sent, rules=RULES, calendar=CAL).current is None


def test_notice_is_ignored_once_sent():
    # With a province rule of 3 working days for the notice (Mon 2 Mar → Thu 5 Mar), the notice is
    # the earliest intake deadline until it has been sent; then the acceptance (Thu 12 Mar) remains.
    short_notice = [dataclasses.replace(r, days=3) if r.code == "notice" else r for r in RULES]
    petition = facts(Kind.COMPLAINT, received_on=D(2026, 3, 2))
    assert compute_all(petition, rules=short_notice, calendar=CAL).current == D(2026, 3, 5)
    sent = dataclasses.replace(petition, notice_sent_on=D(2026, 3, 4))
    result = compute_all(sent, rules=short_notice, calendar=CAL)
    assert result.due(DeadlineEvent.NOTICE) == D(2026, 3, 5)  # still shown on the detail page
    assert result.current == D(2026, 3, 12)


def test_deadline_set_as_json_keeps_rule_and_steps():
    result = compute_all(facts(Kind.COMPLAINT, status=Status.ACCEPTED, **COMPLAINT), rules=RULES, calendar=CAL)
    data = result.as_json()
    assert set(data) == {DeadlineEvent.NOTICE, DeadlineEvent.ACCEPTANCE, DeadlineEvent.SETTLEMENT}
    settlement = data[DeadlineEvent.SETTLEMENT]
    assert settlement["due"] == "2026-04-06"
    assert settlement["rule"] == "complaint-1-settle"
    assert settlement["legal_basis"] == "Luật Khiếu nại 2011, Điều 28"
    assert [s["op"] for s in settlement["steps"]] == ["start", "add_calendar", "roll_forward"]


# --------------------------------------------------------------------------------------------
# 9. Deadline state: overdue, due soon (≤ 5 working days), on track
# --------------------------------------------------------------------------------------------

DEADLINE_WED_11_MAR = D(2026, 3, 11)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        # The day after the deadline: overdue (the period ends at 24:00 of its last day).
        (D(2026, 3, 12), DeadlineState.OVERDUE),
        # The deadline day itself is not overdue.
        (D(2026, 3, 11), DeadlineState.DUE_SOON),
        # Wed 4 Mar + 5 working days = Wed 11 Mar: still due soon.
        (D(2026, 3, 4), DeadlineState.DUE_SOON),
        # Tue 3 Mar + 5 working days = Tue 10 Mar < 11 Mar: on track.
        (D(2026, 3, 3), DeadlineState.ON_TRACK),
    ],
)
def test_state_boundaries(today, state):
    assert state_of(DEADLINE_WED_11_MAR, today=today, calendar=CAL) == state


def test_state_counts_working_days_not_calendar_days():
    # Deadline Mon 23 Feb 2026, today Thu 12 Feb: 11 calendar days away, but only Fri 13 and Mon 23
    # are working days in between (Tết) → due soon.
    assert state_of(D(2026, 2, 23), today=D(2026, 2, 12), calendar=CAL) == DeadlineState.DUE_SOON
    # Deadline Mon 9 Mar 2026, today Sat 28 Feb: 9 calendar days away; +5 working days = Fri 6 Mar
    # → on track.
    assert state_of(D(2026, 3, 9), today=D(2026, 2, 28), calendar=CAL) == DeadlineState.ON_TRACK


def test_no_deadline_has_no_state():
    assert state_of(None, today=D(2026, 3, 11), calendar=CAL) is None


# --------------------------------------------------------------------------------------------
# 10. Administrators' override days (portal.CalendarDay) move working-day deadlines
# --------------------------------------------------------------------------------------------


def test_override_day_off_moves_a_working_day_deadline():
    # Denunciation received Mon 2 Mar 2026, Thu 5 Mar declared a day off: Tue 3, Wed 4, Fri 6,
    # Mon 9, Tue 10, Wed 11, Thu 12 Mar (7) instead of Wed 11 Mar.
    calendar = WorkCalendar(overrides={D(2026, 3, 5): False})
    assert deadline(DeadlineEvent.ACCEPTANCE, D(2026, 3, 2), kind=Kind.DENUNCIATION).due == D(2026, 3, 11)
    item = deadline(DeadlineEvent.ACCEPTANCE, D(2026, 3, 2), kind=Kind.DENUNCIATION, calendar=calendar)
    assert item.due == D(2026, 3, 12)
    assert step(item, "add_working")["skipped"] == [["2026-03-05", ""]]


def test_override_day_off_moves_a_calendar_day_deadline():
    # Complaint received Mon 2 Mar 2026 + 10 = Thu 12 Mar, declared a day off → Fri 13 Mar.
    calendar = WorkCalendar(overrides={D(2026, 3, 12): False})
    item = deadline(DeadlineEvent.ACCEPTANCE, D(2026, 3, 2), kind=Kind.COMPLAINT, calendar=calendar)
    assert item.due == D(2026, 3, 13)
    assert step(item, "roll_forward")["reason"] == ""


def test_override_working_holiday_and_makeup_saturday_shorten_a_count():
    # Notice from Tue 10 Feb 2026 with Mon 16 Feb made a working day: Wed 11, Thu 12, Fri 13,
    # Mon 16 (4), Mon 23 … Fri 27 (9), Mon 2 Mar (10) — one day earlier than 3 Mar.
    calendar = WorkCalendar(overrides={D(2026, 2, 16): True})
    assert deadline(DeadlineEvent.NOTICE, D(2026, 2, 10), calendar=calendar).due == D(2026, 3, 2)
    # Denunciation from Mon 2 Mar 2026 with Sat 7 Mar a make-up day: Tue 3 … Fri 6 (4), Sat 7 (5),
    # Mon 9 (6), Tue 10 Mar (7).
    calendar = WorkCalendar(overrides={D(2026, 3, 7): True})
    assert deadline(DeadlineEvent.ACCEPTANCE, D(2026, 3, 2), kind=Kind.DENUNCIATION, calendar=calendar).due == D(
        2026, 3, 10
    )


# --------------------------------------------------------------------------------------------
# The database: the data migration's table and the admin table of days
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_data_migration_loaded_the_default_rule_table():
    assert sorted(load_rules(), key=repr) == sorted(RULES, key=repr)


@pytest.mark.django_db
def test_loaded_rules_give_the_same_deadlines():
    petition = facts(
        Kind.COMPLAINT,
        status=Status.ACCEPTED,
        received_on=D(2026, 2, 10),
        accepted_on=ACCEPTED_MON_2_MAR,
        complexity=Complexity.COMPLEX,
        remote_area=True,
    )
    from_db = compute_all(petition, rules=load_rules(), calendar=CAL)
    pure = compute_all(petition, rules=RULES, calendar=CAL)
    assert from_db.as_json() == pure.as_json()
    assert from_db.due(DeadlineEvent.NOTICE) == D(2026, 3, 3)  # across Tết
    assert from_db.current == D(2026, 5, 4)


@pytest.mark.django_db
def test_calendar_day_table_reaches_the_engine():
    from portal.models import CalendarDay

    CalendarDay.objects.create(date=D(2026, 3, 5), is_working_day=False, note="Nghỉ đột xuất (thử)")
    calendar = WorkCalendar()  # reads the admin table
    item = deadline(DeadlineEvent.ACCEPTANCE, D(2026, 3, 2), kind=Kind.DENUNCIATION, calendar=calendar)
    assert item.due == D(2026, 3, 12)


# --------------------------------------------------------------------------------------------
# 11. Properties over 2024–2027
# --------------------------------------------------------------------------------------------

YEARS = st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31))
KINDS = st.sampled_from(list(Kind.values))
COMPLEXITIES = st.sampled_from(list(Complexity.values))


def expected_days(rule: RuleRow, *, complexity: str, remote: bool) -> int:
    """The statutory limit, written out independently of the engine's `_limit_days`."""
    is_complex = complexity != Complexity.NORMAL
    if remote and is_complex and rule.remote_complex_days:
        return rule.remote_complex_days
    if remote and rule.remote_days:
        return rule.remote_days
    if is_complex and rule.complex_days:
        return rule.complex_days
    return rule.days


@settings(max_examples=400, deadline=None, database=None)
@given(
    received=YEARS,
    kind=KINDS,
    round=st.sampled_from([1, 2]),
    complexity=COMPLEXITIES,
    remote=st.booleans(),
    within_authority=st.sampled_from([None, True, False]),
    accepted_after=st.integers(min_value=0, max_value=60),
)
def test_every_due_date_is_a_working_day_after_its_start(
    received, kind, round, complexity, remote, within_authority, accepted_after
):
    accepted = received + dt.timedelta(days=accepted_after)
    petition = facts(
        kind,
        round=round,
        status=Status.ACCEPTED,
        received_on=received,
        accepted_on=accepted,
        within_authority=within_authority,
        complexity=complexity,
        remote_area=remote,
    )
    result = compute_all(petition, rules=RULES, calendar=CAL)
    assert DeadlineEvent.NOTICE in result.items and DeadlineEvent.SETTLEMENT in result.items
    for event, item in result.items.items():
        start = accepted if event == DeadlineEvent.SETTLEMENT else received
        rule = rule_for(event, kind=kind, round=round, on=start)
        assert item.rule_code == rule.code
        assert CAL.is_working_day(item.due), (event, item.due)
        assert item.due > start
        # Settlement uses the area; acceptance only the complexity; notice and transfer neither.
        n = expected_days(
            rule,
            complexity=complexity if event in (DeadlineEvent.ACCEPTANCE, DeadlineEvent.SETTLEMENT) else "normal",
            remote=remote and event == DeadlineEvent.SETTLEMENT,
        )
        if rule.day_type == DayType.WORKING:
            assert CAL.working_days_between(start, item.due) == n
            assert CAL.working_days_between(start, item.due - ONE_DAY) == n - 1  # due is the n-th, not later
        else:
            raw_end = start + dt.timedelta(days=n)
            assert item.due >= raw_end
            # Moved only past days off: the first working day on or after the raw end.
            day = raw_end
            while day < item.due:
                assert not CAL.is_working_day(day)
                day += ONE_DAY
    if kind == Kind.COMPLAINT or (kind == Kind.DENUNCIATION and within_authority is not False):
        assert DeadlineEvent.ACCEPTANCE in result.items and DeadlineEvent.TRANSFER not in result.items
    if kind == Kind.DENUNCIATION and within_authority is False:
        assert DeadlineEvent.TRANSFER in result.items and DeadlineEvent.ACCEPTANCE not in result.items
    settlement_rule = rule_for(DeadlineEvent.SETTLEMENT, kind=kind, round=round, on=accepted)
    assert result.current == result.due(DeadlineEvent.SETTLEMENT)
    assert result.current >= accepted + dt.timedelta(days=settlement_rule.days)


@settings(max_examples=300, deadline=None, database=None)
@given(
    accepted=YEARS,
    kind=st.sampled_from([Kind.COMPLAINT, Kind.DENUNCIATION]),
    complexity=COMPLEXITIES,
    remote=st.booleans(),
    extensions=st.lists(st.integers(min_value=1, max_value=30), max_size=2),
    pause_offset=st.integers(min_value=0, max_value=40),
    pause_length=st.integers(min_value=0, max_value=40),
    ongoing=st.booleans(),
)
def test_settlement_grows_by_extensions_and_counted_pauses(
    accepted, kind, complexity, remote, extensions, pause_offset, pause_length, ongoing
):
    started = accepted + dt.timedelta(days=pause_offset)
    ended = started + dt.timedelta(days=pause_length)
    today = ended if ongoing else None
    rule = rule_for(DeadlineEvent.SETTLEMENT, kind=kind, on=accepted)
    item = compute_deadline(
        rule,
        accepted,
        calendar=CAL,
        complexity=complexity,
        remote=remote,
        extensions=[(days, f"{i}/QĐ") for i, days in enumerate(extensions, 1)],
        pauses=[(started, None if ongoing else ended)],
        today=today,
    )
    counted = pause_length if started >= PAUSE_STOPS_CLOCK_FROM else 0
    raw_end = accepted + dt.timedelta(days=expected_days(rule, complexity=complexity, remote=remote))
    raw_end += dt.timedelta(days=sum(extensions) + counted)
    assert CAL.is_working_day(item.due)
    assert item.due == CAL.next_working_day_on_or_after(raw_end)
    assert item.due >= accepted + dt.timedelta(days=rule.days + sum(extensions))


@settings(max_examples=200, deadline=None, database=None)
@given(received=YEARS, days=st.integers(min_value=1, max_value=25))
def test_working_day_rule_counts_exactly_n_working_days(received, days):
    rule = dataclasses.replace(rule_for(DeadlineEvent.NOTICE, on=received), days=days)
    item = compute_deadline(rule, received, calendar=CAL)
    assert CAL.is_working_day(item.due)
    assert CAL.working_days_between(received, item.due) == days
    # Every weekday in (received, due] that is not counted is listed as skipped (up to 15).
    weekdays_off = [
        d.isoformat()
        for d in (received + dt.timedelta(days=i) for i in range(1, (item.due - received).days + 1))
        if d.weekday() < 5 and not CAL.is_working_day(d)
    ]
    assert [day for day, _ in step(item, "add_working")["skipped"]] == weekdays_off[:15]
