"""The write phase: deadlines, receiving agencies, and bulk inserts of cases, petitions, petitioners and extensions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from petitions.choices import DeadlineEvent, Kind
from petitions.deadlines import PetitionFacts, compute_all, extension_days_allowed, load_rules
from petitions.identity import is_confidential
from petitions.importer.columns import BATCH, EXTENSION_DECISION
from petitions.importer.rows import _Row
from petitions.importer.validate import _case_keys, _chunks, _existing_cases
from petitions.models import Case, Extension, Petition, Petitioner
from petitions.services import case_sync, today
from portal.choices import AgencyKind
from portal.models import AdministrativeUnit, Agency, User, index_identity, unit_ancestries
from portal.text import fold
from portal.workcalendar import WorkCalendar


def _apply_deadlines(rows: list[_Row]) -> None:
    """Deadlines exactly as `services.deadlines_refresh` computes them, one calendar and rule set for all rows."""
    calendar, rules, on = WorkCalendar(), load_rules(), today()
    cache: dict[tuple, tuple] = {}  # many rows share the same facts; the result depends on nothing else
    for row in rows:
        if row.extensions:
            start = row.accepted_on or row.received_on
            row.extension_days = extension_days_allowed(rules, kind=row.kind, round=row.round, on=start) or 0
        key = (
            row.kind,
            row.round,
            row.status,
            row.received_on,
            row.accepted_on,
            row.within_authority,
            row.outcome,
            row.notice_sent_on,
            row.complexity,
            row.remote_area,
            row.extensions,
        )
        computed = cache.get(key)
        if computed is None:
            facts = PetitionFacts(
                kind=row.kind,
                round=row.round,
                status=row.status,
                received_on=row.received_on,
                accepted_on=row.accepted_on,
                within_authority=row.within_authority,
                outcome=row.outcome,
                notice_sent_on=row.notice_sent_on,
                complexity=row.complexity,
                remote_area=row.remote_area,
                extensions=[(row.extension_days, EXTENSION_DECISION)] * row.extensions,
            )
            result = compute_all(facts, rules=rules, calendar=calendar, today=on)
            computed = cache[key] = (
                result.as_json(),
                result.due(DeadlineEvent.NOTICE),
                result.due(DeadlineEvent.ACCEPTANCE) or result.due(DeadlineEvent.TRANSFER),
                result.due(DeadlineEvent.SETTLEMENT),
                result.current,
            )
        row.deadlines, row.notice_due, row.acceptance_due, row.settlement_due, row.deadline = computed


def _receiving_agencies(unit_ids: set[int], choose: Callable | None) -> dict[int, int]:
    """The receiving agency of each unit: the caller's choice, or the unit's People's Committee."""
    units = AdministrativeUnit.objects.in_bulk(list(unit_ids))
    if choose is not None:
        return {unit_id: choose(units[unit_id]).pk for unit_id in unit_ids}
    committees: dict[int, int] = {}
    parent_ids = {u.parent_id for u in units.values() if u.parent_id}
    for unit_id, agency_id in (
        Agency.objects.filter(unit_id__in=list(unit_ids | parent_ids), kind=AgencyKind.PEOPLES_COMMITTEE)
        .order_by("id")
        .values_list("unit_id", "id")
    ):
        committees.setdefault(unit_id, agency_id)
    chosen = {}
    for unit_id in sorted(unit_ids):
        if unit_id not in committees:
            unit = units[unit_id]
            agency, _created = Agency.objects.get_or_create(
                unit=unit,
                name=f"Ủy ban nhân dân {unit.name}"[:200],
                defaults={
                    "kind": AgencyKind.PEOPLES_COMMITTEE,
                    "short_name": "UBND",
                    "parent_id": committees.get(unit.parent_id),
                },
            )
            committees[unit_id] = agency.pk
        chosen[unit_id] = committees[unit_id]
    return chosen


