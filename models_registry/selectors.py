"""Reads of the models registry; every one goes through the scoping rule (`models_registry.scoping`),
except the public showcase, which shows only what was approved for publication."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from models_registry.choices import RECOGNIZED_STATUSES, TYPICAL_STATUSES, AppliesTo, ForceRole, Status
from models_registry.models import (
    Assignment,
    Criterion,
    DecisionEntry,
    MobilizationModel,
    ModelDocument,
    ModelForce,
    Round,
    SelfAssessment,
)
from models_registry.services.scoring import council_proposal, passes
from portal.models import User
from portal.scoping import get_visible_or_404

LIST_RELATED = ["round__programme", "unit", "registering_agency"]
# What the public may read of a typical model: no address, no people beyond the owner's name and position.
SHOWCASE_FIELDS = [
    "id",
    "name",
    "field",
    "owner_kind",
    "collective_kind",
    "owner_name",
    "owner_position",
    "public_summary",
    "published_at",
    "typical_on",
    "status",
    "round__year",
    "round__name",
    "round__programme__short_name",
    "round__programme__name",
    "unit__name",
    "unit__division_type",
]

__all__ = [
    "CouncilRow",
    "council_proposal",
    "council_summary",
    "funnel_counts",
    "model_detail",
    "model_list",
    "my_assignments",
    "showcase_documents",
    "showcase_model",
    "showcase_models",
]


def model_list(user: User, filters=None, *, request=None) -> QuerySet[MobilizationModel]:
    """The models the official may see, ready for a list; `filters` (a querystring's data) go through the
    same FilterSet as the pages, the API and the export."""
    queryset = MobilizationModel.objects.visible_to(user).select_related(*LIST_RELATED)
    if filters:
        from models_registry.filtersets import ModelFilterSet

        queryset = ModelFilterSet(filters, queryset=queryset, request=request, user=user).qs
    return queryset


def _force_order() -> Case:
    """Lead, then coordinating, then participating forces (the registration's order, not the alphabet's)."""
    return Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(ForceRole)),
        default=Value(len(ForceRole)),
        output_field=IntegerField(),
    )


def model_detail(user: User, pk: int) -> MobilizationModel:
    """One model the official may see, with what its page shows; a foreign one is a 404 like a missing one."""
    assessments = SelfAssessment.objects.select_related("criterion", "evidence")
    return get_visible_or_404(
        MobilizationModel.objects.select_related(
            "round__programme",
            "round__phase",
            "round__unit",
            "unit",
            "registering_agency",
            "owner_agency",
            "replicates",
            "created_by",
        ).prefetch_related(
            Prefetch("forces", queryset=ModelForce.objects.order_by(_force_order(), "id")),
            "documents",
            Prefetch("self_assessments", queryset=assessments),
            Prefetch("decision_entries", queryset=DecisionEntry.objects.select_related("decision")),
            "commendations__phase",
            "replications",
        ),
        user,
        pk=pk,
    )


def _applicable_criteria_count() -> Coalesce:
    """Per assignment: how many of its round's criteria apply to its model's owner kind."""
    criteria = (
        Criterion.objects.filter(round=OuterRef("model__round"))
        .filter(Q(applies_to=AppliesTo.BOTH) | Q(applies_to=OuterRef("model__owner_kind")))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(criteria, output_field=IntegerField()), 0)


def my_assignments(user: User, round: Round | None = None, *, include_recused: bool = False):  # noqa: A002
    """The models given to this council member to score, with their progress (`scored` of `criteria_count`)."""
    queryset = (
        Assignment.objects.filter(member__user=user)
        .select_related("model__round__programme", "model__unit", "member__round")
        .annotate(scored=Count("scores"), criteria_count=_applicable_criteria_count())
        .order_by("submitted_at", "model__round__registration_closes", "model__name", "pk")
    )
    if round is not None:
        queryset = queryset.filter(model__round=round)
    if not include_recused:
        queryset = queryset.filter(recused=False)
    return queryset


@dataclass(frozen=True)
class CouncilRow:
    """One model in the council's summary."""

    model: MobilizationModel
    score: Decimal | None
    spread: Decimal | None
    flagged: bool
    recusals: int
    sheets_submitted: int
    sheets_assigned: int
    mandatory_failed: bool
    passes: bool
    rank: int | None
    proposal: str | None


def council_summary(round: Round) -> list[CouncilRow]:  # noqa: A002 - the contract's name
    """The council's result per model of the round under evaluation or already scored, best first
    (a constant number of queries whatever the number of models)."""
    has_assignment = Assignment.objects.filter(model=OuterRef("pk"))
    models = (
        MobilizationModel.objects.filter(round=round)
        .filter(Q(status=Status.EVALUATING) | Exists(has_assignment))
        .exclude(status=Status.WITHDRAWN)
        .select_related("unit", "registering_agency")
        .annotate(
            recusals=Count("assignments", filter=Q(assignments__recused=True)),
            sheets_assigned=Count("assignments", filter=Q(assignments__recused=False)),
            sheets_in=Count(
                "assignments", filter=Q(assignments__recused=False, assignments__submitted_at__isnull=False)
            ),
        )
        .order_by("council_rank", "-score", "name", "pk")
    )
    rows = []
    for model in models:
        model.round = round
        rows.append(
            CouncilRow(
                model=model,
                score=model.score,
                spread=model.score_spread,
                flagged=model.score_flagged,
                recusals=model.recusals,
                sheets_submitted=model.sheets_in,
                sheets_assigned=model.sheets_assigned,
                mandatory_failed=model.mandatory_failed,
                passes=passes(model, round),
                rank=model.council_rank,
                proposal=council_proposal(model),
            )
        )
    # Ranked models first (by rank), then those without a sheet yet.
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0))
    return rows


