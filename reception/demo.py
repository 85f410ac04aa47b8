"""Demo reception register for the demo province (Bắc Kạn, from 2022 to today), sized like its
reports: 3,493 meetings with 3,630 citizens by administrative agencies in 2022–2024 (about 1,200 a
year), and about 200 dialogues by Party leaders with 250+ citizens (seeds/ 003); the years after keep
that pace, the current one up to the as-of day. Some heads stay below their legal minimum.

A legacy province's sessions stop with its map (30 Jun 2025) unless `current_map`: then the sessions
after it are held by the agencies of the 2025 map that took over (portal.demo.seed_organisation_current):
a commune's by the People's Committee of its successor commune, a district's by that of one of its
communes' successors, the province's by the new province's agency of the same name.

Written with bulk inserts (demo data is not an official's action, so no audit rows per session);
deterministic for a seed and an as-of day, and idempotent: a province that already has sessions is
left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from petitions.choices import Field, Kind
from petitions.identity import is_confidential
from portal.choices import AgencyKind, Generation, Level
from portal.demo import successor_communes
from portal.models import AdministrativeUnit, Agency, index_identity
from portal.workcalendar import WorkCalendar
from reception.choices import ReceivedBy, SessionKind, VisitAction
from reception.models import ReceptionSchedule, ReceptionSession, ReceptionVisit, VisitCitizen

FIRST_YEAR = 2022
REPORTED_YEARS = 3  # the reported totals below are of 2022-2024
ADMIN_SESSIONS, ADMIN_CITIZENS = 3493, 3630
DIALOGUES, DIALOGUE_CITIZENS = 198, 254


def _year_shares(as_of: dt.date) -> dict[int, float]:
    """Each year's part of a reported year's volume: 1 for a whole year, the elapsed part of the as-of year."""
    shares = {year: 1.0 for year in range(FIRST_YEAR, as_of.year)}
    start = dt.date(as_of.year, 1, 1)
    shares[as_of.year] = ((as_of - start).days + 1) / ((dt.date(as_of.year, 12, 31) - start).days + 1)
    return shares


def _scaled(total: int, shares: dict[int, float]) -> int:
    return round(total / REPORTED_YEARS * sum(shares.values()))


FAMILY = ["Nông", "Hoàng", "Triệu", "Lục", "Ma", "Hà", "Đàm", "La", "Lý", "Dương", "Nguyễn", "Trần"]
MIDDLE = ["Văn", "Thị", "Đức", "Thanh", "Hồng", "Minh"]
GIVEN = ["Bình", "Chiến", "Dung", "Hạnh", "Khánh", "Lợi", "Mai", "Nguyên", "Phúc", "Quân", "Sáng", "Thắm", "Vui"]
MATTERS = [
    (Kind.RECOMMENDATION, Field.LAND_HOUSING, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất"),
    (Kind.RECOMMENDATION, Field.POLICY, "Hỏi về chế độ hỗ trợ hộ nghèo, cận nghèo"),
    (Kind.REFLECTION, Field.OTHER, "Phản ánh đường liên thôn xuống cấp"),
    (Kind.COMPLAINT, Field.LAND_HOUSING, "Khiếu nại mức bồi thường giải phóng mặt bằng"),
    (Kind.REFLECTION, Field.POLICY, "Phản ánh chậm chi trả trợ cấp người có công"),
    (Kind.RECOMMENDATION, Field.OTHER, "Kiến nghị sửa chữa cầu treo, đập thủy lợi"),
    (Kind.COMPLAINT, Field.OFFICIALS, "Khiếu nại thái độ giải quyết thủ tục của cán bộ một cửa"),
]
ACTIONS = [VisitAction.ANSWERED] * 7 + [VisitAction.GUIDED] * 2


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _successor_agencies(province: AdministrativeUnit, agencies: list[Agency]) -> dict[int, list[Agency]]:
    """For each legacy agency of the province, the 2025 agencies that took over its reception (one for
    a commune or a provincial agency, those of its communes' successors for a district's committee)."""
    successors = successor_communes(province.code)
    if not successors:
        raise RuntimeError("The 2025 map and its successions are missing: run `manage.py load_units` first.")
    new_agencies = list(
        Agency.objects.filter(unit__in={u.pk for u in successors.values()} | {u.parent_id for u in successors.values()})
        .select_related("unit", "head")
        .order_by("id")
    )
    committee_of: dict[int, Agency] = {}
    by_short: dict[str, Agency] = {}
    for agency in new_agencies:
        if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
            committee_of.setdefault(agency.unit_id, agency)
        if agency.unit.level == Level.PROVINCE:
            by_short.setdefault(agency.short_name, agency)
    if "UBND" not in by_short:
        raise RuntimeError("The 2025 province has no agencies: run portal.demo.seed_organisation_current first.")
    communes_of: dict[int, list[int]] = {}
    for commune in AdministrativeUnit.objects.filter(pk__in=successors).order_by("path"):
        communes_of.setdefault(commune.parent_id, []).append(commune.pk)
    taken: dict[int, list[Agency]] = {}
    for agency in agencies:
        unit = agency.unit
        if unit.level == Level.COMMUNE:
            taken[agency.pk] = [committee_of.get(successors[unit.pk].pk, by_short["UBND"])]
        elif unit.level == Level.DISTRICT and agency.kind == AgencyKind.PEOPLES_COMMITTEE:
            new_ids = sorted({successors[c].pk for c in communes_of.get(unit.pk, [])})
            taken[agency.pk] = [committee_of[i] for i in new_ids if i in committee_of] or [by_short["UBND"]]
        else:  # a provincial agency, or a district's other offices (gone with the districts)
            taken[agency.pk] = [by_short.get(agency.short_name, by_short["UBND"])]
    return taken


@transaction.atomic
def seed_reception(
    *, seed: int, province_code: str = "06", as_of: dt.date | None = None, current_map: bool = False
) -> int:
    """Create the demo register as it stands on `as_of` (today unless told), after the legacy map ended
    on its successors' if `current_map`; returns the number of sessions created (0 when already there)."""
    province = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=province_code)
    if ReceptionSession.objects.filter(unit__path__startswith=province.path).exists():
        return 0
    rng = random.Random(seed)
    calendar = WorkCalendar()
    as_of = as_of or timezone.localdate()
    schedule_from = as_of  # the published schedule is of the coming weeks
    map_end = province.valid_to
    if map_end and not current_map:  # a legacy province's sessions stop with its map (30 Jun 2025)
        as_of = min(as_of, map_end)
    shares = _year_shares(as_of)
    years = list(shares)
    admin_sessions, admin_citizens = _scaled(ADMIN_SESSIONS, shares), _scaled(ADMIN_CITIZENS, shares)
    dialogues, dialogue_citizens = _scaled(DIALOGUES, shares), _scaled(DIALOGUE_CITIZENS, shares)
    agencies = list(Agency.objects.filter(unit__path__startswith=province.path).select_related("unit", "head"))
    committees = [a for a in agencies if a.kind == AgencyKind.PEOPLES_COMMITTEE]
    communes = [a for a in committees if a.unit.level == Level.COMMUNE]
    districts = [a for a in committees if a.unit.level == Level.DISTRICT]
    provincial = [a for a in committees if a.unit.level == Level.PROVINCE]
    departments = [a for a in agencies if a.kind == AgencyKind.DEPARTMENT and a.unit.level == Level.PROVINCE]
    office = next((a for a in agencies if a.kind == AgencyKind.RECEPTION_OFFICE), provincial[0])
    party = [a for a in agencies if a.kind == AgencyKind.PARTY_COMMITTEE]

    def workday(year: int) -> dt.date:
        last = min(dt.date(year, 12, 31), as_of)
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange((last - dt.date(year, 1, 1)).days + 1))
        day = calendar.next_working_day_on_or_after(day)
        return day if day <= last else last  # the last days of the span are a weekend or a holiday

    def dates(count: int) -> list[dt.date]:
        """`count` session days spread over the years by their shares, in a random order."""
        weights = [shares[year] for year in years]
        return [workday(year) for year in rng.choices(years, weights, k=count)]

    # Who received: commune chairs are the many; a few communes keep close to their weekly duty.
    diligent = set(rng.sample(range(len(communes)), k=min(6, len(communes))))
    plan: list[tuple[Agency, str, str]] = []
    for index, agency in enumerate(communes):
        per_year = 40 if index in diligent else rng.randint(3, 7)
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * per_year * len(years)
    for agency in districts:
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * rng.randint(14, 22) * len(years)
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.AUTHORISED)] * 4 * len(years)
    for agency in provincial:
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * 11 * len(years)
        plan += [(agency, SessionKind.ADHOC, ReceivedBy.HEAD)] * 2 * len(years)
    for agency in departments:
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * rng.randint(6, 12) * len(years)
    rng.shuffle(plan)
    plan = plan[:admin_sessions]
    plan += [(office, SessionKind.REGULAR, ReceivedBy.STAFF)] * (admin_sessions - len(plan))
    plan += [(rng.choice(party), SessionKind.DIALOGUE, ReceivedBy.HEAD) for _ in range(dialogues if party else 0)]

    after_map = current_map and map_end is not None and as_of > map_end
    successor_agencies = _successor_agencies(province, agencies) if after_map else {}

    sessions = []
    for (agency, kind, received_by), date in zip(plan, dates(len(plan)), strict=True):
        if successor_agencies and date > map_end:  # held on the 2025 map by the agency that took over
            agency = rng.choice(successor_agencies[agency.pk])
        if received_by != ReceivedBy.HEAD:
            receiver = "Cán bộ tiếp công dân"
        else:  # a head receives in person: his name, or his office where the demo gives the agency no head
            receiver = agency.head.full_name if agency.head else f"Thủ trưởng {agency.name}"
        sessions.append(
            ReceptionSession(
                unit=agency.unit,
                agency=agency,
                date=date,
                start_time=dt.time(7, 30),
                end_time=dt.time(11, 0),
                kind=kind,
                received_by=received_by,
                receiver_name=receiver,
                adhoc_reason="urgent_complex" if kind == SessionKind.ADHOC else "",
            )
        )
    ReceptionSession.objects.bulk_create(sessions, batch_size=1000)
    admin_pool, dialogue_pool = sessions[:admin_sessions], sessions[admin_sessions:]

    visits: list[ReceptionVisit] = []
    citizens: list[list[VisitCitizen]] = []

    def guide(session: ReceptionSession) -> Agency:
        department = rng.choice(departments)
        if successor_agencies and session.date > map_end:
            return successor_agencies[department.pk][0]
        return department

    def add_visits(pool: list[ReceptionSession], total_citizens: int) -> None:
        doubles = set(rng.sample(range(len(pool)), k=max(0, min(total_citizens - len(pool), len(pool)))))
        for position, session in enumerate(pool):
            for _ in range(2 if position in doubles else 1):
                kind, field, content = rng.choice(MATTERS)
                group = 1 if rng.random() > 0.01 else rng.randint(5, 15)
                action = rng.choice(ACTIONS)
                visits.append(
                    ReceptionVisit(
                        session=session,
                        people_count=group,
                        is_delegation=group >= 5,
                        representatives=min(2, group) if group >= 5 else 0,
                        first_visit=rng.random() > 0.15,
                        kind=kind,
                        field=field,
                        content=content,
                        action=action,
                        guided_to=guide(session) if action == VisitAction.GUIDED and departments else None,
                    )
                )
                person = _name(rng)
                citizens.append([VisitCitizen(full_name=person, is_representative=group >= 5)])

    add_visits(admin_pool, admin_citizens)
    add_visits(dialogue_pool, dialogue_citizens)
    ReceptionVisit.objects.bulk_create(visits, batch_size=1000)
    rows = []
    for visit, people in zip(visits, citizens, strict=True):
        for citizen in people:
            citizen.visit = visit
            rows.append(index_identity(citizen, confidential=is_confidential(visit.kind)))
    VisitCitizen.objects.bulk_create(rows, batch_size=2000)

    # The published schedule for the coming weeks, for the public page (on the map of those weeks).
    today = schedule_from
    scheduled = provincial + districts[:3] + communes[:5]
    if successor_agencies and today > map_end:
        scheduled = list(dict.fromkeys(successor_agencies[a.pk][0] for a in provincial + communes))[:9]
    for agency in scheduled:
        for week in range(4):
            day = calendar.next_working_day_on_or_after(today + dt.timedelta(days=7 * week + 1))
            ReceptionSchedule.objects.get_or_create(
                agency=agency,
                date=day,
                start_time=dt.time(7, 30),
                defaults={
                    "end_time": dt.time(11, 0),
                    "place": f"Trụ sở {agency.name}",
                    "receiver_name": f"Chủ tịch {agency.name.replace('Ủy ban nhân dân', 'UBND')}",
                },
            )
    return len(sessions)
