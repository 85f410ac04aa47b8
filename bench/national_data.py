"""Generate the national benchmark dataset into PostgreSQL (issue 17, `make bench-data`).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python bench/national_data.py \\
        --scale 0.01 [--fresh] [--seed 2024] [--as-of 2026-11-30] [--keep-indexes]

Creates the database named in DATABASE_URL (or drops and recreates it with --fresh), migrates it, loads both unit
maps (`load_units`, `load_units --legacy`), then `bench.national.generate` writes the whole country's organisation
and, at --scale 1.0, 5,000,000 petitions over 2016–2026 with their cases, ~2,000,000 reception visits with their
sessions, ~100,000 models of the registry and ~50,000 reform tasks, with COPY (see bench/national/). The same
scale, seed and as-of day give the same rows. Prints each phase's time, each table's rows and times, the
database's size and the peak memory of this process at the end.

A database that already holds petitions is left alone unless --fresh is given. Measured on this 2-core machine,
shared with other test runs (load average 3–5): --scale 0.1 in 75 s, --scale 1.0 in 9 min 7 s (a 15 GB database),
this process staying under 300 MB. Dropping the secondary indexes for the load and rebuilding them (177 s at full
scale) beats loading into them: with them, the load ran more than twice as slowly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/danvan_bench"


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def prepare_database(url: str, *, fresh: bool) -> None:
    """Create the database (dropping it first with `fresh`), connecting to the server's `postgres` database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or parts.scheme not in ("postgres", "postgresql"):
        sys.exit(f"DATABASE_URL must name a PostgreSQL database, not {url!r}")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")  # development settings: no SECRET_KEY needed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG keeps every query in memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.01, help="Share of the full national volume (0 < s ≤ 1).")
    parser.add_argument("--fresh", action="store_true", help="Drop and recreate the database first.")
    parser.add_argument("--seed", type=int, default=None, help="Random seed (default 2024).")
    parser.add_argument("--as-of", help="The dataset's today, YYYY-MM-DD (default 2026-11-30, whatever the clock).")
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="Load into the tables with their indexes (foreign keys are dropped and re-added all the same).",
    )
    args = parser.parse_args()
    if not 0 < args.scale <= 1:
        parser.error("--scale must be in (0, 1]")
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    started = time.perf_counter()
    print(f"Preparing {urlsplit(url).path.lstrip('/')} (scale {args.scale})", flush=True)
    prepare_database(url, fresh=args.fresh)
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from bench.national import SEED, generate
    from bench.national.days import AS_OF
    from petitions.models import Petition
    from portal.choices import Generation
    from portal.unit_import import units_load

    call_command("migrate", verbosity=0)
    step = time.perf_counter()
    print(f"  migrated ({step - started:.1f} s)", flush=True)
    for generation in (Generation.CURRENT, Generation.LEGACY):  # load_units, then load_units --legacy
        units_load(generation=generation)
    print(f"  both unit maps loaded ({time.perf_counter() - step:.1f} s)", flush=True)
    if Petition.objects.exists():
        sys.exit("The database already holds petitions: run again with --fresh to recreate it.")

    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else AS_OF
    report = generate(
        connection,
        scale=args.scale,
        seed=SEED if args.seed is None else args.seed,
        as_of=as_of,
        bulk=True,
        drop_indexes=not args.keep_indexes,
        progress=lambda text: print(text, flush=True),
    )
    total = time.perf_counter() - started

    print()
    print(f"{'table':<36} {'rows':>12} {'copy s':>8} {'index s':>8}")
    for table, stats in report.tables.items():
        print(f"{table:<36} {stats.rows:>12,} {stats.copy_seconds:>8.1f} {stats.index_seconds:>8.1f}")
    print()
    for phase, seconds in report.phases.items():
        print(f"{phase:<36} {seconds:>8.1f} s")
    print()
    for process, seconds in report.cpu.items():
        print(f"CPU, {process:<31} {'?' if seconds is None else f'{seconds:8.1f}'} s")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"\nTotal: {total:.1f} s for scale {args.scale}; database {size}")
    sender = f", {report.sender_peak_mb:,.0f} MB (the sending process)" if report.sender_peak_mb else ""
    print(f"Peak memory: {peak_memory_mb():,.0f} MB (this process){sender}; PostgreSQL's backends are apart")


if __name__ == "__main__":
    main()
