"""The national benchmark dataset (issue 17, `make bench-data`): both unit maps, the whole country's organisation,
and at scale 1.0 five million petitions over ten years with their cases, two million reception visits with their
sessions, a hundred thousand models of the registry and fifty thousand reform tasks, written with COPY.

`generate(connection, scale=…)` is the core: the script `bench/national_data.py` runs it on a fresh database, the
tests on theirs. Deterministic: the same scale, seed and as-of day give the same rows (ids start after those of
the tables' existing rows).

- `days`: the working days and their weights (months, Tết, lockdowns); `places`: both maps, weighted;
- `organisation`: agencies of every unit and a few officials; `people`: names and ethnic groups;
- `petitions`, `reception`, `registry`, `reform`: the generators, each appending rows to the loader's buffers;
- `deadlines`: the app's deadline engine memoised; `copying`: the loaders (binary COPY), indexes, sequences.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.national.context import Context
from bench.national.copying import (
    ProcessLoader,
    TableStats,
    ThreadLoader,
    drops,
    next_ids,
    reset_sequences,
    restore,
    secondary,
)
from bench.national.days import AS_OF, Days, ListedCalendar
from bench.national.deadlines import DeadlineBook
from bench.national.organisation import head_names, organisation_create
from bench.national.people import People
from bench.national.places import Country

SEED = 2024
PETITION_TABLES = ("petitions_case", "petitions_petition", "petitions_petitioner", "petitions_extension")
RECEPTION_TABLES = ("reception_receptionsession", "reception_receptionvisit", "reception_visitcitizen")
REGISTRY_TABLES = (
    "models_registry_round",
    "models_registry_criteriongroup",
    "models_registry_criterion",
    "models_registry_mobilizationmodel",
    "models_registry_decision",
    "models_registry_decisionentry",
)
REFORM_TABLES = (
    "reform_plan",
    "reform_plan_areas",
    "reform_task",
    "reform_taskprogress",
    "reform_taskcompletion",
    "reform_taskextension",
)
COUNTER_TABLE = "petitions_registercounter"
TABLES = (*PETITION_TABLES, *RECEPTION_TABLES, *REGISTRY_TABLES, *REFORM_TABLES, COUNTER_TABLE)


@dataclass
class Report:
    """What a run made: rows and seconds per table, seconds per phase, CPU seconds per process."""

    tables: dict[str, TableStats] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float | None] = field(default_factory=dict)  # CPU seconds by process, for a noisy machine
    sender_peak_mb: float | None = None  # the bulk load's sending process (this one's is the caller's to read)


def generate(
    connection,
    *,
    scale: float,
    seed: int = SEED,
    as_of: dt.date = AS_OF,
    bulk: bool = False,
    drop_indexes: bool = True,
    progress: Callable[[str], None] = print,
) -> Report:
    """Generate the dataset at `scale` into the database of `connection` (a Django connection with both unit maps).

    With `bulk` (a database whose generated tables are empty, as the script's), a forked process (ProcessLoader)
    truncates the tables and loads them frozen in one transaction (COPY FREEZE: no hint bits to set, the
    visibility map ready for index-only scans), with their foreign keys and, unless `drop_indexes` is False, their
    secondary indexes dropped around the load; then they are analysed. Without it, rows are copied into the tables
    as they are, within the caller's transaction (the tests': rolled back afterwards).
    """
    from django.db import transaction

    from bench.national.petitions import PetitionGenerator
    from bench.national.reception import ReceptionGenerator
    from bench.national.reform import ReformGenerator
    from bench.national.registry import RegistryGenerator
    from portal.workcalendar import WorkCalendar

    report = Report()
    began, cpu_began = time.perf_counter(), time.process_time()
    connection.ensure_connection()
    raw = connection.connection
    with transaction.atomic(using=connection.alias), raw.cursor() as cursor:
        country = Country(cursor, seed)
        made, agency_names = organisation_create(cursor, country, seed=seed)
        heads = head_names(cursor)
    created = f"{made['portal_agency']:,} agencies and {made['portal_user']:,} officials created"
    report.phases["organisation"] = _lap(progress, f"organisation: {created}", began)

    calendar = WorkCalendar()
    days = Days(as_of=as_of, calendar=calendar)
    deferred, setup = [], []
    with transaction.atomic(using=connection.alias), raw.cursor() as cursor:
        if bulk:  # what the loading process does first, in its transaction
            setup.append(f"TRUNCATE {', '.join(_ensure_empty(cursor))}")
            # foreign keys go whatever: being deferred, each row would queue a check for the commit (millions)
            deferred = [d for d in secondary(cursor, TABLES) if drop_indexes or d.kind == "foreign key"]
            setup += drops(deferred)
        ids = next_ids(cursor, TABLES)
        cursor.execute("SELECT unit_id, year, last_number FROM petitions_registercounter")
        counters = {(unit_id, year): last for unit_id, year, last in cursor.fetchall()}
        refs = _references(cursor)
    # a bulk load's process truncates the tables: this connection holds no lock on them meanwhile (autocommit)
    with contextlib.ExitStack() as stack:
        if bulk:
            loader = ProcessLoader(raw, _conninfo(raw), TABLES, setup)
        else:
            stack.enter_context(transaction.atomic(using=connection.alias))
            loader = ThreadLoader(raw, TABLES)
        book = DeadlineBook(days, ListedCalendar(days, calendar))
        ctx = Context(loader, days, country, book, People(seed), scale, seed, ids, progress)
        ctx.heads, ctx.agency_names, ctx.counters, ctx.refs = heads, agency_names, counters, refs
        try:
            for name, generator in (
                ("petitions", PetitionGenerator),
                ("reception", ReceptionGenerator),
                ("models registry", RegistryGenerator),
                ("reform", ReformGenerator),
            ):
                started = time.perf_counter()
                count = generator(ctx).run()
                report.phases[name] = _lap(progress, f"{name}: {count:,} records generated", started)
            started = time.perf_counter()
            report.cpu["generators (this process)"] = time.process_time() - cpu_began
            report.tables = loader.close()
            for name, seconds in getattr(loader, "cpu", {}).items():
                report.cpu[f"{name} while loading"] = seconds
            report.sender_peak_mb = getattr(loader, "peak_mb", None)
        except BaseException:
            loader.abandon()
            raise
        with transaction.atomic(using=connection.alias), raw.cursor() as cursor:
            report.tables[COUNTER_TABLE] = _write_counters(cursor, counters)
            reset_sequences(cursor, TABLES)
        report.phases["load (rest)"] = _lap(progress, "the last blocks loaded", started)
    if deferred:
        started = time.perf_counter()
        progress(f"  recreating {len(deferred)} indexes and constraints")
        with raw.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            restore(cursor, deferred, report.tables, progress)
        report.phases["indexes and keys"] = _lap(progress, "indexes and keys recreated", started)
    if bulk:
        started = time.perf_counter()
        with raw.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ANALYZE {table}")
            # the maps and the organisation were written without FREEZE: their visibility map is set here
            cursor.execute(
                "VACUUM ANALYZE portal_administrativeunit, portal_unitsuccession, portal_agency, portal_user, "
                "portal_user_groups"
            )
        report.phases["analyze"] = _lap(progress, "analysed", started)
    return report


def _references(cursor) -> dict:
    """What the generators look up by code: the programmes and their phases, the reform areas."""
    cursor.execute("SELECT code, id FROM models_registry_programme")
    programmes = dict(cursor.fetchall())
    cursor.execute("SELECT programme_id, start_year, end_year, id FROM models_registry_phase ORDER BY id")
    phases = cursor.fetchall()
    cursor.execute('SELECT code, id FROM reform_area WHERE is_active ORDER BY "order", id')
    areas = dict(cursor.fetchall())
    return {"programmes": programmes, "phases": phases, "areas": areas}


def _conninfo(raw) -> str:
    """How the loading process connects: as this connection does."""
    from psycopg.conninfo import make_conninfo

    password = raw.info.password
    return make_conninfo(raw.info.dsn, password=password) if password else raw.info.dsn


def _lap(progress: Callable[[str], None], text: str, started: float) -> float:
    seconds = time.perf_counter() - started
    progress(f"  {text} ({seconds:.1f} s)")
    return seconds


def _ensure_empty(cursor) -> list[str]:
    """The generated tables and every table that refers to them (documents, assignees, published decisions…),
    all checked empty: TRUNCATE, which COPY FREEZE needs, must take them together."""
    tables, queue = set(TABLES), list(TABLES)
    while queue:
        cursor.execute(
            "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid = %s::regclass",
            [queue.pop()],
        )
        for (table,) in cursor.fetchall():
            if table not in tables:
                tables.add(table)
                queue.append(table)
    for table in sorted(tables):
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
        if cursor.fetchone()[0]:
            raise RuntimeError(f"{table} is not empty: a bulk load needs a database without records (--fresh).")
    return sorted(tables)


def _write_counters(cursor, counters: dict[tuple[int, int], int]) -> TableStats:
    """Each receiving unit's last register number of each year, so that live intake numbers on from there."""
    began = time.perf_counter()
    cursor.execute("SELECT unit_id, year, last_number FROM petitions_registercounter")
    existing = {(unit_id, year): last for unit_id, year, last in cursor.fetchall()}
    cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM petitions_registercounter")
    next_id = cursor.fetchone()[0]
    rows = []
    for (unit_id, year), last in sorted(counters.items()):
        if (unit_id, year) in existing:
            if existing[(unit_id, year)] >= last:
                continue
            cursor.execute(
                "UPDATE petitions_registercounter SET last_number = GREATEST(last_number, %s) "
                "WHERE unit_id = %s AND year = %s",
                [last, unit_id, year],
            )
        else:
            rows.append(f"{next_id}\t{unit_id}\t{year}\t{last}")
            next_id += 1
    if rows:
        with cursor.copy("COPY petitions_registercounter (id, unit_id, year, last_number) FROM STDIN") as copy:
            copy.write("\n".join(rows) + "\n")
    return TableStats(rows=len(rows), copy_seconds=time.perf_counter() - began)
