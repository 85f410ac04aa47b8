from django.apps import apps
from django.core.management.base import BaseCommand

from portal.encryption import rotate_table
from portal.models import Person, reindex_people
from portal.services import audit_record


def people_models() -> list[type[Person]]:
    """Every table of citizens (petitioners, visitors at reception): the concrete models of Person."""
    return [model for model in apps.get_models() if issubclass(model, Person)]


class Command(BaseCommand):
    help = (
        "Re-encrypt citizens' identities with the first of IDENTITY_KEYS (after a new key was put first), "
        "so older keys can then be removed; --rehash recomputes the look-up digests after IDENTITY_HASH_KEY "
        "changed. Batched and safe to run again; --dry-run only counts. See docs/security.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the rows to re-encrypt; change nothing.")
        parser.add_argument("--rehash", action="store_true", help="Also recompute the digests (new hash key).")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, dry_run: bool, rehash: bool, batch_size: int, **options):
        counts = {}
        for model in people_models():
            # batch by batch, no transaction around the table: an interrupted run is simply run again
            rows = rotate_table(model, dry_run=dry_run, batch_size=batch_size)
            reindexed = reindex_people(model.objects.all(), batch_size=batch_size) if rehash and not dry_run else 0
            counts[model._meta.label] = {"re_encrypted": rows, "reindexed": reindexed}
            verb = "would re-encrypt" if dry_run else "re-encrypted"
            line = f"{model._meta.label}: {verb} {rows} row(s)"
            self.stdout.write(line + (f", recomputed the digests of {reindexed}" if rehash and not dry_run else ""))
        if not dry_run:
            audit_record(actor=None, verb="identity.keys_rotated", payload={"rehash": rehash, "tables": counts})
        self.stdout.write(self.style.SUCCESS("Dry run: nothing changed." if dry_run else "Done."))
