"""Following a unit: only leaders, only units of their scope, one follow per unit, every change audited."""

import pytest

from alerts.choices import ConditionKind
from alerts.models import Condition, Follow
from alerts.services import alerts_check, follow_unit, set_conditions, unfollow
from portal.models import AuditEvent, Notification
from portal.services import DomainError, NotFound, NotPermitted
from tests.alerts.conftest import TODAY, petitions

pytestmark = pytest.mark.django_db

OVERDUE = ConditionKind.OVERDUE_ABOVE
RESOLUTION = ConditionKind.RESOLUTION_BELOW_TARGET


def test_a_leader_follows_a_commune_of_her_district(district_leader, dong_phuc):
    follow = follow_unit(actor=district_leader, unit=dong_phuc, conditions={OVERDUE: 3, RESOLUTION: None})

    assert follow.official == district_leader and follow.weekly_digest
    assert {(c.kind, c.threshold) for c in follow.conditions.all()} == {(OVERDUE, 3), (RESOLUTION, None)}
    event = AuditEvent.objects.get(verb="alerts.followed", target_id=str(follow.pk))
    assert event.actor == district_leader and event.unit == dong_phuc
    assert event.payload["conditions"] == {OVERDUE: 3, RESOLUTION: None}


def test_a_unit_outside_the_scope_cannot_be_followed(commune_leader, hoang_tri):
    with pytest.raises(NotFound):
        follow_unit(actor=commune_leader, unit=hoang_tri, conditions={RESOLUTION: None})
    assert not Follow.objects.filter(official=commune_leader).exists()


def test_the_unit_above_the_own_one_cannot_be_followed_either(commune_leader, ba_be):
    with pytest.raises(NotFound):
        follow_unit(actor=commune_leader, unit=ba_be, conditions={RESOLUTION: None})


def test_an_official_without_the_leaders_permission_cannot_follow(commune_officer_a, dong_phuc):
    with pytest.raises(NotPermitted):
        follow_unit(actor=commune_officer_a, unit=dong_phuc, conditions={RESOLUTION: None})


def test_a_unit_is_followed_once_per_official(commune_leader, dong_phuc):
    follow_unit(actor=commune_leader, unit=dong_phuc, conditions={RESOLUTION: None})
    with pytest.raises(DomainError, match="đã theo dõi"):
        follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: 1})


def test_overdue_cases_need_a_threshold_and_others_take_none(commune_leader, dong_phuc):
    with pytest.raises(DomainError, match="ngưỡng"):
        follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: None})
    with pytest.raises(DomainError, match="ngưỡng"):
        follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: -1})
    follow = follow_unit(actor=commune_leader, unit=dong_phuc, conditions={RESOLUTION: 40})
    assert follow.conditions.get().threshold is None  # a number given to a condition without N is dropped


def test_an_unknown_condition_is_refused(commune_leader, dong_phuc):
    with pytest.raises(DomainError):
        follow_unit(actor=commune_leader, unit=dong_phuc, conditions={"weather_bad": None})


def test_a_follow_must_watch_something(commune_leader, dong_phuc):
    with pytest.raises(DomainError, match="ít nhất một"):
        follow_unit(actor=commune_leader, unit=dong_phuc, conditions={}, weekly_digest=False)
    assert follow_unit(actor=commune_leader, unit=dong_phuc, conditions={}, weekly_digest=True).pk  # digest only


def test_setting_conditions_keeps_the_state_of_unchanged_ones_and_restarts_a_changed_threshold(
    commune_leader, dong_phuc, quiet, snapshot
):
    quiet(dong_phuc)
    snapshot("petitions", dong_phuc, **petitions(rate=50.0, settled=5, must_settle=10, overdue=4))
    follow = follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: 3, RESOLUTION: None})
    alerts_check(today=TODAY)
    assert Notification.objects.filter(recipient=commune_leader).count() == 2

    set_conditions(actor=commune_leader, follow=follow, conditions={OVERDUE: 2, RESOLUTION: None})
    resolution, overdue = follow.conditions.get(kind=RESOLUTION), follow.conditions.get(kind=OVERDUE)
    assert resolution.is_active and resolution.episode == 1  # unchanged: it stays alerted, no new notice
    assert not overdue.is_active and overdue.threshold == 2  # a new N: judged afresh at the next check
    alerts_check(today=TODAY)
    assert Notification.objects.filter(recipient=commune_leader).count() == 3

    set_conditions(actor=commune_leader, follow=follow, conditions={RESOLUTION: None}, weekly_digest=False)
    follow.refresh_from_db()
    assert [c.kind for c in follow.conditions.all()] == [RESOLUTION] and not follow.weekly_digest
    event = AuditEvent.objects.filter(verb="alerts.conditions_set").latest("id")
    assert event.payload["before"]["conditions"] == {OVERDUE: 2, RESOLUTION: None}
    assert event.payload["conditions"] == {RESOLUTION: None}


def test_another_officials_follow_cannot_be_changed_or_ended(commune_leader, district_leader, dong_phuc):
    follow = follow_unit(actor=commune_leader, unit=dong_phuc, conditions={RESOLUTION: None})
    with pytest.raises(NotFound):
        set_conditions(actor=district_leader, follow=follow, conditions={OVERDUE: 1})
    with pytest.raises(NotFound):
        unfollow(actor=district_leader, follow=follow)
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_unfollowing_removes_the_conditions_and_keeps_the_inbox(commune_leader, dong_phuc, quiet, snapshot):
    quiet(dong_phuc)
    snapshot("petitions", dong_phuc, **petitions(overdue=9))
    follow = follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: 3})
    alerts_check(today=TODAY)

    unfollow(actor=commune_leader, follow=follow)

    assert not Follow.objects.filter(pk=follow.pk).exists() and not Condition.objects.filter(follow_id=follow.pk)
    assert Notification.objects.filter(recipient=commune_leader, verb="alerts.condition_met").count() == 1
    assert AuditEvent.objects.filter(verb="alerts.unfollowed", target_id=str(follow.pk)).exists()
