"""Petitions and cases of the whole country, matter by matter, as the demo register draws them (petitions.demo),
on both maps.

A matter is a first petition received on a working day, at a commune (most), a district (legacy map) or a
province, weighted by the province and the commune; its kind, field and channel in the demo's proportions. What
became of it by the as-of day follows the demo too: stored (anonymous or unqualified), guided, transferred or
urged when outside the unit's authority, else accepted and, mostly, settled on time, some late, a few withdrawn;
a long tail of old cases never settled (the forgotten ones a leader must see). Some petitioners write again (a
duplicate stored at the same level or urged from the level above, joining the case) and some complainants who
lost complain a second time to the level above (a new petition of round 2 and a new case there, linked by
`parent`, as `petition_reopen_second_round` does). Every date lies on or before the as-of day: what would have
happened later is left undone, so the recent cases are the open ones. From 1 July 2025 everything is received on
the 2025 map; a legacy case settles on its legacy records, its duplicates and second rounds go to the successors.

Each row carries what the services would have stored: the status and its dates, the deadlines of the app's own
engine with their JSON, the current deadline and `overdue_since` as the nightly sweep marks it, the folded search
text, the version, and the case's copy of its lead petition's facts (`case_sync`).

This is the hot loop of the dataset (five million rows at full scale): draws are `random()` arithmetic, texts
and people come from pools drawn once, and rows are joined strings.
"""

from __future__ import annotations

import random

from bench.national.context import Context
from bench.national.days import picker
from bench.national.places import COMMUNE, CURRENT, DISTRICT, LEGACY, PROVINCE, Unit
from petitions.demo.words import (
    ANONYMOUS_REASON,
    DEPARTMENT_FOR_FIELD,
    DETAILS,
    DUPLICATE_REASON,
    FIELD_WEIGHTS,
    PROJECTS,
    RIVERS,
    SUMMARIES,
    UNQUALIFIED_REASONS,
    VILLAGES,
)
from petitions.lookup import ALPHABET
from portal.text import fold

FULL_PETITIONS = 5_000_000
KINDS = [("recommendation", 34), ("reflection", 30), ("complaint", 27), ("denunciation", 9)]
CHANNELS = [("reception", 30), ("mail", 45), ("online", 10), ("transfer", 15)]
LEVELS = {LEGACY: [(COMMUNE, 62), (DISTRICT, 26), (PROVINCE, 12)], CURRENT: [(COMMUNE, 80), (PROVINCE, 20)]}
WITHIN = {COMMUNE: 0.55, DISTRICT: 0.65, PROVINCE: 0.7}  # within the receiving unit's authority
OUTSIDE = [("guided", 40), ("transferred", 45), ("urged", 15)]
DUPLICATE_OF_ACCEPTED, DUPLICATE_OF_PROCESSED = 0.17, 0.06  # about 10% of all petitions join an existing case
SECOND_ROUND = 0.12
RESULTS = [("right", 15), ("partly_right", 25), ("wrong", 60)]
GROUP_SHARE, ANONYMOUS_SHARE, UNQUALIFIED_SHARE = 0.08, 0.08, 0.06
TEXT_POOL = 3000  # texts drawn once per (kind, field); their numbers, villages and projects vary
WORDS = {"village": VILLAGES, "project": PROJECTS, "river": RIVERS}
EXTENSION_REASON = "Vụ việc có nhiều tình tiết phức tạp, cần thêm thời gian xác minh."
OPEN = frozenset(("received", "classified", "accepted"))


def still_open_share(age_days: int) -> float:
    """The share of cases accepted `age_days` before the as-of day that are still not settled: the recent ones,
    and a long tail of forgotten ones."""
    if age_days < 365:
        return 0.035
    if age_days < 730:
        return 0.012
    if age_days < 1826:
        return 0.004
    return 0.0015


