"""Benchmark the petition register import on a throwaway database.

    DEBUG=1 .venv/bin/python bench/bench_import.py --rows 100000 [--format xlsx] [--profile]
    DEBUG=1 .venv/bin/python bench/bench_import.py --rows 100000 --database postgres://postgres@127.0.0.1/danvan_bench_import
    DEBUG=1 .venv/bin/python bench/bench_import.py --bomb

Builds var/bench/bench.sqlite3 (or the PostgreSQL database --database names, dropped and recreated) from scratch
(migrate, legacy unit map, demo organisation of Bắc Kạn), writes N valid register rows generated like the demo
data, then times the import and a second import of the same file (every row already present). The target is
100,000 rows in under 2 minutes on a 2-core machine, in at most 500 MB. The peak memory of the process is printed
at the end; with --database, the figures are added to the day's bench/results file.

`--bomb` instead builds the file of issue 9 (a small workbook whose sheet expands to 4 million
rows), once compressed and once stored without compression, and times how fast each is refused.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def setup_django(database: Path | str) -> None:
    sys.path.insert(0, str(ROOT))
    if isinstance(database, str):  # a PostgreSQL URL: the database recreated empty
        from bench.national_data import prepare_database

        prepare_database(database, fresh=True)
        os.environ["DATABASE_URL"] = database
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "1")  # development settings: no SECRET_KEY needed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG logs every query, which production does not pay for
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # demo accounts only


def step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label:<44} {now - started:7.1f} s", flush=True)
    return now


def write_register(rows: list[dict], path: Path) -> None:
    from petitions.demo import rows_to_csv
    from petitions.importer import COLUMN_NAMES

    if path.suffix == ".csv":
        path.write_bytes(rows_to_csv(rows))
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append([row.get(name, "") for name in COLUMN_NAMES])
    workbook.save(path)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def import_in_process(path: Path, database: str) -> tuple[float, float]:
    """`manage.py import_petitions` on the file; its time and its process's peak memory (MB)."""
    import redis

    broker = "redis://127.0.0.1:6379/8"  # no worker listens: the refresh the import queues is dropped after
    env = {**os.environ, "DATABASE_URL": database, "REDIS_URL": broker}
    began = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "import_petitions", str(path)], cwd=ROOT, env=env, check=True)
    elapsed = time.perf_counter() - began
    redis.Redis.from_url(broker).flushdb()
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def write_bomb(path: Path, rows: int, compression: int) -> None:
    """A valid header, then `rows` rows of one cell each: a few hundred kilobytes when compressed."""
    from petitions.importer import COLUMN_NAMES

    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Đơn" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData><row r="1">'
            )
            for index, name in enumerate(COLUMN_NAMES):
                sheet.write(f'<c r="{chr(65 + index)}1" t="inlineStr"><is><t>{name}</t></is></c>'.encode())
            sheet.write(b"</row>")
            for start in range(2, rows + 2, 10_000):
                chunk = range(start, min(start + 10_000, rows + 2))
                sheet.write("".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in chunk).encode())
            sheet.write(b"</sheetData></worksheet>")


