from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite) and the media files into "
        "a new directory of BACKUP_DIR, with a manifest of row counts, migrations and checksums. Safe while the "
        "portal runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Where to write the backup (default: settings.BACKUP_DIR).")

    def handle(self, *args, dir: Path | None = None, **options):
        try:
            backup = backup_create(backup_dir=dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(backup.tables.values())
        self.stdout.write(
            f"{backup.vendor}: {len(backup.tables)} tables, {rows} rows, {backup.manifest['media_files']} media files"
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {backup.path}"))
