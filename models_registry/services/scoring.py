"""Council scoring: a member's score sheet, and the council's combined result of a model.

Each member scores each criterion on their own; the model's score is the mean or the median of the submitted
sheets' totals (set per round). Per criterion the same aggregation gives the combined points the mandatory
check reads (with the mean, their sum is the score; with the median it need not be, and may exceed every
member's total, so the score is never built from them). The spread of the members' totals is
kept, and flagged above the round's limit. A mandatory criterion whose combined points fall below its
minimum blocks recognition, whatever the total.
"""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry import workflow
from models_registry.choices import Aggregation, Outcome, Status
from models_registry.models import Assignment, Criterion, MobilizationModel, Round, Score
from portal.changes import record_changed
from portal.models import User
from portal.services import DomainError, NotFound, NotPermitted, audit_record

CENT = Decimal("0.01")


def _points(value) -> Decimal:
    try:
        points = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Điểm phải là một số.")) from exc
    if not points.is_finite():
        raise DomainError(_("Điểm phải là một số."))
    return points


def minimum_of(criterion: Criterion) -> Decimal:
    """The points that meet a mandatory criterion: its own minimum, else half of its maximum."""
    return criterion.min_points if criterion.min_points is not None else criterion.max_points / 2


def combine(values: list[Decimal], aggregation: str) -> Decimal:
    if aggregation == Aggregation.MEDIAN:
        combined = Decimal(statistics.median(values))
    else:
        combined = sum(values, Decimal("0")) / len(values)
    return combined.quantize(CENT, rounding=ROUND_HALF_UP)


def passes(model: MobilizationModel, round_: Round) -> bool:
    """Whether the council's result proposes recognition: the threshold reached, every mandatory criterion met."""
    return (
        model.scores_submitted > 0
        and model.score is not None
        and model.score >= round_.pass_threshold
        and not model.mandatory_failed
    )


def council_proposal(model: MobilizationModel) -> str | None:
    """The outcome the council proposes for the model: None until every member not recused handed in a sheet.

    Reads the `sheets_assigned`/`sheets_in` annotations when the caller made them (one query for a list).
    """
    if not model.scores_submitted:
        return None
    assigned = getattr(model, "sheets_assigned", None)
    submitted = getattr(model, "sheets_in", None)
    if assigned is None or submitted is None:
        pending = Assignment.objects.filter(model=model, recused=False, submitted_at__isnull=True).exists()
    else:
        pending = submitted < assigned
    if pending:
        return None
    return Outcome.RECOGNIZED if passes(model, model.round) else Outcome.NOT_RECOGNIZED


@transaction.atomic
def score_sheet_save(
    *,
    actor: User,
    assignment: Assignment,
    scores: dict[int, tuple[Decimal, str]],
    comment: str = "",
    submit: bool = False,
) -> Assignment:
    """A council member's points and comments for the model assigned to them; `submit` hands the sheet in.

    A sheet already handed in may be corrected while the model is under evaluation: it stays handed in, so
    it must stay complete, and the council's result is recomputed.
    """
    try:
        assignment = (
            Assignment.objects.select_for_update(of=("self",)).select_related("member", "model").get(pk=assignment.pk)
        )
    except Assignment.DoesNotExist as exc:
        raise NotFound(_("Không tìm thấy phiếu chấm điểm.")) from exc
    if actor is None or actor.pk != assignment.member.user_id:
        # Another member's sheet looks like a missing one.
        raise NotFound(_("Không tìm thấy phiếu chấm điểm."))
    if assignment.recused:
        raise NotPermitted(
            _("Bạn không chấm mô hình này (tránh xung đột lợi ích): %(reason)s") % {"reason": assignment.recusal_reason}
        )
    model = (
        MobilizationModel.objects.select_for_update(of=("self",))
        .select_related("round", "unit")
        .get(pk=assignment.model_id)
    )
    workflow.ensure("score", model)
    criteria = {c.pk: c for c in model.round.criteria.all() if c.applies(model.owner_kind)}
    stored = {score.criterion_id: score for score in assignment.scores.all()}
    for criterion_id, (value, note) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise DomainError(_("Tiêu chí không thuộc bộ tiêu chí chấm mô hình này."))
        if value is None or value == "":
            continue  # not scored yet: a draft may leave it empty
        points = _points(value)
        if points < 0 or points > criterion.max_points:
            raise DomainError(
                _("Tiêu chí “%(text)s”: điểm phải từ 0 đến %(max)s.")
                % {"text": criterion.text, "max": f"{criterion.max_points.normalize():f}"}
            )
        score = stored.get(criterion.pk)
        if score is None:
            stored[criterion.pk] = Score.objects.create(
                assignment=assignment, criterion=criterion, points=points, comment=(note or "").strip()
            )
        elif score.points != points or score.comment != (note or "").strip():
            score.points, score.comment = points, (note or "").strip()
            score.save(update_fields=["points", "comment", "updated_at"])
    assignment.comment = (comment or "").strip()
    handing_in = submit or assignment.submitted_at is not None
    if handing_in:
        missing = [criterion.text for pk, criterion in criteria.items() if pk not in stored]
        if missing:
            raise DomainError(_("Chưa chấm đủ các tiêu chí: %(criteria)s.") % {"criteria": "; ".join(missing)})
        resubmitted = assignment.submitted_at is not None
        assignment.submitted_at = timezone.now()
        assignment.total = sum((stored[pk].points for pk in criteria), Decimal("0"))
    assignment.save()
    if handing_in:
        council_result_update(model)
        audit_record(
            actor=actor,
            verb="score.submitted",
            target=model,
            unit=model.unit,
            payload={"assignment": assignment.pk, "corrected": resubmitted},
        )
        record_changed(unit_id=model.unit_id, on=timezone.localdate())
    return assignment


