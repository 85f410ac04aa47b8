"""Citizen reception of the whole country: sessions and their visits, as reception.demo draws them, on both maps.

Each working day has its share of the visits (the same seasons and Tết dip as the petitions). Sessions come by
kind of reception, each from an agency of the map in force that day: the heads' periodic sessions at the
People's Committees (communes, the legacy districts, the provinces) and the provincial departments, some
authorised or ad hoc, the provincial citizen reception boards' daily sessions by their staff, the communes' staff
sessions, and the Party's thematic dialogues (not reception, as form 01/TCD counts). Within a kind, busier units
and more diligent heads hold more sessions: every agency has a temperament of its own, so some heads keep their
legal minimum and many do not, as in the demo. Online sessions exist from 1 July 2026 only (Law 136/2025/QH15).

A visit has its citizens (one, a family, or a delegation of five or more with its representatives), a matter (kind,
field, words) and what was done: answered, guided to the competent agency, rarely refused on a lawful ground.
"""

from __future__ import annotations

import datetime as dt
import random

from bench.national.context import Context
from bench.national.days import Picker, picker
from bench.national.places import COMMUNE, CURRENT, DISTRICT, LEGACY, PROVINCE, Unit
from petitions.demo.words import DEPARTMENT_FOR_FIELD, SUMMARIES, VILLAGES
from reception.demo import MATTERS

FULL_VISITS = 2_000_000
ONLINE_FROM = dt.date(2026, 7, 1)  # reception.choices.ONLINE_RECEPTION_FROM
# (kind of session, agency short name, level, session kind, received by, visits drawn by) and its share.
SESSION_KINDS = {
    LEGACY: [
        ("commune_head", 40), ("commune_staff", 8), ("district_head", 12), ("district_authorised", 3),
        ("province_head", 0.8), ("province_adhoc", 0.15), ("department_head", 2.5), ("office_staff", 30),
        ("dialogue", 2),
    ],
    CURRENT: [
        ("commune_head", 52), ("commune_staff", 13), ("province_head", 0.8), ("province_adhoc", 0.15),
        ("department_head", 2.5), ("office_staff", 30), ("dialogue", 2),
    ],
}  # fmt: skip
KIND_OF = {  # agency short name, its levels, session kind, received by
    "commune_head": ("UBND", (COMMUNE,), "periodic", "head"),
    "commune_staff": ("UBND", (COMMUNE,), "regular", "staff"),
    "district_head": ("UBND", (DISTRICT,), "periodic", "head"),
    "district_authorised": ("UBND", (DISTRICT,), "periodic", "authorised"),
    "province_head": ("UBND", (PROVINCE,), "periodic", "head"),
    "province_adhoc": ("UBND", (PROVINCE,), "adhoc", "head"),
    "department_head": ("SNV STNMT STP SLĐTBXH", (PROVINCE,), "periodic", "head"),
    "office_staff": ("BTCD", (PROVINCE,), "regular", "staff"),
    "dialogue": ("BDV", (PROVINCE, DISTRICT), "dialogue", "head"),
}
# Visits in a session of each kind: (weights of 0, 1, 2, … visits).
VISITS_PER_SESSION = {
    "head": [12, 40, 25, 12, 6, 3, 2],
    "authorised": [10, 45, 25, 12, 8],
    "staff": [0, 25, 22, 17, 12, 9, 6, 4, 3, 2],
    "dialogue": [0, 35, 35, 20, 10],
}
VISIT_KINDS = [("complaint", 35), ("recommendation", 30), ("reflection", 25), ("denunciation", 10)]
ACTIONS = [("answered", 62), ("guided", 37), ("refused", 1)]
REFUSAL_GROUNDS = [("disruptive", 45), ("settled_repeat", 40), ("incapacitated", 10), ("other_law", 5)]
GROUP_SIZES = [(1, 85), (2, 6), (3, 4), (4, 1.5), ("delegation", 3.5)]

