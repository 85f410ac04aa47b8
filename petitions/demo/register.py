"""The demo register, matter by matter: who writes, where, and how far each petition got by its as-of day."""

from __future__ import annotations

import datetime as dt

from petitions.choices import Channel, Complexity, Field, Kind, Outcome
from petitions.demo.province import _Place, _Province
from petitions.demo.words import (
    ANONYMOUS_REASON,
    DEPARTMENT_FOR_FIELD,
    DUPLICATE_REASON,
    FIELD_WEIGHTS,
    SUMMARIES,
    UNQUALIFIED_REASONS,
)
from portal.choices import Level

FIRST_YEAR = 2022
DEMO_VOLUMES = {2022: 2380, 2023: 2310, 2024: 2231}  # Bắc Kạn's reports: 6,921 petitions in 2022-2024
LATER_YEARS_VOLUME = 2300  # the years after, at the same pace
REPORTED_AS_OF = dt.date(2024, 12, 31)  # the day the reported figures stop (tests that check them use it)
RECENT_DAYS = 365  # cases accepted this close to the as-of day may still be stuck, as real ones are
STUCK_RECENT, STUCK_OLD = 0.035, 0.003  # an old case still open is a deliberate example of a forgotten one


def demo_volumes(as_of: dt.date) -> dict[int, int]:
    """Petitions a year from 2022 to the as-of day's year; that year only up to the as-of day."""
    volumes = {year: DEMO_VOLUMES.get(year, LATER_YEARS_VOLUME) for year in range(FIRST_YEAR, as_of.year + 1)}
    year_days = (dt.date(as_of.year, 12, 31) - dt.date(as_of.year, 1, 1)).days + 1
    elapsed = (as_of - dt.date(as_of.year, 1, 1)).days + 1
    volumes[as_of.year] = round(volumes[as_of.year] * elapsed / year_days)
    return {year: n for year, n in volumes.items() if n > 0}


