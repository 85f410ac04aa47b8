from django.db import migrations


def load_defaults(apps, schema_editor):
    from petitions.rule_defaults import DEFAULT_RULES

    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    for rule in DEFAULT_RULES:
        DeadlineRule.objects.update_or_create(
            code=rule["code"], effective_from=rule.get("effective_from"),
            defaults={k: v for k, v in rule.items() if k not in ("code", "effective_from")},
        )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
