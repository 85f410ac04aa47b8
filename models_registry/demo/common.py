"""What both parts of the demo registry share: places and dates in words, the criteria copied in bulk,
and score sheets consistent with what a decision says."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from models_registry.defaults import default_criteria
from models_registry.demo.words import ELEMENTS, FAMILY, GIVEN, MIDDLE
from models_registry.models import Criterion, CriterionGroup, Round
from models_registry.services.scoring import combine, minimum_of

BATCH = 1000


def person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: "Xã Đồng Phúc" → "xã Đồng Phúc"."""
    head, _, tail = name.partition(" ")
    return f"{head.lower()} {tail}" if tail else name


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def at_nine(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def model_text(field: str, place: str, year: int) -> dict:
    situation, goals, content, outputs = ELEMENTS[field]
    return {
        "situation": situation.format(p=place),
        "goals": goals,
        "content": content,
        "target_area": f"Cán bộ, đảng viên và nhân dân ở {place}.",
        "resources": "Nhân dân đóng góp ngày công, vật liệu; ngân sách và xã hội hóa hỗ trợ một phần.",
        "timeline": f"Từ tháng 3 đến tháng 12 năm {year}, duy trì các năm tiếp theo.",
        "outputs": outputs,
        "replication_plan": "Áp dụng được ở các thôn, xã có điều kiện tương tự.",
    }


def create_criteria(rounds: list[Round]) -> dict[int, list[Criterion]]:
    """Each round's copy of its programme's default criteria (as `round_create` makes it), in bulk."""
    groups, criteria = [], []
    for round_ in rounds:
        by_name: dict[str, CriterionGroup] = {}
        for order, row in enumerate(default_criteria(round_.programme.code)):
            group = by_name.get(row["group"])
            if group is None:
                group = by_name[row["group"]] = CriterionGroup(round=round_, name=row["group"], order=len(by_name))
                groups.append(group)
            criteria.append(
                Criterion(
                    round=round_,
                    group=group,
                    order=order,
                    text=row["text"],
                    guidance=row["guidance"],
                    max_points=row["max_points"],
                    mandatory=row["mandatory"],
                    min_points=row["min_points"],
                    applies_to=row["applies_to"],
                )
            )
    CriterionGroup.objects.bulk_create(groups, batch_size=BATCH)
    for criterion in criteria:
        criterion.group = criterion.group  # takes the group's id, now it has one
    Criterion.objects.bulk_create(criteria, batch_size=BATCH)
    by_round: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        by_round.setdefault(criterion.round_id, []).append(criterion)
    return by_round


def sheet_points(criteria: list[Criterion], base: float, rng: random.Random, *, fail_mandatory: bool) -> dict:
    """One member's points for a model, around `base` of each maximum, by half points; a criterion that must
    be met in full is (unless `fail_mandatory` sinks the weightiest mandatory one below its minimum)."""
    sunk = max((c for c in criteria if c.mandatory), key=lambda c: c.max_points, default=None)
    points = {}
    for criterion in criteria:
        top = criterion.max_points
        value = Decimal(round(float(top) * min(1.0, max(0.0, base + rng.uniform(-0.08, 0.08))) * 2)) / 2
        if criterion.mandatory and minimum_of(criterion) == top and not (fail_mandatory and criterion is sunk):
            value = top
        if fail_mandatory and criterion is sunk:
            value = min(value, (minimum_of(criterion) - Decimal("2.5")).max(Decimal("0")))
        points[criterion.pk] = min(top, max(Decimal("0"), value))
    return points


def council_result(sheets: list[dict], criteria: list[Criterion], aggregation: str) -> tuple[Decimal, Decimal, bool]:
    """The combined score, the spread of the totals and whether a mandatory criterion fails (as the services)."""
    combined = {c.pk: combine([sheet[c.pk] for sheet in sheets], aggregation) for c in criteria}
    totals = [sum(sheet.values(), Decimal("0")) for sheet in sheets]
    failed = any(c.mandatory and combined[c.pk] < minimum_of(c) for c in criteria)
    return combine(totals, aggregation), max(totals) - min(totals), failed