def council_result_update(model: MobilizationModel) -> MobilizationModel:
    """Recompute the model's combined score, spread, flag and mandatory check, then the round's ranking.

    A model no longer under evaluation is left as it is: its decision was made on that result.
    """
    if model.status != Status.EVALUATING:
        return model
    round_ = model.round
    criteria = [c for c in round_.criteria.all() if c.applies(model.owner_kind)]
    sheets = list(
        Assignment.objects.filter(model=model, recused=False, submitted_at__isnull=False).prefetch_related("scores")
    )
    if sheets:
        points = {criterion.pk: [] for criterion in criteria}
        for sheet in sheets:
            for score in sheet.scores.all():
                if score.criterion_id in points:
                    points[score.criterion_id].append(score.points)
        combined = {
            pk: combine(values, round_.aggregation) if values else Decimal("0") for pk, values in points.items()
        }
        totals = [sheet.total for sheet in sheets if sheet.total is not None]
        model.score = combine(totals, round_.aggregation) if totals else Decimal("0")
        model.score_spread = (max(totals) - min(totals)) if totals else Decimal("0")
        model.score_flagged = model.score_spread > round_.spread_threshold
        model.mandatory_failed = any(
            criterion.mandatory and combined[criterion.pk] < minimum_of(criterion) for criterion in criteria
        )
    else:
        model.score = model.score_spread = None
        model.score_flagged = model.mandatory_failed = False
    model.scores_submitted = len(sheets)
    MobilizationModel.objects.filter(pk=model.pk).update(
        score=model.score,
        score_spread=model.score_spread,
        score_flagged=model.score_flagged,
        mandatory_failed=model.mandatory_failed,
        scores_submitted=model.scores_submitted,
    )
    council_rank_update(round_)
    model.refresh_from_db(fields=["council_rank"])
    return model


def council_rank_update(round_: Round) -> None:
    """Rank the round's models under evaluation by combined score (equal scores share a rank)."""
    ranked = list(
        MobilizationModel.objects.filter(round=round_, status=Status.EVALUATING)
        .only("pk", "score", "scores_submitted", "council_rank")
        .order_by(F("score").desc(nulls_last=True), "pk")
    )
    changed = []
    position, rank, previous = 0, None, object()
    for model in ranked:
        if not model.scores_submitted or model.score is None:
            new_rank = None
        else:
            position += 1
            if model.score != previous:
                rank, previous = position, model.score
            new_rank = rank
        if model.council_rank != new_rank:
            model.council_rank = new_rank
            changed.append(model)
    MobilizationModel.objects.bulk_update(changed, ["council_rank"])
