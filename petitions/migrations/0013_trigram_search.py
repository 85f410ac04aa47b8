"""Trigram indexes for the register's text search on PostgreSQL (a `LIKE '%…%'` over millions of rows otherwise
reads them all); SQLite, the embedded default, searches its small registers without them."""

import logging

from django.db import migrations, transaction

INDEXES = {
    "petition_search_trgm": ("petitions_petition", "search_text"),
    "petitioner_name_trgm": ("petitions_petitioner", "search_name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        try:
            # pg_trgm is a trusted extension: a database owner may create it
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 (without it the search still works, only slower)
            logging.getLogger(__name__).warning("pg_trgm unavailable, the text search has no index: %s", error)
            return
        for name, (table, column) in INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0012_register_order")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
