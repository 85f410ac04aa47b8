"""The hourly check: a condition that becomes true notifies once, and not again until it has cleared."""

import datetime as dt

import pytest
import time_machine

from alerts.choices import ConditionKind
from alerts.models import Condition
from alerts.selectors import current_period
from alerts.services import alerts_check, follow_unit
from alerts.tasks import alerts_check_task
from portal.models import Notification, User
from reception.choices import ReceivedBy, SessionKind
from reception.services import reception_session_record
from reports import registry
from reports.services import report_get
from tests.alerts.conftest import TODAY, petitions, reception, reform

pytestmark = pytest.mark.django_db

OVERDUE = ConditionKind.OVERDUE_ABOVE


def alerts_of(user):
    return list(Notification.objects.filter(recipient=user, verb="alerts.condition_met").order_by("id"))


@pytest.fixture
def watching(commune_leader, dong_phuc, quiet):
    """Xã Đồng Phúc's chair follows her commune: more than 5 overdue cases, and every other condition."""
    quiet(dong_phuc)
    return follow_unit(
        actor=commune_leader,
        unit=dong_phuc,
        conditions={
            OVERDUE: 5,
            ConditionKind.RESOLUTION_BELOW_TARGET: None,
            ConditionKind.REFORM_OVERDUE: None,
            ConditionKind.RECEPTION_BELOW_MINIMUM: None,
        },
    )


def overdue_cases(snapshot, unit, count):
    snapshot("petitions", unit, **petitions(overdue=count))


def test_nothing_is_notified_while_every_condition_is_within_bounds(watching, commune_leader):
    counts = alerts_check(today=TODAY)

    assert counts == {"checked": 4, "fired": 0, "cleared": 0, "skipped": 0}
    assert alerts_of(commune_leader) == []
    assert not Condition.objects.filter(follow=watching, is_active=True).exists()


def test_a_condition_that_becomes_true_notifies_once_with_a_link_to_its_cases(
    watching, commune_leader, dong_phuc, snapshot, client_for
):
    overdue_cases(snapshot, dong_phuc, 7)

    counts = alerts_check(today=TODAY)

    assert counts["fired"] == 1
    (note,) = alerts_of(commune_leader)
    assert note.message == f"Cảnh báo {dong_phuc.name} năm 2026: 7 vụ việc quá hạn chưa giải quyết (ngưỡng 5)."
    assert "metric=overdue_open" in note.url and f"unit={dong_phuc.pk}" in note.url
    condition = watching.conditions.get(kind=OVERDUE)
    assert note.dedupe_key == f"alert:{condition.pk}:1"
    assert condition.is_active and condition.active_since is not None and condition.episode == 1
    assert client_for(commune_leader).get(note.url).status_code == 200  # the link opens the list of those cases


def test_it_fires_once_and_not_again_until_the_condition_clears_then_again(
    watching, commune_leader, dong_phuc, snapshot
):
    overdue_cases(snapshot, dong_phuc, 7)
    alerts_check(today=TODAY)
    alerts_check(today=TODAY)  # the same hour again: nothing new
    overdue_cases(snapshot, dong_phuc, 9)
    alerts_check(today=TODAY)  # still true (worse): nothing new
    assert len(alerts_of(commune_leader)) == 1

    overdue_cases(snapshot, dong_phuc, 3)
    counts = alerts_check(today=TODAY)
    assert counts["cleared"] == 1 and counts["fired"] == 0
    assert not watching.conditions.get(kind=OVERDUE).is_active
    assert len(alerts_of(commune_leader)) == 1  # clearing tells nothing

    overdue_cases(snapshot, dong_phuc, 6)
    alerts_check(today=TODAY)
    first, second = alerts_of(commune_leader)
    assert (first.dedupe_key, second.dedupe_key) == (
        f"alert:{watching.conditions.get(kind=OVERDUE).pk}:1",
        f"alert:{watching.conditions.get(kind=OVERDUE).pk}:2",
    )
    assert "6 vụ việc quá hạn" in second.message


def test_the_beat_task_runs_the_check_and_can_run_twice(watching, commune_leader, dong_phuc, snapshot):
    snapshot("reform", dong_phuc, **reform(overdue=2))

    first = alerts_check_task.delay().get()
    second = alerts_check_task.delay().get()

    assert first["fired"] == 1 and second["fired"] == 0
    (note,) = alerts_of(commune_leader)
    assert "2 nhiệm vụ cải cách hành chính đang thực hiện quá hạn" in note.message


def test_each_condition_of_a_unit_fires_on_its_own(watching, commune_leader, dong_phuc, snapshot):
    snapshot("petitions", dong_phuc, **petitions(rate=60.0, settled=6, must_settle=10, overdue=8))
    snapshot("reception", dong_phuc, **reception(required=4, counted=1))

    assert alerts_check(today=TODAY)["fired"] == 3
    messages = [n.message for n in alerts_of(commune_leader)]
    assert any("tỷ lệ giải quyết 60,00% (6/10 vụ việc), chỉ tiêu 85%" in m for m in messages)
    assert any("Chủ tịch xã tiếp công dân 1/4 ngày theo quy định" in m for m in messages)


