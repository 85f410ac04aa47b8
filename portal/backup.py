"""Backups of the whole portal (the database and the media files) and their restore (docs/operations.md).

One backup is one directory under settings.BACKUP_DIR:

- `database.dump` (PostgreSQL, pg_dump's custom format) or `database.sqlite3` (SQLite, the online backup API);
- `media.tar`: every file under settings.MEDIA_ROOT;
- `manifest.json`: when, which database vendor, the applied migrations, every table's row count and each file's
  SHA-256, all taken from the same moment as the dump.

A restore refuses a backup of the other vendor, of a migration state the code does not know (a newer one) and a
file whose checksum changed; after it, every table's row count must be the manifest's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend
from django.utils import timezone

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MEDIA = "media.tar"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT = 1  # the manifest's layout; a restore refuses one it does not know


class BackupError(Exception):
    """A backup that cannot be made or restored, with the reason an operator can act on."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def vendor(self) -> str:
        return self.manifest["vendor"]

    @property
    def tables(self) -> dict[str, int]:
        return self.manifest["tables"]


def database_vendor(database: dict[str, Any]) -> str:
    return load_backend(database["ENGINE"]).DatabaseWrapper.vendor


def database_connection(database: dict[str, Any]):
    """A connection of its own to `database` (a DATABASES entry), outside the app's connections and transactions."""
    configured = connections.configure_settings({"default": dict(database)})["default"]
    return load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias="backup")


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    """pg_dump's and pg_restore's connection, from the Django settings (never on the command line)."""
    env = {**os.environ, "PGDATABASE": str(database["NAME"])}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[name] = str(database[key])
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not on PATH: install the PostgreSQL client (apt-get install postgresql-client)"
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _dump_postgresql(database: dict[str, Any], target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """pg_dump inside a snapshot this function holds open, so that the counts and migrations are the dump's."""
    wrapper = database_connection(database)
    try:
        wrapper.ensure_connection()
        wrapper.set_autocommit(False)
        with wrapper.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = [row[0] for row in cursor.fetchall()]
            counts = _counts(cursor, tables, wrapper.ops.quote_name)
            migrations = _migrations(cursor)
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], _pg_env(database))
        wrapper.rollback()
    finally:
        wrapper.close()
    return counts, migrations


