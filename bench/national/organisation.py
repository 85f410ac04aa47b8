"""The organisation of the whole country, on both maps: the agencies of every unit, and a few officials.

The agencies are those of the demo (portal.demo): ten at each province (People's Committee, citizen reception
board, inspectorate, the Party's mass mobilisation board, the Fatherland Front, four departments, the farmers'
association), four at each legacy district, a People's Committee at each commune; so the petitions, reception
duties, models registry and reform plans find the agencies they expect everywhere. Officials: one account per
role at every province of both maps (the demo's roles and placements), and a leader at each legacy district;
each leader heads his People's Committee. Units and agencies that already exist (the demo's Bắc Kạn in the
test database) are reused by name, so the step can run on any database that has the maps.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password

from bench.national.copying import esc, opt, reset_sequences
from bench.national.places import COMMUNE, CURRENT, DISTRICT, LEGACY, PROVINCE, Country, Unit
from portal.choices import Role
from portal.demo import (
    COMMUNE_AGENCIES,
    DISTRICT_AGENCIES,
    FAMILY,
    GIVEN,
    MIDDLE,
    POSITION,
    PROVINCE_AGENCIES,
    ROLE_AGENCY,
    ROLE_SUFFIX,
)
from portal.text import fold

AGENCY_COLUMNS = ("id", "name", "short_name", "kind", "address", "phone", "is_active", "search_name", "parent_id",
                  "unit_id")  # fmt: skip
USER_COLUMNS = ("id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
                "is_active", "date_joined", "full_name", "position", "phone", "agency_id")  # fmt: skip


def province_templates(province: Unit) -> list[tuple[str, str, str]]:
    """The demo's provincial agencies, named for a province or a centrally governed city."""
    name = province.name
    if name.startswith("Tỉnh "):
        short = name.removeprefix("Tỉnh ")
        return [(s, pattern.format(name=short), kind) for s, pattern, kind in PROVINCE_AGENCIES]
    short = name.removeprefix("Thành phố ")
    return [
        (s, pattern.replace("tỉnh {name}", "thành phố {name}").replace("Tỉnh ủy", "Thành ủy").format(name=short), kind)
        for s, pattern, kind in PROVINCE_AGENCIES
    ]


def _templates(unit: Unit) -> list[tuple[str, str, str]]:
    if unit.level == PROVINCE:
        return province_templates(unit)
    templates = DISTRICT_AGENCIES if unit.level == DISTRICT else COMMUNE_AGENCIES
    return [(s, pattern.format(name=unit.name), kind) for s, pattern, kind in templates]


def organisation_create(cursor, country: Country, *, seed: int) -> tuple[dict[str, int], dict[int, str]]:
    """Create the agencies and officials that are missing, and give every unit its agencies' ids; returns what
    was created (rows per table) and every agency's name by id."""
    rng = random.Random(f"{seed}-organisation")
    cursor.execute("SELECT id, unit_id, name, short_name, kind FROM portal_agency ORDER BY id")
    existing = {(unit_id, name): (pk, short, kind) for pk, unit_id, name, short, kind in cursor.fetchall()}
    cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM portal_agency")
    next_id = cursor.fetchone()[0]
    rows, names = [], {}
    # parents first: provinces, then districts, then communes (path order would interleave them)
    order = {PROVINCE: 0, DISTRICT: 1, COMMUNE: 2}
    for unit in sorted(country.units.values(), key=lambda u: (order[u.level], u.path)):
        parent_committee = unit.parent.committee if unit.parent is not None else None
        for short, name, kind in _templates(unit):
            found = existing.get((unit.id, name))
            if found is None:
                pk, next_id = next_id, next_id + 1
                rows.append(
                    "\t".join(
                        [
                            str(pk),
                            esc(name),
                            short,
                            kind,
                            "",
                            "",
                            "t",
                            esc(fold(name)),
                            opt(parent_committee),
                            str(unit.id),
                        ]
                    )  # fmt: skip
                )
            else:
                pk = found[0]
            unit.agencies.setdefault(short, pk)
            names[pk] = name
        unit.committee = unit.agencies["UBND"]
    _copy(cursor, "portal_agency", AGENCY_COLUMNS, rows)
    users = _officials(cursor, country, rng)
    reset_sequences(cursor, ["portal_agency", "portal_user"])  # the ids were ours: the app's inserts go on after
    return {"portal_agency": len(rows), "portal_user": users}, names


def _officials(cursor, country: Country, rng) -> int:
    """One account per role at each province of both maps, a leader at each legacy district; leaders head their
    People's Committee (where it has no head yet)."""
    cursor.execute("SELECT username FROM portal_user")
    taken = {row[0] for row in cursor.fetchall()}
    cursor.execute("SELECT name, id FROM auth_group")
    groups = dict(cursor.fetchall())
    cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM portal_user")
    next_id = cursor.fetchone()[0]
    hashed = make_password(settings.DEMO_PASSWORD)  # one slow hash shared by every account, as the demo's
    joined = dt.datetime(2016, 1, 4, 8, 0, tzinfo=dt.UTC).isoformat()
    users, memberships, heads = [], [], []
    placements = [(p, "l", list(Role)) for p in country.provinces[LEGACY]]
    placements += [(p, "p", list(Role)) for p in country.provinces[CURRENT]]
    placements += [(d, "l", [Role.LEADER]) for p in country.provinces[LEGACY] for d in p.children]
    for unit, prefix, roles in placements:
        level_roles = ROLE_AGENCY[unit.level]
        for role in roles:
            username = f"{prefix}{unit.code}.{ROLE_SUFFIX[role]}"
            if username in taken:
                continue
            pk, next_id = next_id, next_id + 1
            agency = unit.agencies[level_roles[role]]
            full_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            staff = "t" if role == Role.ADMINISTRATOR else "f"
            users.append(
                "\t".join(
                    [
                        str(pk),
                        esc(hashed),
                        "f",
                        username,
                        "",
                        "",
                        "",
                        staff,
                        "t",
                        joined,
                        esc(full_name),
                        POSITION[role],
                        "",
                        str(agency),
                    ]
                )  # fmt: skip
            )
            memberships.append(f"{pk}\t{groups[role.value]}")
            if role == Role.LEADER:
                heads.append((pk, unit.committee))
    _copy(cursor, "portal_user", USER_COLUMNS, users)
    _copy(cursor, "portal_user_groups", ("user_id", "group_id"), memberships)
    for user_id, agency_id in heads:
        cursor.execute("UPDATE portal_agency SET head_id = %s WHERE id = %s AND head_id IS NULL", [user_id, agency_id])
    return len(users)


def _copy(cursor, table: str, columns: tuple[str, ...], rows: list[str]) -> None:
    if rows:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write("\n".join(rows) + "\n")


def head_names(cursor) -> dict[int, str]:
    """The full name of each agency's head (agency id → name), for the reception register."""
    cursor.execute(
        "SELECT a.id, u.full_name FROM portal_agency a JOIN portal_user u ON u.id = a.head_id WHERE u.full_name <> ''"
    )
    return dict(cursor.fetchall())
