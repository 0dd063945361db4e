"""手机号码 of members and accounts encrypted at rest, with a blind index for exact search
(partybuild/core/crypto.py, docs/architecture.md "Personal data"). The columns become text, the
index columns are added, then the existing plain values are encrypted and indexed in place in
batches; reversing decrypts them before the columns shrink back."""

from django.db import migrations

import partybuild.core.crypto
import partybuild.core.validators
from partybuild.core.crypto import plaintext_column_decrypt, plaintext_column_encrypt
from partybuild.core.validators import normalise_phone

TABLES = ("partybuild_member", "partybuild_user")


def phones_encrypt(apps, schema_editor):
    for table in TABLES:
        plaintext_column_encrypt(
            connection=schema_editor.connection,
            table=table,
            column="phone",
            index_column="phone_index",
            normalise=normalise_phone,
        )


def phones_decrypt(apps, schema_editor):
    for table in TABLES:
        plaintext_column_decrypt(connection=schema_editor.connection, table=table, column="phone")


def _phone_field():
    return partybuild.core.crypto.EncryptedCharField(
        blank=True,
        max_length=11,
        validators=[partybuild.core.validators.validate_mobile],
        verbose_name="手机号码",
    )


def _phone_index_field():
    return partybuild.core.crypto.BlindIndexField(
        normalise=partybuild.core.validators.normalise_phone, source="phone"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0029_sessions_tokens_ratelimits"),
    ]

    operations = [
        migrations.AlterField(model_name="member", name="phone", field=_phone_field()),
        migrations.AlterField(model_name="user", name="phone", field=_phone_field()),
        migrations.AddField(model_name="member", name="phone_index", field=_phone_index_field()),
        migrations.AddField(model_name="user", name="phone_index", field=_phone_index_field()),
        migrations.RunPython(phones_encrypt, phones_decrypt, elidable=False),
    ]
