"""Following units, checking their conditions and sending the weekly digest: every write of the alerts app.

A condition that becomes true notifies its official once in the portal inbox; staying true notifies
nothing; clearing and becoming true again notifies again (Condition.episode, Notification.dedupe_key).
Both sweeps can run twice safely: the check compares with the stored state, and the digest's row for
an official and an ISO week is written in the transaction that sends it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts.choices import FAMILY_OF, NOTIFICATION_VERB, WITH_THRESHOLD, ConditionKind
from alerts.conditions import dashboard_url, evaluate, notification_message
from alerts.models import Condition, Digest, Follow
from alerts.selectors import (
    SnapshotReader,
    condition_row,
    current_period,
    digest_figures,
    may_follow,
)
from portal.models import AdministrativeUnit, Notification, User
from portal.scoping import ensure_in_scope, unit_in_scope
from portal.services import DomainError, NotFound, NotPermitted, audit_record, validated
from reports.periods import Period

logger = logging.getLogger(__name__)

# What a leader chooses: each condition kind wanted, with its threshold N (None for the kinds without one).
Conditions = Mapping[str, int | None]


def _ensure_may_follow(actor: User) -> None:
    if not may_follow(actor):
        raise NotPermitted(_("Đồng chí không có quyền theo dõi cảnh báo."))


def _checked(conditions: Conditions) -> dict[str, int | None]:
    """The conditions asked for, validated: known kinds, a threshold N ≥ 0 exactly where one is taken."""
    cleaned: dict[str, int | None] = {}
    for kind, threshold in conditions.items():
        if kind not in ConditionKind.values:
            raise DomainError(_("Điều kiện cảnh báo không hợp lệ: %(kind)s.") % {"kind": kind})
        if kind in WITH_THRESHOLD:
            if threshold is None or threshold < 0:
                raise DomainError(_("Hãy nhập ngưỡng số vụ việc quá hạn (một số không âm)."))
            cleaned[kind] = int(threshold)
        else:
            cleaned[kind] = None
    return cleaned


def _own_follow(actor: User, follow: Follow) -> Follow:
    """The follow, locked, if it is the official's and its unit is still in their scope; else NotFound."""
    locked = Follow.objects.select_for_update().select_related("unit").filter(pk=follow.pk, official=actor).first()
    if locked is None or not unit_in_scope(actor, locked.unit):
        raise NotFound(_("Đồng chí chưa theo dõi đơn vị này."))
    return locked


def _summary(follow: Follow, kinds: dict[str, int | None]) -> dict:
    return {"unit": follow.unit_id, "weekly_digest": follow.weekly_digest, "conditions": kinds}


@transaction.atomic
def follow_unit(*, actor: User, unit: AdministrativeUnit, conditions: Conditions, weekly_digest: bool = True) -> Follow:
    """Start following a unit of the official's scope with the chosen conditions (and the weekly digest)."""
    _ensure_may_follow(actor)
    ensure_in_scope(actor, unit, missing=_("Không tìm thấy đơn vị."))
    kinds = _checked(conditions)
    if not kinds and not weekly_digest:
        raise DomainError(_("Hãy chọn ít nhất một điều kiện cảnh báo hoặc nhận bản tin hằng tuần."))
    if Follow.objects.filter(official=actor, unit=unit).exists():
        raise DomainError(_("Đồng chí đã theo dõi %(unit)s.") % {"unit": unit.name})
    follow = Follow(official=actor, unit=unit, weekly_digest=weekly_digest)
    validated(follow, exclude=["official", "unit"])
    follow.save()
    for kind, threshold in kinds.items():
        condition = Condition(follow=follow, kind=kind, threshold=threshold)
        validated(condition, exclude=["follow"])
        condition.save()
    audit_record(actor=actor, verb="alerts.followed", target=follow, unit=unit, payload=_summary(follow, kinds))
    return follow


