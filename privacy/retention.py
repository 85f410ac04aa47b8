"""De-identification of citizens past retention (DOMAIN R7, docs/privacy.md): a dry run first, then in batches.

A case qualifies when it and every petition in it are closed, the last of them closed more than its category's
years ago (settings.PRIVACY_RETENTION_YEARS), no enforcement measure it ordered is still open, no second-round
complaint against it is still open, and it was not done before. A reception visit without a petition qualifies
once its session is older than the reception years. Then:

- its petitioners, and the citizens of the reception visits that brought its petitions, get the placeholder name
  and blank identity fields (`deidentified_values`, the one list of them);
- its documents (scans of the petition carry handwriting and signatures, which no field-level blanking can
  remove) are deleted, row and file; verification step documents and proposal drafts lose their file;
- one audit event per case (per batch and unit for visits) counts what was done, never whom.

Free text (a petition's summary and content, a visit's content) is not rewritten: it is the case's substance,
and officials are asked not to write identities in it (docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from petitions.choices import Kind, Status
from petitions.models import Case, EnforcementMeasure, Petition, PetitionDocument, Petitioner, Proposal
from petitions.models.verification import VerificationStep
from portal.encryption import id_digest, name_digest, normal_name
from portal.models import AdministrativeUnit
from portal.services import audit_record
from privacy.choices import PLACEHOLDER_NAME, RetentionCategory
from privacy.models import Deidentification
from reception.models import ReceptionVisit, VisitCitizen

logger = logging.getLogger(__name__)

COUNTED = ("cases", "visits", "petitioners", "visitors", "documents", "files")


def deidentified_values() -> dict[str, str]:
    """The identity fields of a citizen on a record (portal.models.Person) and what each becomes.

    The one list the sweep writes (through one bulk update per table): a field added to the identity, or
    stored differently (encrypted, with a digest), is changed here and nowhere else."""
    return {
        "full_name": PLACEHOLDER_NAME,
        # What index_identity() would derive (the bulk update skips save()): the placeholder is no secret.
        "search_name": normal_name(PLACEHOLDER_NAME)[:150],
        "name_digest": name_digest(PLACEHOLDER_NAME),
        "id_digest": id_digest(""),
        "id_number": "",
        "phone": "",
        "address": "",
        "ethnicity": "",  # ethnic origin is sensitive data (Law 91/2025)
    }


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cutoffs(today: dt.date) -> dict[str, dt.date]:
    """Per category, the last closing day (visit day) old enough to de-identify."""
    years = settings.PRIVACY_RETENTION_YEARS
    return {category: _years_before(today, int(years[category])) for category in RetentionCategory.values}


def category_of(case_kind: str) -> str:
    return RetentionCategory.DENUNCIATIONS if case_kind == Kind.DENUNCIATION else RetentionCategory.PETITIONS


def eligible_cases(today: dt.date) -> QuerySet[Case]:
    """The closed cases past retention with nothing of them still open, not yet de-identified."""
    limits = cutoffs(today)
    petitions = Petition.objects.filter(case=OuterRef("pk"))

    def closed_since(cutoff: dt.date):
        return Exists(petitions.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=cutoff)))

    recent = (Q(kind=Kind.DENUNCIATION) & closed_since(limits[RetentionCategory.DENUNCIATIONS])) | (
        ~Q(kind=Kind.DENUNCIATION) & closed_since(limits[RetentionCategory.PETITIONS])
    )
    return (
        Case.objects.filter(status=Status.CLOSED)
        .filter(Exists(petitions))
        .exclude(Exists(petitions.exclude(status=Status.CLOSED)))
        .exclude(recent)
        .exclude(Exists(EnforcementMeasure.objects.filter(petition__case=OuterRef("pk"), done_on__isnull=True)))
        .exclude(Exists(Petition.objects.filter(parent__case=OuterRef("pk")).exclude(status=Status.CLOSED)))
        .exclude(Exists(Deidentification.objects.filter(kind=Deidentification.Kind.CASE, object_id=OuterRef("pk"))))
    )


def eligible_visits(today: dt.date) -> QuerySet[ReceptionVisit]:
    """Reception visits that brought no petition, older than the reception years, not yet de-identified."""
    return (
        ReceptionVisit.objects.filter(petition__isnull=True, session__date__lt=cutoffs(today)["reception"])
        .filter(Exists(VisitCitizen.objects.filter(visit=OuterRef("pk"))))
        .exclude(Exists(Deidentification.objects.filter(kind=Deidentification.Kind.VISIT, object_id=OuterRef("pk"))))
    )


@dataclass
class RetentionReport:
    """What a run found (a dry run) or did (`applied`): counts per (unit, category), never a name."""

    today: dt.date
    applied: bool
    rows: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    )

    def add(self, unit: str, category: str, **counts: int) -> None:
        row = self.rows[(unit, category)]
        for key, value in counts.items():
            row[key] += value

    @property
    def totals(self) -> dict[str, int]:
        return {key: sum(row[key] for row in self.rows.values()) for key in COUNTED}

    def as_lines(self) -> list[str]:
        labels = dict(RetentionCategory.choices)
        lines = [
            f"{unit} · {labels[category]}: " + ", ".join(f"{key} {row[key]}" for key in COUNTED if row[key])
            for (unit, category), row in sorted(self.rows.items())
        ]
        return lines + ["total: " + ", ".join(f"{key} {value}" for key, value in self.totals.items())]


def _grouped(queryset: QuerySet, unit: str, kind: str) -> Iterable[tuple[int, str, int]]:
    return ((row[unit], row[kind], row["n"]) for row in queryset.values(unit, kind).annotate(n=Count("pk")).order_by())


def retention_dry_run(*, today: dt.date | None = None) -> RetentionReport:
    """Count what `retention_apply` would change today, per unit and category; changes nothing."""
    today = today or timezone.localdate()
    report = RetentionReport(today=today, applied=False)
    cases = eligible_cases(today)
    names = _unit_names()
    counted = [
        ("cases", cases, "unit_id", "kind"),
        (
            "petitioners",
            Petitioner.objects.filter(petition__case__in=cases),
            "petition__case__unit_id",
            "petition__case__kind",
        ),
        (
            "visitors",
            VisitCitizen.objects.filter(visit__petition__case__in=cases),
            "visit__petition__case__unit_id",
            "visit__petition__case__kind",
        ),
        (
            "documents",
            PetitionDocument.objects.filter(petition__case__in=cases),
            "petition__case__unit_id",
            "petition__case__kind",
        ),
        (
            "files",
            VerificationStep.objects.filter(verification__petition__case__in=cases).exclude(document=""),
            "verification__petition__case__unit_id",
            "verification__petition__case__kind",
        ),
        (
            "files",
            Proposal.objects.filter(petition__case__in=cases).exclude(draft=""),
            "petition__case__unit_id",
            "petition__case__kind",
        ),
    ]
    for key, queryset, unit, kind in counted:
        for unit_id, case_kind, n in _grouped(queryset, unit, kind):
            report.add(names(unit_id), category_of(case_kind), **{key: n})
    visits = eligible_visits(today)
    visitors = VisitCitizen.objects.filter(visit__in=visits)
    for key, queryset, unit in (
        ("visits", visits, "session__unit_id"),
        ("visitors", visitors, "visit__session__unit_id"),
    ):
        for row in queryset.values(unit).annotate(n=Count("pk")).order_by():
            report.add(names(row[unit]), RetentionCategory.RECEPTION, **{key: row["n"]})
    return report


def _unit_names():
    cache: dict[int, str] = {}

    def name(unit_id: int) -> str:
        if unit_id not in cache:
            cache[unit_id] = AdministrativeUnit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or "?"
        return cache[unit_id]

    return name


def _delete_after_commit(files: list) -> None:
    # After the commit: a batch rolled back keeps its files with its rows.
    def delete() -> None:
        for stored in files:
            stored.storage.delete(stored.name)

    if files:
        transaction.on_commit(delete)


def _case_deidentify(case: Case) -> dict[str, int]:
    """De-identify one locked, eligible case; returns what it changed."""
    values = deidentified_values()
    counts = {
        "petitioners": Petitioner.objects.filter(petition__case=case).update(**values),
        "visitors": VisitCitizen.objects.filter(visit__petition__case=case).update(**values),
    }
    documents = list(PetitionDocument.objects.filter(petition__case=case))
    files = [document.file for document in documents if document.file]
    PetitionDocument.objects.filter(pk__in=[document.pk for document in documents]).delete()
    steps = list(VerificationStep.objects.filter(verification__petition__case=case).exclude(document=""))
    drafts = list(Proposal.objects.filter(petition__case=case).exclude(draft=""))
    files += [step.document for step in steps] + [proposal.draft for proposal in drafts]
    VerificationStep.objects.filter(pk__in=[step.pk for step in steps]).update(document="")
    Proposal.objects.filter(pk__in=[proposal.pk for proposal in drafts]).update(draft="")
    counts["documents"] = len(documents)
    counts["files"] = len(steps) + len(drafts)
    _delete_after_commit(files)
    return counts


def retention_apply(*, today: dt.date | None = None, batch_size: int | None = None) -> RetentionReport:
    """De-identify every eligible case and visit, one transaction per batch; safe to run again (STYLE 13)."""
    today = today or timezone.localdate()
    batch_size = batch_size or settings.PRIVACY_RETENTION_BATCH
    report = RetentionReport(today=today, applied=True)
    while ids := list(eligible_cases(today).order_by("pk").values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            # Locked, then checked again (the status on the locked row itself): a case reopened meanwhile is left.
            batch = list(
                Case.objects.select_for_update(of=("self",))
                .filter(pk__in=ids, status=Status.CLOSED)
                .filter(pk__in=eligible_cases(today).values("pk"))
                .select_related("unit")
                .order_by("pk")
            )
            for case in batch:
                category = category_of(case.kind)
                counts = _case_deidentify(case)
                Deidentification.objects.create(
                    kind=Deidentification.Kind.CASE, object_id=case.pk, category=category, unit=case.unit, counts=counts
                )
                audit_record(
                    actor=None,
                    verb="privacy.case_deidentified",
                    unit=case.unit,
                    payload={"case_id": case.pk, "category": category, "fields": list(deidentified_values()), **counts},
                )
                report.add(case.unit.name, category, cases=1, **counts)
        if not batch:
            break  # every one found was reopened between the two reads: the next run sees them again
    while ids := list(eligible_visits(today).order_by("pk").values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            visits = list(
                ReceptionVisit.objects.select_for_update(of=("self",))
                .filter(pk__in=ids)
                .filter(pk__in=eligible_visits(today).values("pk"))
                .select_related("session")
                .order_by("pk")
            )
            by_unit: dict[int, list[ReceptionVisit]] = defaultdict(list)
            for visit in visits:
                by_unit[visit.session.unit_id].append(visit)
            values = deidentified_values()
            for unit_id, unit_visits in by_unit.items():
                done = [visit.pk for visit in unit_visits]
                per_visit = dict(
                    VisitCitizen.objects.filter(visit_id__in=done)
                    .values_list("visit_id")
                    .annotate(n=Count("pk"))
                    .order_by()
                )
                visitors = VisitCitizen.objects.filter(visit_id__in=done).update(**values)
                Deidentification.objects.bulk_create(
                    Deidentification(
                        kind=Deidentification.Kind.VISIT,
                        object_id=pk,
                        category=RetentionCategory.RECEPTION,
                        unit_id=unit_id,
                        counts={"visitors": per_visit.get(pk, 0)},
                    )
                    for pk in done
                )
                unit = AdministrativeUnit.objects.get(pk=unit_id)
                audit_record(
                    actor=None,
                    verb="privacy.visits_deidentified",
                    unit=unit,
                    payload={
                        "category": RetentionCategory.RECEPTION,
                        "visits": len(done),
                        "visitors": visitors,
                        "fields": list(values),
                    },
                )
                report.add(unit.name, RetentionCategory.RECEPTION, visits=len(done), visitors=visitors)
        if not visits:
            break
    logger.info("privacy retention applied on %s: %s", today, report.totals)
    return report
