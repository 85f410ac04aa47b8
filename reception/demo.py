"""Demo reception register for the demo province (Bắc Kạn, 2022–2024), sized like its reports:
3,493 meetings with 3,630 citizens by administrative agencies, and about 200 dialogues by Party
leaders with 250+ citizens (seeds/ 003). Some heads stay below their legal minimum.

Written with bulk inserts (demo data is not an official's action, so no audit rows per session);
deterministic for a seed and idempotent: a province that already has sessions is left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from petitions.choices import Field, Kind
from portal.choices import AgencyKind, Generation, Level
from portal.models import AdministrativeUnit, Agency
from portal.text import fold
from portal.workcalendar import WorkCalendar
from reception.choices import ReceivedBy, SessionKind, VisitAction
from reception.models import ReceptionSchedule, ReceptionSession, ReceptionVisit, VisitCitizen

YEARS = (2022, 2023, 2024)
ADMIN_SESSIONS, ADMIN_CITIZENS = 3493, 3630
DIALOGUES, DIALOGUE_CITIZENS = 198, 254

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


@transaction.atomic
def seed_reception(*, seed: int, province_code: str = "06") -> int:
    """Create the demo register; returns the number of sessions created (0 when already there)."""
    province = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=province_code)
    if ReceptionSession.objects.filter(unit__path__startswith=province.path).exists():
        return 0
    rng = random.Random(seed)
    calendar = WorkCalendar()
    agencies = list(Agency.objects.filter(unit__path__startswith=province.path).select_related("unit", "head"))
    committees = [a for a in agencies if a.kind == AgencyKind.PEOPLES_COMMITTEE]
    communes = [a for a in committees if a.unit.level == Level.COMMUNE]
    districts = [a for a in committees if a.unit.level == Level.DISTRICT]
    provincial = [a for a in committees if a.unit.level == Level.PROVINCE]
    departments = [a for a in agencies if a.kind == AgencyKind.DEPARTMENT and a.unit.level == Level.PROVINCE]
    office = next((a for a in agencies if a.kind == AgencyKind.RECEPTION_OFFICE), provincial[0])
    party = [a for a in agencies if a.kind == AgencyKind.PARTY_COMMITTEE]

    def workday(year: int) -> dt.date:
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        return calendar.next_working_day_on_or_after(day) if day.year == year else dt.date(year, 12, 31)

    # Who received: commune chairs are the many; a few communes keep close to their weekly duty.
    diligent = set(rng.sample(range(len(communes)), k=min(6, len(communes))))
    plan: list[tuple[Agency, str, str]] = []
    for index, agency in enumerate(communes):
        per_year = 40 if index in diligent else rng.randint(3, 7)
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * per_year * len(YEARS)
    for agency in districts:
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * rng.randint(14, 22) * len(YEARS)
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.AUTHORISED)] * 4 * len(YEARS)
    for agency in provincial:
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * 11 * len(YEARS)
        plan += [(agency, SessionKind.ADHOC, ReceivedBy.HEAD)] * 2 * len(YEARS)
    for agency in departments:
        plan += [(agency, SessionKind.PERIODIC, ReceivedBy.HEAD)] * rng.randint(6, 12) * len(YEARS)
    rng.shuffle(plan)
    plan = plan[:ADMIN_SESSIONS]
    plan += [(office, SessionKind.REGULAR, ReceivedBy.STAFF)] * (ADMIN_SESSIONS - len(plan))
    plan += [(rng.choice(party), SessionKind.DIALOGUE, ReceivedBy.HEAD) for _ in range(DIALOGUES)]

    sessions = []
    for agency, kind, received_by in plan:
        date = workday(rng.choice(YEARS))
        receiver = agency.head.full_name if agency.head and received_by == ReceivedBy.HEAD else "Cán bộ tiếp công dân"
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
    admin_sessions, dialogue_sessions = sessions[:ADMIN_SESSIONS], sessions[ADMIN_SESSIONS:]

    visits: list[ReceptionVisit] = []
    citizens: list[list[VisitCitizen]] = []

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
                        guided_to=rng.choice(departments) if action == VisitAction.GUIDED and departments else None,
                    )
                )
                person = _name(rng)
                citizens.append(
                    [VisitCitizen(full_name=person, search_name=fold(person), is_representative=group >= 5)]
                )

    add_visits(admin_sessions, ADMIN_CITIZENS)
    add_visits(dialogue_sessions, DIALOGUE_CITIZENS)
    ReceptionVisit.objects.bulk_create(visits, batch_size=1000)
    rows = []
    for visit, people in zip(visits, citizens, strict=True):
        for citizen in people:
            citizen.visit = visit
            rows.append(citizen)
    VisitCitizen.objects.bulk_create(rows, batch_size=2000)

    # The published schedule for the coming weeks, for the public page.
    today = timezone.localdate()
    for agency in provincial + districts[:3] + communes[:5]:
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
