"""手机号码 of candidates encrypted at rest, with a blind index (as partybuild 0027 does for
members and accounts): the column becomes text, the index is added, the existing plain values are
encrypted and indexed in place; reversing decrypts them before the column shrinks back."""

from django.db import migrations

import partybuild.core.crypto
import partybuild.core.validators
from partybuild.core.crypto import plaintext_column_decrypt, plaintext_column_encrypt
from partybuild.core.validators import normalise_phone

TABLE = "partybuild_candidate"


def phones_encrypt(apps, schema_editor):
    plaintext_column_encrypt(
        connection=schema_editor.connection,
        table=TABLE,
        column="phone",
        index_column="phone_index",
        normalise=normalise_phone,
    )


def phones_decrypt(apps, schema_editor):
    plaintext_column_decrypt(connection=schema_editor.connection, table=TABLE, column="phone")


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="candidate",
            name="phone",
            field=partybuild.core.crypto.EncryptedCharField(
                blank=True,
                max_length=11,
                validators=[partybuild.core.validators.validate_mobile],
                verbose_name="手机号码",
            ),
        ),
        migrations.AddField(
            model_name="candidate",
            name="phone_index",
            field=partybuild.core.crypto.BlindIndexField(
                normalise=partybuild.core.validators.normalise_phone, source="phone"
            ),
        ),
        migrations.RunPython(phones_encrypt, phones_decrypt, elidable=False),
    ]