def test_two_leaders_following_one_unit_are_each_notified(
    watching, commune_leader, district_leader, dong_phuc, snapshot
):
    follow_unit(actor=district_leader, unit=dong_phuc, conditions={OVERDUE: 5})
    overdue_cases(snapshot, dong_phuc, 7)

    alerts_check(today=TODAY)

    assert len(alerts_of(commune_leader)) == 1 and len(alerts_of(district_leader)) == 1


def test_a_condition_of_a_family_not_installed_is_skipped_and_keeps_its_state(watching, commune_leader):
    reform_family = registry.family("reform")
    registry.unregister("reform")
    try:
        counts = alerts_check(today=TODAY)
    finally:
        registry.register(reform_family)

    assert counts["skipped"] == 1 and counts["checked"] == 3
    assert watching.conditions.get(kind=ConditionKind.REFORM_OVERDUE).checked_at is None


def test_a_leader_who_lost_the_unit_from_their_scope_is_not_notified(
    watching, commune_leader, dong_phuc, hoang_tri, snapshot
):
    from portal.models import Agency

    overdue_cases(snapshot, dong_phuc, 7)
    commune_leader.agency = Agency.objects.get(unit=hoang_tri, kind="peoples_committee")
    commune_leader.save(update_fields=["agency"])  # moved to the neighbouring commune

    alerts_check(today=TODAY)

    assert alerts_of(commune_leader) == []


def test_a_leader_whose_role_was_withdrawn_is_not_notified(watching, commune_leader, dong_phuc, snapshot):
    overdue_cases(snapshot, dong_phuc, 7)
    commune_leader.groups.clear()

    alerts_check(today=TODAY)

    assert alerts_of(commune_leader) == []


# --- the reception duty, from figures the report engine computes on a Monday ---------------------------

MONDAY_15_JUNE = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)  # 9:00 in Hà Nội: week 25 has just begun
# The weeks of 2026 over by that Monday: those beginning 5 Jan … 8 Jun (the first Monday is 5 Jan).
ENDED_WEEKS = [dt.date(2026, 1, 6) + dt.timedelta(weeks=n) for n in range(23)]  # each week's Tuesday


@pytest.fixture
def chair_receives(commune_leader):
    """Xã Đồng Phúc's chair receives citizens in person on each day given (recorded today, 20 Nov 2026)."""
    officer = User.objects.get(username="xa.tiepdan")

    def record(days) -> None:
        for day in days:
            reception_session_record(
                actor=officer,
                agency=commune_leader.agency,
                date=day,
                kind=SessionKind.PERIODIC,
                received_by=ReceivedBy.HEAD,
                receiver=commune_leader,
                receiver_name=f"Chủ tịch UBND xã {commune_leader.full_name}",
                visits=[],
            )

    return record


@pytest.fixture
def watching_reception(commune_leader, dong_phuc):
    return follow_unit(actor=commune_leader, unit=dong_phuc, conditions={ConditionKind.RECEPTION_BELOW_MINIMUM: None})


def test_a_commune_whose_chair_met_every_ended_week_is_not_alerted_on_a_monday(
    watching_reception, commune_leader, dong_phuc, chair_receives
):
    chair_receives(ENDED_WEEKS)

    with time_machine.travel(MONDAY_15_JUNE, tick=False):
        counts = alerts_check()  # no snapshot yet: the year's reception figures are computed now, on Monday
        figures = report_get(kind="reception", unit=dong_phuc, period=current_period()).data

    # The dashboard counts the week just begun (23 of 24 days); the alert does not.
    assert (figures["counted_head_days"], figures["required_head_days"]) == (23, 24)
    assert counts["checked"] == 1 and counts["fired"] == 0
    assert alerts_of(commune_leader) == []


def test_a_commune_whose_chair_missed_an_ended_week_is_alerted_once(
    watching_reception, commune_leader, dong_phuc, chair_receives
):
    chair_receives(day for day in ENDED_WEEKS if day != dt.date(2026, 6, 9))  # nothing in the week of 8 Jun

    with time_machine.travel(MONDAY_15_JUNE, tick=False):
        first = alerts_check()
        second = alerts_check()  # the next hour: still short, nothing new

    assert (first["fired"], second["fired"]) == (1, 0)
    (note,) = alerts_of(commune_leader)
    assert note.message == (
        f"Cảnh báo {dong_phuc.name} năm 2026: "
        "Chủ tịch xã tiếp công dân 22/23 ngày theo quy định trong các tuần, tháng đã kết thúc."
    )
