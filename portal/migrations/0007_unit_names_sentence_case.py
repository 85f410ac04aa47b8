"""Unit names in Vietnamese sentence case: "Thành Phố Bắc Kạn" becomes "Thành phố Bắc Kạn".

The vietnam-provinces data capitalises a few unit-type prefixes wrongly; pages, exports and the
API all read the stored name, so the stored name is what is fixed (and the agencies named after
the unit). `load_units` applies the same rule to what it loads later.
"""

from django.db import migrations

# A frozen copy of portal.management.commands.load_units.UNIT_TYPE_PREFIXES: migrations do not import app code.
PREFIXES = ["Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Huyện", "Quận", "Phường", "Tỉnh", "Xã"]


def _normalised(name: str) -> str:
    for prefix in PREFIXES:
        head, rest = name[: len(prefix)], name[len(prefix) :]
        if head.lower() == prefix.lower() and (not rest or rest.startswith(" ")):
            return prefix + rest
    return name


def normalise(apps, schema_editor):
    AdministrativeUnit = apps.get_model("portal", "AdministrativeUnit")
    Agency = apps.get_model("portal", "Agency")
    for unit in AdministrativeUnit.objects.only("pk", "name").iterator(chunk_size=2000):
        name = _normalised(unit.name)
        if name == unit.name:
            continue
        AdministrativeUnit.objects.filter(pk=unit.pk).update(name=name)
        for agency in Agency.objects.filter(unit_id=unit.pk, name__contains=unit.name).only("pk", "name"):
            Agency.objects.filter(pk=agency.pk).update(name=agency.name.replace(unit.name, name))


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_redact_audit_search_terms")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
