"""The two programmes and their phases (2021–2025, 2026–2030); safe to run on a database that has them."""

from django.db import migrations

# The rows as they stood when this migration was written: later edits to defaults.py do not change history.
PROGRAMMES = [
    ("dan-van-kheo", "Phong trào thi đua “Dân vận khéo”", "Dân vận khéo", 1),
    ("chinh-quyen-than-thien", "Mô hình “Chính quyền thân thiện, vì nhân dân phục vụ”", "Chính quyền thân thiện", 2),
]
PHASES = [("2021–2025", 2021, 2025), ("2026–2030", 2026, 2030)]


def create_programmes(apps, schema_editor):
    Programme = apps.get_model("models_registry", "Programme")
    Phase = apps.get_model("models_registry", "Phase")
    for code, name, short_name, order in PROGRAMMES:
        programme, _created = Programme.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "order": order}
        )
        for phase_name, start, end in PHASES:
            Phase.objects.get_or_create(
                programme=programme, start_year=start, defaults={"name": phase_name, "end_year": end}
            )


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [migrations.RunPython(create_programmes, migrations.RunPython.noop)]
