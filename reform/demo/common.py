"""What the parts of the demo reform data share: days, backdated history, evidence numbers, the demo's accounts."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from portal.models import User
from reform.models import Area, TaskCompletion, TaskExtension, TaskProgress

# Indicator values and points of the demo are invented: every value says so in its source.
SOURCE = "Số liệu minh họa (dữ liệu mẫu của bản trình diễn)"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def real_today() -> dt.date:
    """The services' today: no fact of the demo (a completion, a cancellation) may lie after it."""
    return timezone.localdate()


def at_nine(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: "Xã Đồng Phúc" → "xã Đồng Phúc"."""
    head, _, tail = name.partition(" ")
    return f"{head.lower()} {tail}" if tail else name


def evidence_number(rng: random.Random, short_name: str, kind: str = "BC") -> str:
    """A report's number as agencies write it, e.g. "123/BC-SNV"."""
    return f"{rng.randint(12, 480)}/{kind}-{short_name}"


def account(username: str) -> User | None:
    """A demo account, or None (the system) when the organisation was seeded without it."""
    return User.objects.select_related("agency__unit").filter(username=username).first()


def areas() -> dict[str, Area]:
    return {area.code: area for area in Area.objects.filter(is_active=True)}


# The services date each record by the real clock; a plan entered after the fact carries the days the work was
# reported on instead, so that its history reads as it happened.


# Records of today keep the services' timestamps.


def backdate_progress(update: TaskProgress, day: dt.date) -> None:
    if day < real_today():
        TaskProgress.objects.filter(pk=update.pk).update(reported_at=at_nine(day))


def backdate_completion(completion: TaskCompletion, day: dt.date) -> None:
    if day < real_today():
        TaskCompletion.objects.filter(pk=completion.pk).update(reported_at=at_nine(day))


def backdate_extension(extension: TaskExtension, requested: dt.date, decided: dt.date | None) -> None:
    fields = {}
    if requested < real_today():
        fields["requested_at"] = at_nine(requested)
    if decided is not None and decided < real_today():
        fields.update(decided_at=at_nine(decided) + dt.timedelta(hours=6), decided_on=decided)
    if fields:
        TaskExtension.objects.filter(pk=extension.pk).update(**fields)
