import time

from django.core.management.base import BaseCommand

from portal.choices import Generation
from portal.unit_import import units_load


class Command(BaseCommand):
    help = (
        "Load Vietnam's official administrative units (34 provinces, 3,321 communes since 1 July 2025); "
        "--legacy loads the pre-2025 three-level map with its succession links. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--legacy", action="store_true", help="Load the pre-2025 three-level map.")

    def handle(self, *args, legacy: bool, **options):
        started = time.monotonic()
        generation = Generation.LEGACY if legacy else Generation.CURRENT
        report = units_load(generation=generation)
        self.stdout.write(f"Generation {generation.value}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
