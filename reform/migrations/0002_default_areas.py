"""The six areas of Resolution 76/NQ-CP, so that every installation can plan from the first day."""

from django.db import migrations

AREAS = [
    ("institutions", "Cải cách thể chế"),
    ("procedures", "Cải cách thủ tục hành chính"),
    ("organisation", "Cải cách tổ chức bộ máy"),
    ("civil_service", "Cải cách chế độ công vụ"),
    ("public_finance", "Cải cách tài chính công"),
    ("digital_government", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
]


def add_areas(apps, schema_editor):
    Area = apps.get_model("reform", "Area")
    for order, (code, name) in enumerate(AREAS, start=1):
        Area.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("reform", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
