"""`make backup` / `make restore`: a round trip of the demo province, its records and an uploaded scan, on the
database the suite runs on (pg_dump/pg_restore on PostgreSQL, the online backup API on SQLite)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from petitions.models import Petition
from petitions.services import PetitionerData, petition_document_add, petition_receive
from portal.backup import (
    BackupError,
    backup_check_restorable,
    backup_create,
    backup_open,
    backup_restore,
    database_connection,
    table_counts,
)
from portal.models import User
from reception.demo import seed_reception
from reception.models import ReceptionSession
from tests.browser.conftest import demo_world  # noqa: F401 (fixture: the demo province after a flush)

SCAN = b"%PDF-1.4 don khieu nai cua ho Hoang, trang 1 " + bytes(range(256)) * 8


def model_tables() -> list[str]:
    """Every table a model (or a many-to-many link) of the portal keeps its rows in."""
    models = apps.get_models(include_auto_created=True)
    return sorted({model._meta.db_table for model in models if model._meta.managed and not model._meta.proxy})


def row(database, table: str, pk: int):
    return rows(database, f"SELECT * FROM {table} WHERE id = %s", [pk])[0]  # noqa: S608 (a model's table)


def rows(database, sql: str, params) -> list[tuple]:
    wrapper = database_connection(database)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        wrapper.close()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def restore_target(tmp_path):
    """A database of the suite's vendor that the restore may overwrite, never the one the suite runs on."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3"), "TEST": {}}
        return
    name = f"{source['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**source, "NAME": name, "TEST": {}}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_the_records_and_the_files(demo_world, media_root, restore_target, tmp_path):  # noqa: F811
    officer = User.objects.select_related("agency").get(username="xa.xulydon")
    assert seed_reception(seed=2024, as_of=dt.date(2026, 11, 20)) > 0
    petition = petition_receive(
        actor=officer,
        receiving_agency=officer.agency,
        kind="complaint",
        channel="mail",
        received_on=dt.date(2026, 11, 2),
        summary="Khiếu nại việc bồi thường giải phóng mặt bằng đường tỉnh 258",
        petitioners=[
            PetitionerData(full_name="Hoàng Văn Thái", id_number="006090001234", address="Thôn Nà Phài"),
            PetitionerData(full_name="Hoàng Thị Mai", address="Thôn Nà Phài"),
        ],
        assignees=[officer],
    )
    document = petition_document_add(
        actor=officer,
        petition_id=petition.pk,
        uploaded_file=SimpleUploadedFile("don.pdf", SCAN, content_type="application/pdf"),
        title="Đơn gốc",
        doc_type="other",
    )
    scan_path = Path(media_root) / document.file.name
    assert scan_path.read_bytes() == SCAN
    session = ReceptionSession.objects.order_by("pk").first()
    tables = model_tables()
    source = connection.settings_dict
    counted = table_counts(source, tables)
    petitioners_sql = "SELECT * FROM petitions_petitioner WHERE petition_id = %s ORDER BY id"
    original = {
        "petition": row(source, Petition._meta.db_table, petition.pk),
        "petitioners": rows(source, petitioners_sql, [petition.pk]),
        "session": row(source, ReceptionSession._meta.db_table, session.pk),
    }
    assert len(original["petitioners"]) == 2

    backup = backup_create(backup_dir=tmp_path / "backups")

    # The day after: the petition and its scan are deleted, a session edited, another petition taken in; the
    # restore target holds that state before the backup is restored over it.
    Petition.objects.filter(pk=petition.pk).delete()
    document.file.storage.delete(document.file.name)
    ReceptionSession.objects.filter(pk=session.pk).update(notes="Sửa sau khi sao lưu")
    petition_receive(
        actor=officer,
        receiving_agency=officer.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2026, 11, 3),
        summary="Kiến nghị sửa đường liên thôn",
        petitioners=[PetitionerData(full_name="Lý Văn Sơn")],
        assignees=[officer],
    )
    later = backup_create(backup_dir=tmp_path / "backups")
    backup_restore(later, database=restore_target)
    assert not scan_path.exists()
    assert table_counts(restore_target, [Petition._meta.db_table]) == {
        Petition._meta.db_table: counted[Petition._meta.db_table]
    }  # one deleted, one added

    backup_restore(backup_open(backup.path), database=restore_target)

    restored = table_counts(restore_target, tables)
    assert restored == counted  # every model's table, counted before the backup, independently of its manifest
    assert {table: backup.tables[table] for table in tables} == counted
    assert row(restore_target, Petition._meta.db_table, petition.pk) == original["petition"]
    assert rows(restore_target, petitioners_sql, [petition.pk]) == original["petitioners"]
    assert row(restore_target, ReceptionSession._meta.db_table, session.pk) == original["session"]
    assert scan_path.read_bytes() == SCAN
    assert backup.manifest["media_files"] == 1
    assert backup.manifest["vendor"] == connection.vendor
    assert "0001_initial" in backup.manifest["migrations"]["petitions"]