class _Generator(_Province):
    """Draws the register rows: each matter is a first petition, perhaps a duplicate, perhaps a second round.

    Nothing is dated after `as_of`: what would have happened later (an acceptance, a settlement) is
    left undone, so the recent cases are the open ones.

    A legacy province's records stop with its map (30 Jun 2025), unless `current_map`: then what is
    received later goes to the 2025 units that took over (`on_map`), and the cases received before
    are settled on their legacy records as the days go on. Up to the map's last day both are the same.
    """

    def __init__(self, seed: int, province_code: str, as_of: dt.date, current_map: bool = False):
        super().__init__(seed, province_code)
        self.map_end = self.province.valid_to
        self.as_of = min(as_of, self.map_end) if self.map_end and not current_map else as_of
        if self.map_end and self.as_of > self.map_end:
            self.load_successors()

    def on_map(self, place: _Place, day: dt.date) -> _Place:
        """Where a petition received on `day` goes: the place itself, or after its map ended its successor."""
        if self.map_end and day > self.map_end and place.unit.pk in self.successor_of:
            return self.successor_of[place.unit.pk]
        return place

    def settlement_days(self, kind: str, round_: int, complexity: str, remote: bool, extensions: int) -> int:
        """The legal limit for settlement (DOMAIN section 0), to place on-time and late settlements around."""
        is_complex = complexity != Complexity.NORMAL
        if kind == Kind.COMPLAINT:
            table = {1: (30, 45, 45, 60), 2: (45, 60, 60, 70)}[round_]
            return table[2 * remote + is_complex]
        if kind == Kind.DENUNCIATION:
            return 30 + 30 * extensions
        return 30

    # --- rows
    def rows(self, volumes: dict[int, int]) -> list[dict]:
        rows: list[dict] = []
        for year, target in sorted(volumes.items()):
            made = 0
            while made < target:
                matter = self.matter(year)
                rows.extend(matter)
                made += len(matter)
        return rows

    def matter(self, year: int) -> list[dict]:
        rng = self.rng
        self.matters += 1
        case_key = f"DEMO-{self.province.code}-{year}-{self.matters:05d}"
        places = self.pick([(self.communes, 62), (self.districts, 26), ([self.province_place], 12)])
        place = rng.choice(places)
        kind = self.pick(
            [(Kind.RECOMMENDATION, 34), (Kind.REFLECTION, 30), (Kind.COMPLAINT, 27), (Kind.DENUNCIATION, 9)]
        )
        field = self.pick(FIELD_WEIGHTS.get(kind, FIELD_WEIGHTS["other"]))
        if (kind, field) not in SUMMARIES:
            field = Field.OTHER
        days = min(360, (self.as_of - dt.date(year, 1, 2)).days + 1) if year == self.as_of.year else 360
        received_on = min(
            self.weekday(dt.date(year, 1, 2) + dt.timedelta(days=rng.randrange(0, max(1, days)))), self.as_of
        )
        if self.on_map(place, received_on) is not place:
            if place.unit.level == Level.DISTRICT:  # districts are gone: their work went to the communes
                place = self.place_of[rng.choice(place.communes).pk]
            place = self.on_map(place, received_on)
        group = kind != Kind.DENUNCIATION and rng.random() < 0.08
        names = [self.person() for _ in range(rng.randint(3, 6) if group else 1)]
        anonymous = kind == Kind.DENUNCIATION and rng.random() < 0.08
        first = {
            "register_number": self.register_number(place.unit, received_on.year),
            "case_key": case_key,
            "kind": kind,
            "round": "1",
            "unit_generation": place.unit.generation,
            "unit_level": place.unit.level,
            "unit_code": place.unit.code,
            "received_on": received_on.isoformat(),
            "channel": self.pick(
                [(Channel.RECEPTION, 30), (Channel.MAIL, 45), (Channel.ONLINE, 10), (Channel.TRANSFER, 15)]
            ),
            "petitioner_name": "" if anonymous else "; ".join(names),
            "petitioner_address": "" if anonymous else self.address(place),
            "content": self.content(kind, field, year, len(names)),
            "field": field,
        }
        rows = [first]
        if anonymous:
            first |= {"qualified": "no", "unqualified_reason": ANONYMOUS_REASON, "outcome": Outcome.STORED}
            return rows
        if rng.random() < 0.06:
            reason = rng.choice(UNQUALIFIED_REASONS)
            first |= {"qualified": "no", "unqualified_reason": reason, "outcome": Outcome.STORED}
            return rows
        within = rng.random() < {Level.COMMUNE: 0.55, Level.DISTRICT: 0.65}.get(place.unit.level, 0.7)
        if not within:
            self.not_within(first, place, field)
            return rows

        self.accept_and_settle(first, place, kind, 1, received_on)
        if rng.random() < 0.07:  # the same petitioners write again: a duplicate joins the case
            rows.append(self.duplicate(first, place, received_on))
        second = self.second_round(first, place)
        if second is not None:
            rows.append(second)
        return rows

    def not_within(self, row: dict, place: _Place, field: str) -> None:
        outcome = self.pick([(Outcome.GUIDED, 40), (Outcome.TRANSFERRED, 45), (Outcome.URGED, 15)])
        target = ""
        if outcome == Outcome.TRANSFERRED:
            if place.parent is not None:
                target = self.committees.get(place.parent.pk, "")
            else:
                target = self.departments_of[place.unit.pk].get(DEPARTMENT_FOR_FIELD.get(field, "TTr"), "")
            if not target:
                outcome = Outcome.GUIDED
        row |= {"qualified": "yes", "within_authority": "no", "outcome": outcome, "transferred_to": target}

    def accept_and_settle(self, row: dict, place: _Place, kind: str, round_: int, received_on: dt.date) -> None:
        rng = self.rng
        accepted_on = self.weekday(received_on + dt.timedelta(days=rng.randint(2, 7)))
        if accepted_on > self.as_of:
            row |= {"qualified": "yes", "within_authority": "yes"}  # classified, acceptance pending
            return
        complexity, extensions = Complexity.NORMAL, 0
        if kind == Kind.COMPLAINT and rng.random() < 0.15:
            complexity = Complexity.COMPLEX
        if kind == Kind.DENUNCIATION:
            complexity = self.pick([(Complexity.NORMAL, 74), (Complexity.COMPLEX, 20), (Complexity.VERY_COMPLEX, 6)])
            if complexity == Complexity.COMPLEX and rng.random() < 0.7:
                extensions = 1
            elif complexity == Complexity.VERY_COMPLEX:
                extensions = 2 if rng.random() < 0.7 else 1
        limit = self.settlement_days(kind, round_, complexity, place.unit.remote_area, extensions)
        row |= {
            "qualified": "yes",
            "within_authority": "yes",
            "outcome": Outcome.ACCEPTED,
            "accepted_on": accepted_on.isoformat(),
            "complexity": complexity,
            "extensions": str(extensions),
        }
        draw = rng.random()
        open_share = STUCK_RECENT if (self.as_of - accepted_on).days < RECENT_DAYS else STUCK_OLD
        if draw < open_share:
            return  # still open on the as-of day, and past its deadline if accepted early enough
        withdrawn = kind == Kind.COMPLAINT and rng.random() < 0.07
        if withdrawn:
            settled_on = accepted_on + dt.timedelta(days=rng.randint(5, limit))
        elif draw < open_share + 0.09:
            settled_on = accepted_on + dt.timedelta(days=limit + rng.randint(3, 45))  # late
        else:
            settled_on = accepted_on + dt.timedelta(days=rng.randint(int(limit * 0.35), limit - 2))
        settled_on = self.weekday(settled_on)
        if settled_on > self.as_of:
            return
        row |= {"settled_on": settled_on.isoformat(), "settlement": "withdrawn" if withdrawn else "decision"}
        if kind == Kind.COMPLAINT and not withdrawn:
            row["result"] = self.pick([("right", 15), ("partly_right", 25), ("wrong", 60)])

    def duplicate(self, first: dict, place: _Place, received_on: dt.date) -> dict:
        """The same petitioners write again: stored at the same level, urged from the level above."""
        later = min(self.weekday(received_on + dt.timedelta(days=self.rng.randint(5, 60))), self.as_of)
        place = self.on_map(place, later)
        upper = place.parent is not None and self.rng.random() < 0.4
        unit = self.place_of[place.parent.pk].unit if upper else place.unit
        row = {k: first[k] for k in ("case_key", "kind", "round", "channel", "field")}
        row |= {
            "register_number": self.register_number(unit, later.year),
            "unit_generation": unit.generation,
            "unit_level": unit.level,
            "unit_code": unit.code,
            "received_on": later.isoformat(),
            "petitioner_name": first["petitioner_name"],
            "petitioner_address": first["petitioner_address"],
            "content": first["content"],
        }
        if upper:
            row |= {"qualified": "yes", "within_authority": "no", "outcome": Outcome.URGED}
        else:
            row |= {"qualified": "no", "unqualified_reason": DUPLICATE_REASON, "outcome": Outcome.STORED}
        return row

    def second_round(self, first: dict, place: _Place) -> dict | None:
        """A complainant who disagrees with the first decision complains to the level above."""
        if first["kind"] != Kind.COMPLAINT or first.get("result") not in ("wrong", "partly_right"):
            return None
        if place.parent is None or self.rng.random() > 0.12:
            return None
        received_on = self.weekday(
            dt.date.fromisoformat(first["settled_on"]) + dt.timedelta(days=self.rng.randint(10, 30))
        )
        if received_on > self.as_of:
            return None
        upper = self.on_map(self.place_of[place.parent.pk], received_on)
        row = {k: first[k] for k in ("case_key", "kind", "channel", "field", "petitioner_name")}
        row |= {
            "register_number": self.register_number(upper.unit, received_on.year),
            "round": "2",
            "unit_generation": upper.unit.generation,
            "unit_level": upper.unit.level,
            "unit_code": upper.unit.code,
            "received_on": received_on.isoformat(),
            "petitioner_address": first["petitioner_address"],
            "content": "Khiếu nại lần hai: " + first["content"][0].lower() + first["content"][1:],
        }
        self.accept_and_settle(row, upper, Kind.COMPLAINT, 2, received_on)
        return row
