from django.db import migrations


def load_defaults(apps, schema_editor):
    from petitions.rule_defaults import load_default_rules

    load_default_rules(apps.get_model("petitions", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
