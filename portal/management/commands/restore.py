from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal.backup import BackupError, backup_check_restorable, backup_open, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: every table of the configured database and every media "
        "file are replaced by the backup's. Refuses a backup of the other database vendor or of a newer "
        "migration state. Stop the web app and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup's directory (under BACKUP_DIR).")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path: Path, noinput: bool, **options):
        database = connections["default"].settings_dict
        try:
            backup = backup_open(path)
            backup_check_restorable(backup, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        where = f"{database['NAME']}" + (f" on {database['HOST']}" if database.get("HOST") else "")
        self.stdout.write(
            f"Backup of {backup.manifest['created_at']} ({backup.vendor}, {len(backup.tables)} tables, "
            f"{sum(backup.tables.values())} rows, {backup.manifest['media_files']} media files)."
        )
        if not noinput:
            answer = input(
                f"This replaces every table of the database {where} and every file under {settings.MEDIA_ROOT}. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            backup_restore(backup, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {backup.path}: every table holds the backup's row count."))
