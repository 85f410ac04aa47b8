"""Scrub personal search terms that earlier exports and searches left in audit payloads."""

from django.db import migrations


def redact(apps, schema_editor):
    from portal.redaction import payload_redacted

    AuditEvent = apps.get_model("portal", "AuditEvent")
    for event in AuditEvent.objects.exclude(payload={}).only("pk", "payload").iterator(chunk_size=2000):
        cleaned = payload_redacted(event.payload)
        if cleaned != event.payload:
            AuditEvent.objects.filter(pk=event.pk).update(payload=cleaned)


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_content_subfields")]

    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
