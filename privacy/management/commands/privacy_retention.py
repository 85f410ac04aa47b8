"""`manage.py privacy_retention`: what the retention sweep would de-identify (a dry run); `--apply` does it."""

import datetime as dt

from django.core.management.base import BaseCommand

from privacy.retention import retention_apply, retention_dry_run


class Command(BaseCommand):
    help = "Dry run (default) or --apply of the de-identification of closed cases past retention (docs/privacy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="De-identify (default: only count).")
        parser.add_argument("--batch-size", type=int, default=None, help="Cases per transaction.")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Count from this day (ISO).")

    def handle(self, *args, apply: bool, batch_size: int | None, today: dt.date | None, **options):
        if apply:
            report = retention_apply(today=today, batch_size=batch_size)
        else:
            report = retention_dry_run(today=today)
        self.stdout.write(("Đã xóa định danh" if apply else "Chạy thử, chưa thay đổi gì") + f" ({report.today}):")
        for line in report.as_lines():
            self.stdout.write(f"  {line}")