def bomb() -> None:
    from petitions.importer import petitions_import

    for compression, label in ((zipfile.ZIP_DEFLATED, "deflated"), (zipfile.ZIP_STORED, "stored")):
        path = BENCH_DIR / f"bomb-{label}.xlsx"
        write_bomb(path, 4_000_000, compression)
        with zipfile.ZipFile(path) as archive:
            sheet = archive.getinfo("xl/worksheets/sheet1.xml")
        began = time.perf_counter()
        report = petitions_import(source=path, filename=path.name, dry_run=True)
        elapsed = time.perf_counter() - began
        print(
            f"{label:>9}: {path.stat().st_size / 1024:,.0f} KB file, sheet {sheet.file_size / 1024 / 1024:,.0f} MB; "
            f"refused in {elapsed:.2f} s: {report.error_lines()[:1]}"
        )
        path.unlink()
    print(f"Peak memory: {peak_memory_mb():,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--profile", action="store_true", help="Print the 25 most expensive functions.")
    parser.add_argument("--bomb", action="store_true", help="Time the refusal of issue 9's 4-million-row workbook.")
    parser.add_argument("--database", help="A PostgreSQL URL (recreated) instead of var/bench/bench.sqlite3.")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    database = args.database or BENCH_DIR / "bench.sqlite3"
    print(f"Setting up {database}", flush=True)
    setup_django(database)

    from django.core.management import call_command

    from petitions.demo import DEMO_VOLUMES, demo_rows
    from petitions.importer import petitions_import
    from petitions.models import Case, Extension, Petition, Petitioner
    from portal.choices import Generation
    from portal.demo import seed_organisation
    from portal.unit_import import units_load

    call_command("migrate", verbosity=0)
    started = step("migrate", started)
    units_load(generation=Generation.LEGACY)
    seed_organisation(seed=args.seed, password="bench-only-password")
    started = step("legacy units + demo organisation", started)
    if args.bomb:
        bomb()
        return

    total = sum(DEMO_VOLUMES.values())
    volumes = {year: round(count * args.rows / total) + 1 for year, count in DEMO_VOLUMES.items()}
    rows = demo_rows(seed=args.seed, volumes=volumes)[: args.rows]
    path = BENCH_DIR / f"register-{args.rows}.{args.format}"
    write_register(rows, path)
    started = step(f"generate {len(rows):,} rows → {path.name}", started)

    if args.database:
        # As an official runs it: `manage.py import_petitions` in a process of its own (its peak memory is the
        # import's, not this generator's), its reports refresh queued for a worker on a Redis database of its own.
        del rows
        profiler = None
        elapsed, import_peak_mb = import_in_process(path, args.database)
        started = step("import (manage.py import_petitions)", time.perf_counter() - elapsed)
    else:
        profiler = cProfile.Profile() if args.profile else None
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        report = petitions_import(source=path, filename=path.name)
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - began
        if not report.ok:
            print("\n".join(report.error_lines()[:20]))
            sys.exit(1)
        started = step("import", began)
        import_peak_mb = peak_memory_mb()

    began = time.perf_counter()
    again = petitions_import(source=path, filename=path.name)
    reimport = time.perf_counter() - began
    step("re-import (every row already present)", began)

    print()
    rows_count = Petition.objects.count()
    print(f"Rows:       {args.rows:,} ({args.format}); in the register {rows_count:,}")
    print(
        f"In the DB:  {Petition.objects.count():,} petitions, {Case.objects.count():,} cases, "
        f"{Petitioner.objects.count():,} petitioners, {Extension.objects.count():,} extensions"
    )
    print(f"Import:     {elapsed:.1f} s  ({args.rows / elapsed:,.0f} rows/s), peak {import_peak_mb:,.0f} MB")
    print(f"Re-import:  {reimport:.1f} s  (created {again.created}, unchanged {again.unchanged:,})")
    print(f"Peak memory: {peak_memory_mb():,.0f} MB (the whole process: Django, unit map, rows)")
    if args.database:
        from django.db import connection
        from django.utils import timezone

        from bench.results import results_add

        figures = {
            f"import_{args.format}": {"median_s": elapsed, "p95_s": elapsed, "runs": 1, "rows": args.rows},
            f"reimport_{args.format}": {"median_s": reimport, "p95_s": reimport, "runs": 1, "rows": args.rows},
            "import_peak_memory_mb": import_peak_mb,
        }
        for figure in figures.values():
            if isinstance(figure, dict):
                figure["rows_per_s"] = figure["rows"] / figure["median_s"]
        print(f"wrote {results_add(timezone.localdate().isoformat(), connection.vendor, figures)}")
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(25)


if __name__ == "__main__":
    main()