def showcase_models() -> QuerySet[MobilizationModel]:
    """PUBLIC: typical models approved for publication, with only the fields safe to publish."""
    return (
        MobilizationModel.objects.filter(status__in=list(TYPICAL_STATUSES), is_published=True)
        .select_related("round__programme", "unit")
        .only(*SHOWCASE_FIELDS)
        .order_by("-published_at", "-pk")
    )


def showcase_model(pk: int) -> MobilizationModel:
    """PUBLIC: one published typical model, or 404 (unpublished ones look exactly like missing ones)."""
    from django.http import Http404

    try:
        return showcase_models().get(pk=pk)
    except MobilizationModel.DoesNotExist as exc:
        raise Http404 from exc


def showcase_documents(model: MobilizationModel) -> QuerySet[ModelDocument]:
    """PUBLIC: the documents and photos of a published model marked for publication."""
    return ModelDocument.objects.filter(
        model_id=model.pk,
        for_publication=True,
        model__is_published=True,
        model__status__in=list(TYPICAL_STATUSES),
    ).only("id", "model_id", "kind", "title", "file", "filename", "content_type", "size")


def funnel_counts(queryset: QuerySet[MobilizationModel]) -> dict[str, int]:
    """Registered, recognised and typical among the given models, in one query (the list's header)."""
    return queryset.order_by().aggregate(
        registered=Count("pk", filter=~Q(status__in=[Status.DRAFT, Status.WITHDRAWN])),
        recognized=Count("pk", filter=Q(status__in=list(RECOGNIZED_STATUSES))),
        typical=Count("pk", filter=Q(status__in=list(TYPICAL_STATUSES))),
    )


# --- the funnel over a period (DOMAIN §0 "Models"): the report family, its drill-down and its exports -----------

FUNNEL_STAGES = ("registered", "recognized", "typical")


def funnel_q(stage: str, start, end) -> Q:
    """The models a funnel stage counts over [start, end]: registered in it (a registration not withdrawn), or
    recognised, or named typical, by a decision dated in it. The figures and the lists they open both use this."""
    if stage == "registered":
        return Q(registered_on__gte=start, registered_on__lte=end) & ~Q(status__in=[Status.DRAFT, Status.WITHDRAWN])
    if stage == "recognized":
        return Q(recognized_on__gte=start, recognized_on__lte=end)
    if stage == "typical":
        return Q(typical_on__gte=start, typical_on__lte=end)
    raise ValueError(f"Unknown funnel stage {stage!r}")


def funnel_period_counts(start, end) -> dict[str, Count]:
    """The three conditional counts of the funnel over a period, for `.aggregate()` or `.annotate()`."""
    return {stage: Count("pk", filter=funnel_q(stage, start, end)) for stage in FUNNEL_STAGES}


def funnel_any_q(start, end) -> Q:
    """A model some stage of the funnel counts over the period (what the grouped queries need to read)."""
    return funnel_q("registered", start, end) | funnel_q("recognized", start, end) | funnel_q("typical", start, end)
