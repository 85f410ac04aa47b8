from django.db import migrations


def load(apps, schema_editor):
    from portal.catalog_defaults import load_default_catalogs

    load_default_catalogs(apps.get_model("portal", "CatalogEntry"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_default_catalogs")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