def _dump_sqlite(database: dict[str, Any], target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """The online backup API: a consistent copy while the app goes on writing; counted in the copy itself."""
    source = connections["default"] if connections["default"].settings_dict["NAME"] == database["NAME"] else None
    if source is not None:
        if source.in_atomic_block:
            # The copy would wait for this very transaction's locks (an in-memory database's shared cache, forever).
            raise BackupError("a SQLite backup cannot be taken inside a transaction: run it on its own")
        source.ensure_connection()
        raw = source.connection
    else:
        raw = sqlite3.connect(str(database["NAME"]))
    copy = sqlite3.connect(target)
    try:
        raw.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = [row[0] for row in cursor.fetchall()]
        counts = _counts(cursor, tables, lambda name: '"' + name.replace('"', '""') + '"')
        migrations = _migrations(cursor)
    finally:
        copy.close()
        if source is None:
            raw.close()
    return counts, migrations


def _media_pack(media_root: Path, target: Path) -> int:
    files = 0
    with tarfile.open(target, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    files += 1
    return files


def backup_create(*, backup_dir: Path | None = None, database: dict[str, Any] | None = None) -> Backup:
    """Back up `database` (the app's by default) and settings.MEDIA_ROOT into a new directory of `backup_dir`."""
    database = database or connections["default"].settings_dict
    vendor = database_vendor(database)
    if vendor not in DUMP:
        raise BackupError(f"no backup for a {vendor} database: PostgreSQL and SQLite only")
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    now = timezone.now()
    path = backup_dir / f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{vendor}"
    partial = backup_dir / f".{path.name}.partial"  # renamed when whole: a directory listed is a whole backup
    partial.mkdir(parents=True)
    try:
        dump = partial / DUMP[vendor]
        dumper = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        tables, migrations = dumper(database, dump)
        media_files = _media_pack(Path(settings.MEDIA_ROOT), partial / MEDIA)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": vendor,
            "database": str(database["NAME"]),
            "migrations": migrations,
            "tables": tables,
            "media_files": media_files,
            "files": {name: file_sha256(partial / name) for name in (DUMP[vendor], MEDIA)},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial.rename(path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    logger.info("backup written to %s (%s tables, %s media files)", path, len(tables), media_files)
    return Backup(path=path, manifest=manifest)


def backup_open(path: Path) -> Backup:
    """The backup at `path`, its files checked against its manifest."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"{path} is not a backup: it has no {MANIFEST}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: manifest format {manifest.get('format')!r}, this code reads format {FORMAT}")
    for name, checksum in manifest["files"].items():
        if not (path / name).is_file():
            raise BackupError(f"{path}: {name} is missing")
        if file_sha256(path / name) != checksum:
            raise BackupError(f"{path}: {name} does not match its checksum in the manifest (damaged or changed)")
    return Backup(path=path, manifest=manifest)


def backup_check_restorable(backup: Backup, *, database: dict[str, Any]) -> None:
    """Refuse a backup of the other vendor, or of migrations this code does not have (made by a newer version)."""
    vendor = database_vendor(database)
    if backup.vendor != vendor:
        raise BackupError(
            f"this backup is of a {backup.vendor} database and cannot be restored into {vendor}: "
            f"restore it into a {backup.vendor} database (DATABASE_URL)"
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    apps = {app for app, _ in known}
    unknown = [
        f"{app}.{name}"
        for app, names in backup.manifest["migrations"].items()
        if app in apps
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise BackupError(
            f"this backup was made by a newer version of the portal (migrations this code does not have: {shown}): "
            "restore it with that version or a later one"
        )


def _restore_postgresql(backup: Backup, database: dict[str, Any]) -> None:
    command = ["pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner"]
    command += ["--no-privileges", f"--dbname={database['NAME']}", str(backup.path / DUMP["postgresql"])]
    _run(command, _pg_env(database))


def _restore_sqlite(backup: Backup, database: dict[str, Any]) -> None:
    """The backup API again, from the backup's file onto the live one: other connections see the old database or
    the restored one, never half of each."""
    source = sqlite3.connect(backup.path / DUMP["sqlite"])
    target = sqlite3.connect(str(database["NAME"]))
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _media_restore(backup: Backup, media_root: Path) -> None:
    """Unpack beside MEDIA_ROOT, then swap it in: the old files go only once the new ones are whole."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restoring-", dir=media_root.parent))
    try:
        with tarfile.open(backup.path / MEDIA) as archive:
            archive.extractall(unpacked, filter="data")
        replaced = None
        if media_root.exists():
            replaced = media_root.with_name(f".{media_root.name}.replaced-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S%f}")
            media_root.rename(replaced)
        unpacked.rename(media_root)
        if replaced is not None:
            shutil.rmtree(replaced)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def table_counts(database: dict[str, Any], tables: list[str]) -> dict[str, int | None]:
    """Rows of each of `tables` in `database` (None for a table that is not there)."""
    wrapper = database_connection(database)
    try:
        existing = set(wrapper.introspection.table_names())
        with wrapper.cursor() as cursor:
            counts = _counts(cursor, [t for t in tables if t in existing], wrapper.ops.quote_name)
    finally:
        wrapper.close()
    return {table: counts.get(table) for table in tables}


def backup_restore(backup: Backup, *, database: dict[str, Any] | None = None) -> None:
    """Replace `database` (the app's by default) and settings.MEDIA_ROOT with `backup`, then check that every
    table holds the manifest's number of rows."""
    database = database or connections["default"].settings_dict
    backup_check_restorable(backup, database=database)
    connections.close_all()  # the app's own connections hold no lock the restore waits for
    if backup.vendor == "postgresql":
        _restore_postgresql(backup, database)
    else:
        _restore_sqlite(backup, database)
    _media_restore(backup, Path(settings.MEDIA_ROOT))
    counts = table_counts(database, list(backup.tables))
    wrong = {table: (counts[table], rows) for table, rows in backup.tables.items() if counts[table] != rows}
    if wrong:
        listed = ", ".join(f"{table}: {found} rows, {rows} in the backup" for table, (found, rows) in wrong.items())
        raise BackupError(f"the restored database differs from the backup's manifest: {listed}")
    logger.info("restored %s into %s", backup.path, database["NAME"])