PETITION_COLUMNS = (
    "id", "register_number", "lookup_code", "case_id", "parent_id", "unit_id", "receiving_agency_id",
    "handling_agency_id", "kind", "round", "channel", "received_on", "summary", "content", "search_text", "field",
    "subfield", "is_anonymous", "has_specific_evidence", "qualified", "unqualified_reason", "within_authority",
    "outcome", "transferred_to_id", "transfer_reply_on", "transfer_reply_note", "complexity", "remote_area", "status",
    "status_before_pause", "classified_on", "processed_on", "notice_sent_on", "accepted_on", "settled_on",
    "settlement_form", "settlement_decision_no", "result", "recovered_money", "recovered_land_m2", "returned_money",
    "returned_land_m2", "people_disciplined", "published_on", "closed_on", "deadlines", "notice_due",
    "acceptance_due", "settlement_due", "deadline", "overdue_since", "version", "created_by_id", "created_at",
    "updated_at", "province_id", "district_id",
)  # fmt: skip
CASE_COLUMNS = ("id", "code", "unit_id", "kind", "title", "lead_petition_id", "status", "within_authority",
                "accepted_on", "settlement_due", "settled_on", "created_at", "province_id", "district_id",
                "lead_unit_id", "lead_province_id", "lead_district_id")  # fmt: skip
PETITIONER_COLUMNS = ("id", "petition_id", "full_name", "address", "id_number", "phone", "is_representative",
                      "search_name", "ethnicity", "nationality", "name_digest", "id_digest")  # fmt: skip
EXTENSION_COLUMNS = ("id", "petition_id", "days", "decision_no", "decided_on", "reason")
TABLES = ("petitions_case", "petitions_petition", "petitions_petitioner", "petitions_extension")


class _Petition:
    """One petition while it is drawn (then written as a COPY line)."""

    __slots__ = (
        "id", "case_id", "parent_id", "unit", "kind", "round", "channel", "received", "content", "folded", "field",
        "anonymous", "qualified", "reason", "within", "outcome", "transferred_to", "complexity", "extensions",
        "status", "classified", "processed", "accepted", "settled", "settlement_form", "decision_no", "result",
        "settlement", "people",
    )  # fmt: skip

    def __init__(self, unit: Unit, kind: str, received: int) -> None:
        self.unit, self.kind, self.received = unit, kind, received
        self.parent_id = None
        self.round = 1
        self.anonymous = False
        self.qualified = self.within = None
        self.reason = self.outcome = self.settlement_form = self.decision_no = self.result = ""
        self.transferred_to = None
        self.complexity = "normal"
        self.extensions = 0
        self.status = "received"
        self.classified = self.processed = self.accepted = self.settled = None
        self.settlement = None
        self.people = ()


