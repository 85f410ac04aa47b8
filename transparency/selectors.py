"""Reads of published decisions: what the public sees (a fixed, small number of queries) and the officials' lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from petitions.choices import Kind, SettlementForm, Status
from petitions.models import Case
from portal.models import AdministrativeUnit
from transparency.models import PublishedDecision, PublishedDecisionVersion

# The only columns a public page or the public API reads from a decision and its unit and agency.
PUBLIC_FIELDS = [
    "id",
    "number",
    "decided_on",
    "field",
    "title",
    "published_on",
    "unit__id",
    "unit__name",
    "unit__division_type",
    "agency__id",
    "agency__name",
]


def public_decisions() -> QuerySet[PublishedDecision]:
    """Decisions online now, with their unit and agency, how many versions and when the latest was posted."""
    return (
        PublishedDecision.objects.online()
        .select_related("unit", "agency")
        .only(*PUBLIC_FIELDS)
        .annotate(version_count=Count("versions"), updated_at=Max("versions__published_at"))
        .order_by("-decided_on", "-id")
    )


@dataclass(frozen=True)
class PublicDecision:
    decision: PublishedDecision
    current: PublishedDecisionVersion  # the text the public reads
    corrections: list[PublishedDecisionVersion]  # later versions: dates and notes only, their texts not loaded


def public_decision(pk: int) -> PublicDecision:
    """One decision online, its latest text and its corrections (three queries); 404 when withdrawn or missing."""
    decision = get_object_or_404(public_decisions(), pk=pk)
    versions = list(decision.versions.defer("text").order_by("number"))
    if not versions:  # services always write version 1 with the decision; a bare row is not published
        raise Http404
    current = PublishedDecisionVersion.objects.only("id", "number", "text", "published_at").get(pk=versions[-1].pk)
    return PublicDecision(decision=decision, current=current, corrections=versions[1:])


def public_unit_options() -> list[tuple[int, str]]:
    """The units a visitor may pick: those with a decision online and the units above them (two queries)."""
    paths = set(PublishedDecision.objects.online().order_by().values_list("unit__path", flat=True).distinct())
    wanted = set()
    for path in paths:  # "legacy/06/058/01933/": itself and "legacy/06/", "legacy/06/058/"
        parts = path.strip("/").split("/")
        wanted |= {"/".join(parts[:depth]) + "/" for depth in range(2, len(parts) + 1)}
    units = AdministrativeUnit.objects.filter(path__in=wanted).only("id", "name", "level", "path").order_by("path")
    return [(unit.pk, "— " * (unit.path.count("/") - 2) + unit.name) for unit in units]


VIEW_PERMISSION = "transparency.view_publisheddecision"


def decisions_visible_to(user) -> QuerySet[PublishedDecision]:
    """The decisions an official sees (their unit's subtree), published or withdrawn; none without the permission
    to view them, whichever page, API or export asks."""
    if not user.has_perm(VIEW_PERMISSION):
        return PublishedDecision.objects.none()
    return (
        PublishedDecision.objects.visible_to(user)
        .select_related("unit", "agency", "case")
        .annotate(version_count=Count("versions"), updated_at=Max("versions__published_at"))
        .order_by("-published_on", "-id")
    )


def cases_to_publish(user) -> QuerySet[Case]:
    """Settled complaint cases of the official's own unit whose decision is not on the portal yet."""
    if not getattr(user, "agency_id", None):
        return Case.objects.none()
    published = PublishedDecision.objects.filter(case=OuterRef("pk"))
    return (
        Case.objects.visible_to(user)
        .filter(
            kind=Kind.COMPLAINT,
            lead_petition__handling_agency__unit_id=user.agency.unit_id,
            lead_petition__settlement_form=SettlementForm.DECISION,
            lead_petition__status__in=[Status.SETTLED, Status.PUBLISHED, Status.CLOSED],
        )
        .exclude(Exists(published))
        .select_related("lead_petition")
        .order_by("settled_on", "id")
    )
