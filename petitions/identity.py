"""Who may see a denouncer's identity (DOMAIN R2.17), once for petitions and reception visits.

A denouncer's name, address and papers are shown only to the people who handle the matter and
to the head of the agency that settles it; everyone else sees the pseudonym. Each record type
names, as paths from the record, the users who keep the identity; the SQL filter and the check
on one record are both built from those paths, so they cannot disagree.

A proposal's draft (dự thảo) may name the denouncer too: besides the keepers, whoever decides the
proposal while it waits opens it (a designated deputy, or the chair of a People's Committee standing
in for a headless agency), since he must read what he decides on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q

from petitions.choices import Kind

CONFIDENTIAL_KINDS = frozenset({Kind.DENUNCIATION})


def is_confidential(kind: str) -> bool:
    return kind in CONFIDENTIAL_KINDS


@dataclass(frozen=True)
class IdentityRule:
    keepers: tuple[str, ...]  # paths to the users who may see the identity (FK chains or one m2m)
    kind_field: str = "kind"
    # The record's model ("app.Model"): its many-to-many keepers are then matched by a subquery, not a join,
    # so a list filtered by the rule keeps one row per record (no DISTINCT over millions of rows).
    model: str = ""

    def q(self, user, prefix: str = "") -> Q:
        """Rows whose identity `user` may see; `prefix` reaches the rows from another model ("visits__")."""
        if user.is_superuser:
            return Q()
        visible = ~Q(**{f"{prefix}{self.kind_field}__in": CONFIDENTIAL_KINDS})
        for path in self.keepers:
            visible |= self._keeper_q(path, user, prefix)
        return visible

    def _keeper_q(self, path: str, user, prefix: str) -> Q:
        field = apps.get_model(self.model)._meta.get_field(path) if self.model and "__" not in path else None
        if field is None or not field.many_to_many:
            return Q(**{f"{prefix}{path}": user})
        links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): user})
        return Q(**{f"{prefix}pk__in": links.values(field.m2m_field_name())})

    def allows(self, user, record: models.Model) -> bool:
        """The same rule on one record already loaded (follows foreign keys; an m2m costs one query)."""
        if user.is_superuser or not is_confidential(getattr(record, self.kind_field)):
            return True
        return any(self._keeps(record, path, user) for path in self.keepers)

    @staticmethod
    def _keeps(record: models.Model, path: str, user) -> bool:
        *hops, last = path.split("__")
        target = record
        for hop in hops:
            target = getattr(target, hop)
            if target is None:
                return False
        field = target._meta.get_field(last)
        if field.many_to_many:
            return getattr(target, last).filter(pk=user.pk).exists()
        return getattr(target, field.attname) == user.pk


# A petition: the officials assigned to it and the head of the handling agency.
PETITION = IdentityRule(keepers=("assignees", "handling_agency__head"), model="petitions.Petition")
# A visit at reception: the official who received the citizen, who recorded it, and the agency head.
VISIT = IdentityRule(keepers=("session__receiver", "session__created_by", "session__agency__head"))


def draft_visible(user, proposal) -> bool:
    """Whether `user` may open the proposal's draft (the petition's scope is checked apart, as for the identity).

    The page shows the link, and the download answers, by this one check.
    """
    from petitions.authority import may_decide
    from petitions.models import ProposalStatus

    if PETITION.allows(user, proposal.petition):
        return True
    return proposal.status == ProposalStatus.SUBMITTED and may_decide(user, proposal.petition, proposal.step)