@transaction.atomic
def set_conditions(*, actor: User, follow: Follow, conditions: Conditions, weekly_digest: bool | None = None) -> Follow:
    """Change a follow's conditions (and digest): kept kinds keep their state, unless their threshold changed;
    a condition with a new threshold starts afresh, so it notifies if it holds against the new N."""
    _ensure_may_follow(actor)
    follow = _own_follow(actor, follow)
    kinds = _checked(conditions)
    digest = follow.weekly_digest if weekly_digest is None else weekly_digest
    if not kinds and not digest:
        raise DomainError(_("Hãy chọn ít nhất một điều kiện cảnh báo hoặc nhận bản tin hằng tuần."))
    existing = {c.kind: c for c in follow.conditions.select_for_update()}
    before = {kind: c.threshold for kind, c in existing.items()}
    for kind, condition in existing.items():
        if kind not in kinds:
            condition.delete()
        elif condition.threshold != kinds[kind]:
            condition.threshold = kinds[kind]
            condition.is_active, condition.active_since, condition.observed = False, None, {}
            validated(condition, exclude=["follow"])
            condition.save(update_fields=["threshold", "is_active", "active_since", "observed"])
    for kind, threshold in kinds.items():
        if kind not in existing:
            condition = Condition(follow=follow, kind=kind, threshold=threshold)
            validated(condition, exclude=["follow"])
            condition.save()
    digest_before = follow.weekly_digest
    if digest != digest_before:
        follow.weekly_digest = digest
        follow.save(update_fields=["weekly_digest"])
    audit_record(
        actor=actor,
        verb="alerts.conditions_set",
        target=follow,
        unit=follow.unit,
        payload={"before": {"weekly_digest": digest_before, "conditions": before}, **_summary(follow, kinds)},
    )
    return follow


@transaction.atomic
def unfollow(*, actor: User, follow: Follow) -> None:
    """Stop following a unit: its conditions go with it (the notifications already sent stay in the inbox)."""
    follow = _own_follow(actor, follow)
    kinds = {c.kind: c.threshold for c in follow.conditions.all()}
    audit_record(
        actor=actor, verb="alerts.unfollowed", target=follow, unit=follow.unit, payload=_summary(follow, kinds)
    )
    follow.delete()


# --- the sweeps ------------------------------------------------------------------------------------


def _followers(queryset) -> list[Follow]:
    """Follows of active officials who may still follow, of units still in their scope; one User per official,
    so that each official's permissions are read once."""
    officials: dict[int, User] = {}
    kept = []
    for follow in queryset.select_related("unit", "official__agency__unit").order_by("official_id", "unit__path"):
        official = officials.setdefault(follow.official_id, follow.official)
        follow.official = official
        if may_follow(official) and unit_in_scope(official, follow.unit):
            kept.append(follow)
    return kept


def _condition_update(condition: Condition, holds: bool, observed: dict, now: dt.datetime) -> bool:
    """Store the reading; True when the condition has just become true (a new episode)."""
    fired = holds and not condition.is_active
    if fired:
        condition.episode += 1
        condition.active_since = now
    elif not holds:
        condition.active_since = None
    condition.is_active = holds
    condition.checked_at, condition.observed = now, observed
    condition.save(update_fields=["episode", "active_since", "is_active", "checked_at", "observed"])
    return fired


def alerts_check(*, today: dt.date | None = None) -> dict[str, int]:
    """Evaluate every followed condition on the stored figures of the current year and notify the ones that
    have just become true (the hourly job; safe to run twice)."""
    today = today or timezone.localdate()
    period = current_period(today)
    read = SnapshotReader(period)
    counts = {"checked": 0, "fired": 0, "cleared": 0, "skipped": 0}
    with translation.override(settings.LANGUAGE_CODE):
        follows = Follow.objects.filter(official__is_active=True, pk__in=Condition.objects.values("follow"))
        for follow in _followers(follows.prefetch_related("conditions")):
            for condition in follow.conditions.all():
                data = read(FAMILY_OF[condition.kind], follow.unit)
                if data is None:  # the family is not installed: the condition is left as it stood
                    counts["skipped"] += 1
                    continue
                reading = evaluate(
                    condition.kind, unit=follow.unit, data=data, period=period, threshold=condition.threshold, read=read
                )
                counts["checked"] += 1
                outcome = _condition_transition(follow, condition.pk, reading.holds, reading.observed, period)
                if outcome:
                    counts[outcome] += 1
    return counts