def _write(rows: list[_Row], *, actor: User | None, choose_agency: Callable | None, scope: User | None = None) -> int:
    """Insert cases, petitions, petitioners and extensions in bulk; returns the number of new cases.

    Rows join existing cases only if `scope` may see them. Numbers and codes are unique per unit,
    and every row's unit lies in the scope, so what exists elsewhere never makes the insert fail.
    """
    _apply_deadlines(rows)
    agencies = _receiving_agencies({r.unit.id for r in rows}, choose_agency)
    created_by = actor if actor is not None and actor.is_authenticated else None

    ancestries = unit_ancestries({r.unit.id for r in rows})
    groups: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        groups[row.case_code].append(row)
    case_units = _case_keys(rows)
    case_ids = {code: pk for code, (pk, _kind) in _existing_cases(case_units, scope=scope).items()}
    reused = set(case_ids)
    new_cases = []
    for code, members in groups.items():
        if code in case_ids:
            continue
        first = min(members, key=lambda r: (r.received_on, r.line))
        accepted = [r for r in members if r.accepted_on]
        # What case_sync copies: the lead (latest accepted) petition, else the first received.
        lead = max(accepted, key=lambda r: (r.accepted_on, r.line)) if accepted else first
        new_cases.append(
            Case(
                code=code,
                unit_id=first.unit.id,
                province_id=ancestries[first.unit.id][0],
                district_id=ancestries[first.unit.id][1],
                kind=first.kind,
                title=first.summary,
                status=lead.status,
                within_authority=bool(lead.within_authority),
                accepted_on=lead.accepted_on,
                settlement_due=lead.settlement_due,
                settled_on=lead.settled_on,
                lead_unit_id=lead.unit.id,
                lead_province_id=ancestries[lead.unit.id][0],
                lead_district_id=ancestries[lead.unit.id][1],
            )
        )
    for batch in _chunks(new_cases, BATCH):
        _insert_many(Case, batch)
    for chunk in _chunks([c.code for c in new_cases]):
        created = Case.objects.filter(code__in=chunk, unit_id__in={case_units[code] for code in chunk})
        for pk, code, unit_id in created.values_list("pk", "code", "unit_id"):
            if case_units[code] == unit_id:
                case_ids[code] = pk

    for batch in _chunks(rows, BATCH):
        petitions = [
            _petition(row, case_ids[row.case_code], agencies[row.unit.id], created_by, ancestries[row.unit.id])
            for row in batch
        ]
        _insert_many(Petition, petitions)
        inserted = Petition.objects.filter(
            register_number__in={r.register_number for r in batch}, unit_id__in={r.unit.id for r in batch}
        )
        pairs = inserted.values_list("pk", "unit_id", "register_number")
        ids = {(unit_id, number): pk for pk, unit_id, number in pairs}
        for row in batch:
            row.pk = ids[(row.unit.id, row.register_number)]
        _insert_many(
            Petitioner,
            [
                index_identity(
                    Petitioner(
                        petition_id=row.pk,
                        full_name=name,
                        address=address,
                        is_representative=len(row.petitioners) > 1 and index == 0,
                    ),
                    confidential=is_confidential(row.kind),
                )
                for row in batch
                for index, (name, address) in enumerate(row.petitioners)
            ],
        )
        Extension.objects.bulk_create(
            Extension(
                petition_id=row.pk,
                days=row.extension_days,
                decision_no=EXTENSION_DECISION,
                decided_on=min(
                    row.accepted_on + dt.timedelta(days=row.extension_days * (n + 1)),
                    row.settled_on or dt.date.max,
                    today(),
                ),
                reason=_("Gia hạn ghi trong sổ theo dõi đơn đã nhập."),
            )
            for row in batch
            for n in range(row.extensions)
        )

    _link_second_rounds(rows, case_ids)
    _set_leads(rows, case_ids, reused)
    return len(new_cases)


def _insert_many(model, objs: list) -> None:
    """INSERT the objects with executemany, each value prepared exactly as bulk_create prepares it.

    bulk_create compiles a placeholder per value, about 8 µs each on our 2-core machine: 40 s of
    the 90 s that 100,000 petitions of 55 columns took. Ids are not returned; callers look them up.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    params = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _petition(
    row: _Row, case_id: int, agency_id: int, created_by: User | None, ancestry: tuple[int, int | None]
) -> Petition:
    return Petition(
        register_number=row.register_number,
        case_id=case_id,
        unit_id=row.unit.id,
        province_id=ancestry[0],
        district_id=ancestry[1],
        receiving_agency_id=agency_id,
        handling_agency_id=agency_id,
        kind=row.kind,
        round=row.round,
        channel=row.channel,
        received_on=row.received_on,
        summary=row.summary,
        content=row.content,
        search_text=fold(f"{row.register_number} {row.summary} {row.content}"),
        field=row.field,
        is_anonymous=not row.petitioners,
        qualified=row.qualified,
        unqualified_reason=row.unqualified_reason,
        within_authority=row.within_authority,
        outcome=row.outcome,
        transferred_to_id=row.transferred_to_id,
        complexity=row.complexity,
        remote_area=row.remote_area,
        status=row.status,
        classified_on=row.classified_on,
        processed_on=row.processed_on,
        notice_sent_on=row.notice_sent_on,
        accepted_on=row.accepted_on,
        settled_on=row.settled_on,
        settlement_form=row.settlement_form,
        result=row.result,
        deadlines=row.deadlines,
        notice_due=row.notice_due,
        acceptance_due=row.acceptance_due,
        settlement_due=row.settlement_due,
        deadline=row.deadline,
        created_by=created_by,
    )


def _link_second_rounds(rows: list[_Row], case_ids: dict[str, int]) -> None:
    """A second-time complaint points at the case's first-time complaint, as petition_reopen_second_round does."""
    second = [r for r in rows if r.round == 2]
    if not second:
        return
    firsts: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for chunk in _chunks(sorted({case_ids[r.case_code] for r in second})):
        for case_id, received_on, pk in Petition.objects.filter(
            case_id__in=chunk, round=1, kind=Kind.COMPLAINT
        ).values_list("case_id", "received_on", "pk"):
            firsts[case_id].append((received_on, pk))
    updates = []
    for row in second:
        earlier = [f for f in firsts[case_ids[row.case_code]] if f[0] <= row.received_on]
        if earlier:
            updates.append(Petition(pk=row.pk, parent_id=max(earlier)[1]))
    Petition.objects.bulk_update(updates, ["parent"], batch_size=BATCH)


def _set_leads(rows: list[_Row], case_ids: dict[str, int], reused: set[str]) -> None:
    """Lead petition = the case's latest accepted petition; reused cases are then synced like live ones."""
    with_accepted = sorted({case_ids[r.case_code] for r in rows if r.accepted_on})
    latest_accepted = (
        Petition.objects.filter(case=OuterRef("pk"), accepted_on__isnull=False)
        .order_by("-accepted_on", "-pk")
        .values("pk")[:1]
    )
    for chunk in _chunks(with_accepted):
        Case.objects.filter(pk__in=chunk).update(lead_petition=Subquery(latest_accepted))
    for case in Case.objects.filter(pk__in=[case_ids[code] for code in reused]):
        case_sync(case)