def _written(tmp_path, vendor: str, **manifest) -> Path:
    """A backup directory with a manifest and files whose checksums match (no database needed)."""
    from portal.backup import DUMP, FORMAT, MANIFEST, MEDIA, file_sha256

    path = tmp_path / f"backup-{vendor}"
    path.mkdir()
    (path / DUMP[vendor]).write_bytes(b"dump")
    (path / MEDIA).write_bytes(b"media")
    written = {
        "format": FORMAT,
        "created_at": "2026-11-20T02:00:00+00:00",
        "vendor": vendor,
        "database": "danvan",
        "migrations": {"petitions": ["0001_initial"]},
        "tables": {"petitions_petition": 3},
        "media_files": 0,
        "files": {name: file_sha256(path / name) for name in (DUMP[vendor], MEDIA)},
        **manifest,
    }
    (path / MANIFEST).write_text(json.dumps(written))
    return path


def test_a_backup_of_the_other_vendor_is_refused(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    backup = backup_open(_written(tmp_path, other))
    with pytest.raises(BackupError, match=f"this backup is of a {other} database and cannot be restored"):
        backup_check_restorable(backup, database=connection.settings_dict)


def test_a_backup_of_a_newer_migration_state_is_refused(tmp_path):
    newer = {"petitions": ["0001_initial", "9999_from_the_future"], "someone_elses_app": ["0001_initial"]}
    backup = backup_open(_written(tmp_path, connection.vendor, migrations=newer))
    with pytest.raises(BackupError, match=r"made by a newer version .*petitions\.9999_from_the_future"):
        backup_check_restorable(backup, database=connection.settings_dict)


def test_a_damaged_backup_is_refused(tmp_path):
    path = _written(tmp_path, connection.vendor)
    (path / "media.tar").write_bytes(b"changed")
    with pytest.raises(BackupError, match="media.tar does not match its checksum"):
        backup_open(path)


def test_restore_asks_first_and_changes_nothing_without_a_yes(tmp_path, monkeypatch):
    path = _written(tmp_path, connection.vendor)
    restored = []
    monkeypatch.setattr("portal.management.commands.restore.backup_restore", lambda *a, **k: restored.append(a))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled: nothing was changed"):
        call_command("restore", str(path))
    assert restored == []

    call_command("restore", str(path), "--noinput")
    assert len(restored) == 1


def test_restore_names_the_refusal_on_the_command_line(tmp_path):
    path = _written(tmp_path, connection.vendor, migrations={"portal": ["9999_newer"]})
    with pytest.raises(CommandError, match="made by a newer version"):
        call_command("restore", str(path), "--noinput")


@pytest.mark.django_db
def test_a_sqlite_backup_inside_a_transaction_is_refused_rather_than_left_waiting(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads its own snapshot beside any transaction")
    with pytest.raises(BackupError, match="cannot be taken inside a transaction"):
        backup_create(backup_dir=tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []  # nothing half-written is left