@transaction.atomic
def _condition_transition(follow: Follow, condition_id: int, holds: bool, observed: dict, period: Period) -> str:
    """Apply one reading to the condition, locked; notify on a new episode. Returns "fired", "cleared" or ""."""
    condition = Condition.objects.select_for_update().filter(pk=condition_id).first()
    if condition is None:  # unfollowed while the sweep ran
        return ""
    was_active = condition.is_active
    fired = _condition_update(condition, holds, observed, timezone.now())
    if fired:
        Notification.objects.get_or_create(
            recipient=follow.official,
            dedupe_key=condition.dedupe_key,
            defaults={
                "verb": NOTIFICATION_VERB,
                "message": notification_message(
                    condition.kind, unit_name=follow.unit.name, year=period.start.year, observed=observed
                ),
                "url": observed.get("url", "")[:255],
            },
        )
        return "fired"
    return "cleared" if was_active and not holds else ""


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}" if path else ""


def _digest_units(follows: list[Follow], read: SnapshotReader) -> list[dict]:
    units = []
    for follow in follows:
        rows = [condition_row(c) for c in follow.conditions.all()]
        units.append(
            {
                "unit": follow.unit,
                "figures": digest_figures(follow.unit, read),
                "active": [
                    {"label": r.label, "figures": r.figures, "url": _absolute(r.url)}
                    for r in rows
                    if r.condition.is_active
                ],
                "dashboard": _absolute(dashboard_url(follow.unit)),
            }
        )
    return units


def digest_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Email each official who follows units with the digest on a summary of those units: once per ISO week
    (the weekly job; safe to run twice). An official without an email address is counted, not marked sent."""
    today = today or timezone.localdate()
    week = iso_week(today)
    period = current_period(today)
    read = SnapshotReader(period)
    counts = {"sent": 0, "already_sent": 0, "no_address": 0, "failed": 0}
    by_official: dict[int, list[Follow]] = {}
    follows = Follow.objects.filter(official__is_active=True, weekly_digest=True).prefetch_related("conditions")
    for follow in _followers(follows):
        by_official.setdefault(follow.official_id, []).append(follow)
    sent_already = set(
        Digest.objects.filter(week=week, official__in=list(by_official)).values_list("official", flat=True)
    )
    first_error: Exception | None = None
    with translation.override(settings.LANGUAGE_CODE):
        for official_id, official_follows in by_official.items():
            official = official_follows[0].official
            if official_id in sent_already:
                counts["already_sent"] += 1
                continue
            if not official.email:
                counts["no_address"] += 1
                continue
            try:
                counts[
                    "sent" if _digest_deliver(official, official_follows, week, period, read) else "already_sent"
                ] += 1
            except (SMTPException, OSError) as error:  # one unreachable mailbox does not stop the others
                logger.exception("Weekly digest to %s failed", official.username)
                counts["failed"] += 1
                first_error = first_error or error
    if first_error is not None:
        raise first_error  # the task retries; officials already sent this week are skipped
    return counts


@transaction.atomic
def _digest_deliver(official: User, follows: list[Follow], week: str, period: Period, read: SnapshotReader) -> bool:
    """Claim the official's digest of the week and send it in the same transaction: a failed send leaves no
    mark, a concurrent run finds the mark and sends nothing."""
    _digest, created = Digest.objects.get_or_create(official=official, week=week, defaults={"units": len(follows)})
    if not created:
        return False
    context = {
        "official": official,
        "week": week,
        "period": period,
        "units": _digest_units(follows, read),
        "alerts_url": _absolute(reverse("alerts:list")),
    }
    subject = _("Bản tin tuần %(week)s: %(count)s đơn vị đồng chí theo dõi") % {"week": week, "count": len(follows)}
    body = render_to_string("alerts/digest_email.txt", context)
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[official.email]).send()
    return True