class PetitionGenerator:
    """Draws every matter of the country up to the as-of day into the loader's buffers."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.days = ctx.days
        self.book = ctx.book
        self.rng = random.Random(f"{ctx.seed}-petitions")
        self.random = self.rng.random
        country = ctx.country
        self.provinces = {g: country.province_picker(g) for g in (LEGACY, CURRENT)}
        self.communes = {g: country.commune_pickers(g) for g in (LEGACY, CURRENT)}
        self.districts = country.district_pickers()
        self.levels = {g: picker(weights) for g, weights in LEVELS.items()}
        self.kinds = picker(KINDS)
        self.channels = picker(CHANNELS)
        self.outside_outcomes = picker(OUTSIDE)
        self.results = picker(RESULTS)
        self.fields = {}
        for kind, _weight in KINDS:
            merged: dict[str, float] = {}  # a field with no summary of the kind is written as "other", as the demo
            for field_, weight in FIELD_WEIGHTS.get(kind, FIELD_WEIGHTS["other"]):
                key = str(field_) if (kind, field_) in SUMMARIES else "other"
                merged[key] = merged.get(key, 0) + weight
            self.fields[kind] = picker(list(merged.items()))
        self.texts = {key: self._text_pool(key) for key in SUMMARIES}
        self.details = [(f". {d}", f". {fold(d)}") for d in DETAILS]
        self.group_details = {n: (f". Đơn có {n} người cùng ký tên.", f". don co {n} nguoi cung ky ten.") for n in
                              range(3, 7)}  # fmt: skip
        self.villages = [f"Thôn {v}" for v in VILLAGES]
        self.codes = [a + b for a in ALPHABET for b in ALPHABET]  # two characters of a look-up code
        self.counters = ctx.counters  # numbering goes on from the database's counters; written back at the end
        self.ids = {table: ctx.ids[table] for table in TABLES}
        loader = ctx.loader
        self.out_cases = loader.table("petitions_case", CASE_COLUMNS)
        self.out_petitions = loader.table("petitions_petition", PETITION_COLUMNS)
        self.out_people = loader.table("petitions_petitioner", PETITIONER_COLUMNS)
        self.out_extensions = loader.table("petitions_extension", EXTENSION_COLUMNS)
        self.as_of = self.days.as_of
        self.map_change = self.days.map_change
        self.iso = self.days.iso
        self.dates, self.first_day = self.days.dates, self.days.first
        self.year_text = [str(d.year) for d in self.dates]
        self.years = [d.year for d in self.dates]
        self.mornings, self.afternoons = self.days.mornings, self.days.afternoons
        self.next_working = self.days.working_on_or_after

    def _text_pool(self, key: tuple[str, str]) -> list[tuple[str, str]]:
        """Texts of a kind and field as petitioners write them, and their folded form ("{year}" is left to fill).
        Folding works letter by letter, so the templates and the words are folded apart, once."""
        rng = random.Random(f"{self.ctx.seed}-texts-{key}")
        templates = [(t, fold(t)) for t in SUMMARIES[key]]
        words = {name: [(w, fold(w)) for w in values] for name, values in WORDS.items()}
        pool = []
        for _ in range(TEXT_POOL):
            template, folded = rng.choice(templates)
            chosen = {name: rng.choice(values) for name, values in words.items()}
            n = rng.randint(12, 980)
            pool.append(
                (
                    template.format(n=n, year="{year}", **{name: word for name, (word, _f) in chosen.items()}),
                    folded.format(n=n, year="{year}", **{name: f for name, (_word, f) in chosen.items()}),
                )
            )
        return pool

    # --- the whole register ------------------------------------------------------------------------------------
    def run(self) -> int:
        """Every matter, day after day, until each day has its share of the petitions; returns petitions made."""
        made, target = 0, 0
        tick = self.ctx.loader.tick
        plan = self.days.allocate(self.ctx.scaled(FULL_PETITIONS))
        for index, (day, count) in enumerate(plan):
            target += count
            while made < target:
                made += self.matter(day)
                tick()
            if index % 500 == 0:
                self.ctx.progress(f"    petitions: {self.iso(day)}, {made:,} so far")
        self.ctx.ids.update(self.ids)
        return made

    # --- one matter -----------------------------------------------------------------------------------------------
    def matter(self, day: int) -> int:
        rng, r = self.rng, self.random
        generation = LEGACY if day < self.map_change else CURRENT
        province = self.provinces[generation](rng)
        level = self.levels[generation](rng)
        if level == COMMUNE:
            unit = self.communes[generation][province.id](rng)
        elif level == DISTRICT:
            unit = self.districts[province.id](rng)
        else:
            unit = province
        kind = self.kinds(rng)
        field_ = self.fields[kind](rng)
        first = _Petition(unit, kind, day)
        first.channel = self.channels(rng)
        first.field = field_
        pool = self.texts[(kind, field_)]
        text, folded = pool[int(r() * len(pool))]
        year = self.year_text[day - self.first_day]
        text, folded = text.replace("{year}", year), folded.replace("{year}", year)
        signers = 3 + int(r() * 4) if kind != "denunciation" and r() < GROUP_SHARE else 1
        detail, folded_detail = self.group_details[signers] if signers > 1 else self.details[int(r() * 4)]
        first.content, first.folded = text + detail, folded + folded_detail
        first.anonymous = kind == "denunciation" and r() < ANONYMOUS_SHARE
        if not first.anonymous:
            first.people = self.people(unit, signers)
        case_id = self.ids["petitions_case"]
        self.ids["petitions_case"] = case_id + 1
        first.case_id = case_id
        first.id = self._petition_id()
        duplicate = None
        if first.anonymous:
            self.store(first, ANONYMOUS_REASON)
        elif r() < UNQUALIFIED_SHARE:
            self.store(first, UNQUALIFIED_REASONS[int(r() * len(UNQUALIFIED_REASONS))])
        elif r() >= WITHIN[unit.level]:
            self.outside(first)
            if first.processed is not None and r() < DUPLICATE_OF_PROCESSED:
                duplicate = self.duplicate(first)
        else:
            self.accept_and_settle(first)
            if first.accepted is not None and r() < DUPLICATE_OF_ACCEPTED:
                duplicate = self.duplicate(first)
        self.write(first)
        self.write_case(case_id, first)
        made = 1
        if duplicate is not None:
            self.write(duplicate)
            made += 1
        if first.result in ("wrong", "partly_right") and unit.parent is not None and r() < SECOND_ROUND:
            made += self.second_round(first)
        return made

    def _petition_id(self) -> int:
        pk = self.ids["petitions_petition"]
        self.ids["petitions_petition"] = pk + 1
        return pk

    def people(self, unit: Unit, signers: int) -> tuple:
        """The petitioners: names with their folded form and ethnic group, and the village they live in."""
        rng, r = self.rng, self.random
        if unit.level == COMMUNE:
            home = unit
        elif unit.level == DISTRICT:
            home = unit.children[int(r() * len(unit.children))]
        else:
            home = self.communes[unit.generation][unit.id](rng)
        address = self.villages[int(r() * len(self.villages))] + home.address
        person = self.ctx.people.person
        share = home.minority_share
        return tuple((*person(rng, share), address) for _ in range(signers))

    # --- what became of it ----------------------------------------------------------------------------------------
    def store(self, petition: _Petition, reason: str) -> None:
        """Not qualified for handling (anonymous, unsigned, already settled): stored."""
        petition.qualified, petition.reason, petition.outcome = False, reason, "stored"
        self._process(petition)

    def outside(self, petition: _Petition) -> None:
        """Not within the unit's authority: guided, transferred to the level above, or urged."""
        petition.qualified, petition.within = True, False
        outcome = self.outside_outcomes(self.rng)
        if outcome == "transferred":
            unit = petition.unit
            if unit.parent is not None:
                petition.transferred_to = unit.parent.committee
            else:
                petition.transferred_to = unit.agencies.get(DEPARTMENT_FOR_FIELD.get(petition.field, "TTr"))
            if petition.transferred_to is None:
                outcome = "guided"
        petition.outcome = outcome
        self._process(petition)

    def _process(self, petition: _Petition) -> None:
        """Classified within days, processed (not accepted) a few working days later, as far as the as-of day."""
        r = self.random
        classified = self.next_working(petition.received + int(r() * 4))
        processed = self.next_working(classified + int(r() * 7))
        if processed <= self.as_of:
            petition.classified, petition.processed, petition.status = classified, processed, "processed"
        elif classified <= self.as_of:
            petition.classified, petition.status, petition.outcome = classified, "classified", ""
            petition.transferred_to = None
        else:
            petition.qualified = petition.within = None
            petition.reason = petition.outcome = ""
            petition.transferred_to = None

    def accept_and_settle(self, petition: _Petition) -> None:
        r, next_working = self.random, self.next_working
        kind = petition.kind
        accepted = next_working(petition.received + 2 + int(r() * 6))
        classified = min(next_working(petition.received + int(r() * 4)), accepted)
        petition.qualified = petition.within = True
        if accepted > self.as_of:  # classified, acceptance pending (or not even classified yet)
            if classified <= self.as_of:
                petition.classified, petition.status = classified, "classified"
            else:
                petition.qualified = petition.within = None
            return
        complexity, extensions = "normal", 0
        if kind == "complaint" and r() < 0.15:
            complexity = "complex"
        elif kind == "denunciation":
            draw = r()
            complexity = "normal" if draw < 0.74 else "complex" if draw < 0.94 else "very_complex"
            if complexity == "complex" and r() < 0.7:
                extensions = 1
            elif complexity == "very_complex":
                extensions = 2 if r() < 0.7 else 1
        petition.complexity, petition.extensions = complexity, extensions
        petition.outcome, petition.status = "accepted", "accepted"
        petition.classified, petition.processed, petition.accepted = classified, accepted, accepted
        due = self.settlement(petition)[0]
        limit = max(due - accepted, 3)
        draw = r()
        open_share = still_open_share(self.as_of - accepted)
        if draw < open_share:
            return  # never settled: open on the as-of day, overdue once its deadline has passed
        withdrawn = kind == "complaint" and r() < 0.07
        if withdrawn:
            settled = accepted + 5 + int(r() * (limit - 4))
        elif draw < open_share + 0.09:
            settled = due + 3 + int(r() * 43)  # late
        else:
            low = int(limit * 0.35)
            settled = accepted + low + int(r() * (limit - 1 - low))
        settled = next_working(settled)
        if settled > self.as_of:
            return
        petition.settled, petition.status = settled, "settled"
        if withdrawn:
            petition.settlement_form = "withdrawn"
            return
        petition.settlement_form = "decision"
        # a complaint's decision (quyết định); a denunciation's, a recommendation's conclusion (kết luận)
        petition.decision_no = f"{1 + int(r() * 2999)}/{'QĐ' if kind == 'complaint' else 'KL'}-UBND"
        if kind == "complaint":
            petition.result = self.results(self.rng)

    def settlement(self, petition: _Petition):
        extensions = ()
        if petition.extensions:
            days = self.book.extension_days(petition.kind, petition.round, petition.accepted)
            # decisions share a few numbers, so that the engine's computations repeat and are memoised
            extensions = ((days, _extension_number(petition.accepted)),) * petition.extensions
        petition.settlement = self.book.settlement(
            petition.kind, petition.round, petition.accepted, petition.complexity, petition.unit.remote, extensions
        )
        return petition.settlement

    def duplicate(self, first: _Petition) -> _Petition:
        """The same petitioners write again: stored at the same level, urged from the level above."""
        r = self.random
        later = min(self.next_working(first.received + 5 + int(r() * 56)), self.as_of)
        place = self.ctx.country.on_map(first.unit, later, self.map_change)
        upper = place.parent is not None and r() < 0.4
        petition = _Petition(place.parent if upper else place, first.kind, later)
        petition.id, petition.case_id = self._petition_id(), first.case_id
        petition.channel, petition.field = first.channel, first.field
        petition.content, petition.folded, petition.people = first.content, first.folded, first.people
        if upper:
            petition.qualified, petition.within, petition.outcome = True, False, "urged"
            self._process(petition)
        else:
            self.store(petition, DUPLICATE_REASON)
        return petition

    def second_round(self, first: _Petition) -> int:
        """A complainant who lost complains a second time to the level above: a new petition and case there."""
        received = self.next_working(first.settled + 10 + int(self.random() * 21))
        if received > self.as_of:
            return 0
        upper = self.ctx.country.on_map(first.unit.parent, received, self.map_change)
        petition = _Petition(upper, "complaint", received)
        petition.round, petition.parent_id = 2, first.id
        petition.id = self._petition_id()
        petition.case_id = self.ids["petitions_case"]
        self.ids["petitions_case"] += 1
        petition.channel, petition.field, petition.people = first.channel, first.field, first.people
        petition.content = f"Khiếu nại lần hai: {first.content[0].lower()}{first.content[1:]}"
        petition.folded = f"khieu nai lan hai: {first.folded}"
        self.accept_and_settle(petition)
        self.write(petition)
        self.write_case(petition.case_id, petition)
        return 1

    # --- writing ----------------------------------------------------------------------------------------------------
    def write(self, p: _Petition) -> None:
        book, r, dates, first_day = self.book, self.random, self.dates, self.first_day
        unit, kind, received, status = p.unit, p.kind, p.received, p.status
        year = self.years[received - first_day]
        key = (unit.id, year)
        n = self.counters.get(key, 0) + 1
        self.counters[key] = n
        number = f"{unit.code}-{year}-{n:06d}" if unit.generation == CURRENT else f"L{unit.code}-{year}-{n:06d}"
        codes = self.codes
        code = codes[int(r() * 961)] + codes[int(r() * 961)] + codes[int(r() * 961)] + codes[int(r() * 961)]
        notice = book.notice(kind, p.round, received)
        transfer = kind == "denunciation" and (p.within is False or p.outcome == "transferred")
        intake = book.intake(kind, p.round, received, p.complexity, transfer)
        settlement = p.settlement
        notice_sent = p.processed
        fragments = []
        deadline = None
        if notice is not None:
            fragments.append(notice[1])
        if intake is not None:
            fragments.append(intake[2])
        if settlement is not None:
            fragments.append(settlement[1])
        if status == "received" or status == "classified":
            pending = [intake[1]] if intake is not None else []
            if notice_sent is None and notice is not None:
                pending.append(notice[0])
            deadline = min(pending) if pending else None
        elif status == "accepted":
            deadline = settlement[0]
        classified, accepted, settled = p.classified, p.accepted, p.settled
        last = settled or notice_sent or classified or received
        version = 1 + (classified is not None) + (notice_sent is not None) + (settled is not None)
        committee = unit.committee
        self.out_petitions.append(
            (
                p.id, number, code, p.case_id, p.parent_id, unit.id, committee, committee, kind, p.round, p.channel,
                dates[received - first_day],
                p.content,  # the summary: the register import's, the content when it fits in 255 characters
                p.content, f"{number.lower()} {p.folded} {p.folded}", p.field, "", p.anonymous, False, p.qualified,
                p.reason, p.within, p.outcome, p.transferred_to, None, "", p.complexity, unit.remote, status, "",
                None if classified is None else dates[classified - first_day],
                None if notice_sent is None else dates[notice_sent - first_day],
                None if notice_sent is None else dates[notice_sent - first_day],
                None if accepted is None else dates[accepted - first_day],
                None if settled is None else dates[settled - first_day],
                p.settlement_form, p.decision_no, p.result, 0, 0, 0, 0, 0, None, None,
                b"\x01{" + b",".join(fragments) + b"}",
                None if notice is None else dates[notice[0] - first_day],
                None if intake is None else dates[intake[1] - first_day],
                None if settlement is None else dates[settlement[0] - first_day],
                None if deadline is None else dates[deadline - first_day],
                # the nightly sweep (petitions_mark_overdue) has marked what was overdue by the as-of day
                dates[deadline + 1 - first_day] if deadline is not None and deadline < self.as_of else None,
                version, None, self.mornings[received - first_day], self.afternoons[last - first_day], *unit.ancestry,
            )
        )  # fmt: skip
        if p.people:
            representative = len(p.people) > 1
            pk = self.ids["petitions_petitioner"]
            out, people = self.out_people, self.ctx.people
            for index, (name, folded, ethnicity, address) in enumerate(p.people):
                search, digest = people.look_ups(name, folded, p.kind)
                out.append((pk + index, p.id, people.token(name), people.token(address), "", "",
                            representative and index == 0, search, ethnicity, "Việt Nam", digest, ""))  # fmt: skip
            self.ids["petitions_petitioner"] = pk + len(p.people)
        for n in range(p.extensions):
            pk = self.ids["petitions_extension"]
            self.ids["petitions_extension"] = pk + 1
            days = book.extension_days(kind, p.round, accepted)
            decided = min(accepted + days * (n + 1), settled or self.as_of, self.as_of)
            self.out_extensions.append(
                (pk, p.id, days, _extension_number(accepted), dates[decided - first_day], EXTENSION_REASON)
            )

    def write_case(self, case_id: int, lead: _Petition) -> None:
        """The case and its copy of the lead petition's facts (case_sync); a case with no accepted petition copies
        its first petition's and has no lead."""
        unit, dates, first_day = lead.unit, self.dates, self.first_day
        prefix = unit.code if unit.generation == CURRENT else f"L{unit.code}"
        settlement, accepted, settled = lead.settlement, lead.accepted, lead.settled
        self.out_cases.append(
            (
                case_id, f"VV-{prefix}-{self.days.year(lead.received)}-{case_id:06d}", unit.id, lead.kind,
                lead.content, None if accepted is None else lead.id, lead.status, bool(lead.within),
                None if accepted is None else dates[accepted - first_day],
                None if settlement is None else dates[settlement[0] - first_day],
                None if settled is None else dates[settled - first_day],
                self.mornings[lead.received - first_day], *unit.ancestry, unit.id, *unit.ancestry,
            )
        )  # fmt: skip


def _extension_number(accepted: int) -> str:
    return f"{accepted % 97 + 1}/QĐ-GH"
