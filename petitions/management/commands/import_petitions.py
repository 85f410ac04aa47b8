import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from petitions.importer import petitions_import
from portal.models import User


class Command(BaseCommand):
    help = (
        "Import a petition register (.xlsx or UTF-8 .csv; columns and limits in docs/import-petitions.md). "
        "All rows or none; rows whose register number exists are skipped, so it is safe to run again. "
        "With --user the import is that official's (rows must lie in their scope); without it, it is "
        "the operator's, over the whole map."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx or .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, write nothing.")
        parser.add_argument(
            "--user",
            help="Import as this official: every row's unit must lie in their scope, and they are the "
            "actor in the audit trail. Without it the import is the operator's, for any unit, with no actor.",
        )

    def handle(self, *args, file: str, dry_run: bool, user: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": file})
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("Không có tài khoản %(username)s.") % {"username": user})
        else:
            self.stdout.write(
                _(
                    "Nhập với quyền người vận hành: không giới hạn phạm vi đơn vị, không ghi người thực hiện. "
                    "Dùng --user để nhập theo phạm vi của một cán bộ."
                )
            )
        started = time.monotonic()
        report = petitions_import(source=path, filename=path.name, actor=actor, dry_run=dry_run)
        elapsed = time.monotonic() - started
        if not report.ok:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(
                _("Không nhập được: %(count)s lỗi; không có đơn nào được ghi.") % {"count": len(report.errors)}
            )
        if dry_run:
            message = _("Kiểm tra xong (không ghi gì): %(created)s đơn sẽ được tạo, %(unchanged)s đơn đã có.")
        else:
            message = _("Đã nhập %(created)s đơn (%(cases)s vụ việc mới), bỏ qua %(unchanged)s đơn đã có.")
        values = {"created": report.created, "cases": report.cases_created, "unchanged": report.unchanged}
        self.stdout.write(self.style.SUCCESS(message % values))
        self.stdout.write(_("Thời gian: %(seconds).1f giây.") % {"seconds": elapsed})
