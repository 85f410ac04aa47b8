from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo import seed_organisation


class Command(BaseCommand):
    help = "Create the demo province (Bắc Kạn, pre-2025 map), its agencies and one account per role and level."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="Random seed (same seed, same data).")

    def handle(self, *args, seed: int, **options):
        password = settings.DEMO_PASSWORD
        accounts = seed_organisation(seed=seed, password=password)
        # Each app's demo data: created once, skipped when already there.
        from petitions.demo import seed_petitions
        from petitions.models import DeadlineRule
        from petitions.rule_defaults import load_default_rules
        from reception.demo import seed_reception

        load_default_rules(DeadlineRule)
        petitions = seed_petitions(seed=seed)
        sessions = seed_reception(seed=seed)
        self.stdout.write(f"Demo records created now: {petitions} petitions, {sessions} reception sessions.")
        self.stdout.write(self.style.SUCCESS(f"Demo province ready. Accounts (password: {password}):"))
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.username:<{width}}  {account.role.label}  ·  {account.agency}")
        self.stdout.write(f"  {'admin':<{width}}  superuser (Django admin at /admin/)")
