from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.models import AdministrativeUnit
from portal.services import DomainError
from reports.periods import parse_period, standard_periods
from reports.services import reports_refresh, units_with_data


class Command(BaseCommand):
    help = "Recompute report snapshots now (the nightly task's work, run synchronously)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Official code of one unit (with --generation); default: all with data.")
        parser.add_argument("--generation", default="legacy", choices=["legacy", "2025"])
        parser.add_argument(
            "--period",
            help="2024, 2024-Q3, 2024-H1, 2024-9M or 2024-03; default: all standard periods of this year and the last.",
        )

    def handle(self, *args, unit=None, generation="legacy", period=None, **options):
        if unit:
            units = list(
                AdministrativeUnit.objects.filter(generation=generation, code=unit.zfill(2) if len(unit) < 2 else unit)
            )
            if not units:
                raise CommandError(f"No unit with code {unit} in generation {generation}.")
        else:
            units = list(units_with_data())
        try:
            if period:
                periods = [parse_period(period=period)]
            else:
                year = timezone.localdate().year
                periods = standard_periods(year - 1) + standard_periods(year)
        except DomainError as error:
            raise CommandError(str(error)) from error
        # Every registered family; every unit with data unless one was named (then its snapshots' own check times move).
        count = reports_refresh(units=units, periods=periods, every_unit=not unit)
        self.stdout.write(self.style.SUCCESS(f"Refreshed {count} snapshots for {len(units)} units."))
