from django.db import migrations


def add_types(apps, schema_editor):
    from support.choices import DEFAULT_ACTIVITY_TYPES

    ActivityType = apps.get_model("support", "ActivityType")
    for order, (code, name, unit) in enumerate(DEFAULT_ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(code=code, defaults={"name": name, "quantity_unit": unit, "order": order})


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