SESSION_COLUMNS = ("id", "unit_id", "agency_id", "date", "start_time", "end_time", "place", "kind", "received_by",
                   "receiver_id", "receiver_name", "adhoc_reason", "participants", "notes", "version",
                   "created_by_id", "created_at", "updated_at")  # fmt: skip
VISIT_COLUMNS = ("id", "session_id", "people_count", "is_delegation", "representatives", "first_visit", "kind",
                 "field", "content", "action", "guided_to_id", "refusal_ground", "refusal_notice_no",
                 "refusal_notice_on", "petition_id", "notes")  # fmt: skip
CITIZEN_COLUMNS = ("id", "visit_id", "full_name", "id_number", "address", "phone", "is_representative",
                   "search_name", "ethnicity", "nationality", "name_digest", "id_digest")  # fmt: skip
TABLES = ("reception_receptionsession", "reception_receptionvisit", "reception_visitcitizen")
MORNING = (dt.time(7, 30), dt.time(11, 0))
AFTERNOON = (dt.time(13, 30), dt.time(16, 30))


class ReceptionGenerator:
    """Draws every session and visit of the country up to the as-of day into the loader's buffers."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.days = ctx.days
        self.rng = random.Random(f"{ctx.seed}-reception")
        self.random = self.rng.random
        temperament = random.Random(f"{ctx.seed}-heads")  # each agency's own, whatever the scale
        self.session_kinds = {g: picker(weights) for g, weights in SESSION_KINDS.items()}
        self.agencies: dict[tuple[str, str], Picker] = {}
        for generation in (LEGACY, CURRENT):
            units = [u for u in ctx.country.units.values() if u.generation == generation]
            for kind, (shorts, levels, _session, _by) in KIND_OF.items():
                pairs = [
                    (unit, unit.agencies[short])
                    for unit in units
                    if unit.level in levels
                    for short in shorts.split()
                    if short in unit.agencies
                ]
                if pairs:
                    weights = [unit.weight * temperament.lognormvariate(0, 0.9) for unit, _agency in pairs]
                    self.agencies[(generation, kind)] = Picker(pairs, weights)
        self.visit_counts = {by: picker(list(enumerate(weights))) for by, weights in VISITS_PER_SESSION.items()}
        self.visit_kinds = picker(VISIT_KINDS)
        self.actions = picker(ACTIONS)
        self.grounds = picker(REFUSAL_GROUNDS)
        self.group_sizes = picker(GROUP_SIZES)
        self.matters = self._matters()
        self.homes: dict[int, list[Unit]] = {}  # a unit's communes, where its visitors live
        self.ids = {table: ctx.ids[table] for table in TABLES}
        self.out_sessions = ctx.loader.table("reception_receptionsession", SESSION_COLUMNS)
        self.out_visits = ctx.loader.table("reception_receptionvisit", VISIT_COLUMNS)
        self.out_citizens = ctx.loader.table("reception_visitcitizen", CITIZEN_COLUMNS)
        self.villages = [f"Thôn {v}" for v in VILLAGES]

    def _matters(self) -> dict[str, list[tuple[str, str]]]:
        """What citizens come about, by kind: the demo's reception matters and the petitions' summaries."""
        rng = random.Random(f"{self.ctx.seed}-reception-matters")
        matters: dict[str, list[tuple[str, str]]] = {}
        for kind, field_, text in MATTERS:
            matters.setdefault(kind, []).append((field_, text))
        for (kind, field_), texts in SUMMARIES.items():
            for template in texts:
                text = template.format(
                    village=rng.choice(VILLAGES), project="dự án trên địa bàn", river="sông", year=2024, n=12
                )
                matters.setdefault(kind, []).append((field_, text.replace(" năm 2024", "")))
        return matters

    def run(self) -> int:
        """Sessions, day after day, until each day has its share of the visits; returns the visits made."""
        made, target = 0, 0
        tick = self.ctx.loader.tick
        for index, (day, count) in enumerate(self.days.allocate(self.ctx.scaled(FULL_VISITS))):
            target += count
            while made < target:
                made += self.session(day)
                tick()
            if index % 500 == 0:
                self.ctx.progress(f"    reception: {self.days.iso(day)}, {made:,} visits so far")
        self.ctx.ids.update(self.ids)
        return made

    def session(self, day: int) -> int:
        rng, r = self.rng, self.random
        generation = LEGACY if day < self.days.map_change else CURRENT
        kind_key = self.session_kinds[generation](rng)
        unit, agency = self.agencies[(generation, kind_key)](rng)
        _shorts, _levels, kind, received_by = KIND_OF[kind_key]
        date = self.days.date(day)
        place = "reception_office" if kind_key == "office_staff" else "headquarters"
        if date >= ONLINE_FROM and kind != "dialogue" and r() < 0.05:
            place = "online"
        if received_by == "head":
            receiver = self.ctx.heads.get(agency) or f"Thủ trưởng {self.ctx.agency_names.get(agency, unit.name)}"
        else:
            receiver = "Cán bộ tiếp công dân"
        start, end = MORNING if r() < 0.8 else AFTERNOON
        pk = self.ids["reception_receptionsession"]
        self.ids["reception_receptionsession"] = pk + 1
        stamp = self.days.mornings[day - self.days.first]
        self.out_sessions.append(
            (pk, unit.id, agency, date, start, end, place, kind, received_by, None, receiver,
             "urgent_complex" if kind == "adhoc" else "", "", "", 1, None, stamp, stamp)
        )  # fmt: skip
        counts = self.visit_counts["dialogue" if kind == "dialogue" else received_by]
        visits = counts(rng)
        for _ in range(visits):
            self.visit(pk, unit, day)
        return visits

    def visit(self, session: int, unit: Unit, day: int) -> None:
        rng, r = self.rng, self.random
        kind = self.visit_kinds(rng)
        matters = self.matters[kind]
        field_, content = matters[int(r() * len(matters))]
        size = self.group_sizes(rng)
        delegation = size == "delegation"
        people = 5 + int(r() * 26) if delegation else size
        representatives = 1 + int(r() * 5) if delegation else 0
        action = self.actions(rng)
        guided_to = ground = notice_no = notice_on = None
        if action == "guided":
            guided_to = self._competent(unit, field_)
            if guided_to is None:
                action = "answered"
        elif action == "refused":
            ground = self.grounds(rng)
            if ground == "settled_repeat":  # refused only by the head's written notice (Law 42/2013 art. 9)
                notice_no = f"{1 + int(r() * 300)}/TB-UBND"
                notice_on = self.days.date(day)
        pk = self.ids["reception_receptionvisit"]
        self.ids["reception_receptionvisit"] = pk + 1
        self.out_visits.append(
            (pk, session, people, delegation, representatives, r() >= 0.15, kind, field_, content, action,
             guided_to, ground or "", notice_no or "", notice_on, None, "")
        )  # fmt: skip
        if unit.level == COMMUNE:
            home = unit
        else:
            communes = self.homes.get(unit.id)
            if communes is None:
                communes = self.homes[unit.id] = unit.communes() or [unit]
            home = communes[int(r() * len(communes))]
        address = self.villages[int(r() * len(self.villages))] + home.address
        pool = self.ctx.people
        listed = representatives if delegation else people
        citizen = self.ids["reception_visitcitizen"]
        sealed_address = pool.token(address)
        for index in range(listed):
            name, folded, ethnicity = pool.person(rng, home.minority_share)
            search, digest = pool.look_ups(name, folded, kind)
            self.out_citizens.append(
                (citizen + index, pk, pool.token(name), "", sealed_address, "",
                 delegation or (people > 1 and index == 0), search, ethnicity, "Việt Nam", digest, "")
            )  # fmt: skip
        self.ids["reception_visitcitizen"] = citizen + listed

    def _competent(self, unit: Unit, field_: str) -> int | None:
        """Where a citizen is guided: the province's department of the field, else the People's Committee above."""
        province = unit.province
        department = province.agencies.get(DEPARTMENT_FOR_FIELD.get(field_, ""))
        if department is not None and department != unit.committee:
            return department
        return unit.parent.committee if unit.parent is not None else province.agencies.get("TTr")
