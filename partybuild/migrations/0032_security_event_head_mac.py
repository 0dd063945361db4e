"""The chain's head row keeps an HMAC of the head (``last_mac``), so removing the newest audit
entries and rewinding the head shows in ``audit_verify``. An existing head is signed as it stands
(whatever was removed before this migration is beyond its reach)."""

from django.db import migrations, models


def head_sign(apps, schema_editor):
    from partybuild.services.security_events import head_mac

    anchor_model = apps.get_model("partybuild", "SecurityEventAnchor")
    for anchor in anchor_model.objects.filter(last_sequence__gt=0):
        anchor.last_mac = head_mac(sequence=anchor.last_sequence, entry_hash_value=anchor.last_hash)
        anchor.save(update_fields=["last_mac"])


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0031_password_reset_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="securityeventanchor",
            name="last_mac",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(head_sign, migrations.RunPython.noop),
    ]
