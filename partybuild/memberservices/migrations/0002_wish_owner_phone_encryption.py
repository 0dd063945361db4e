"""心愿主人电话 of micro-wishes encrypted at rest like members' 手机号码
(partybuild/core/crypto.py): the column becomes text and the existing plain values are encrypted
in place; nothing searches it, so it has no blind index. Reversing decrypts them before the column
shrinks back."""

from django.db import migrations

import partybuild.core.crypto
import partybuild.core.validators
from partybuild.core.crypto import plaintext_column_decrypt, plaintext_column_encrypt

TABLE = "partybuild_microwish"


def phones_encrypt(apps, schema_editor):
    plaintext_column_encrypt(connection=schema_editor.connection, table=TABLE, column="owner_phone")


def phones_decrypt(apps, schema_editor):
    plaintext_column_decrypt(connection=schema_editor.connection, table=TABLE, column="owner_phone")


class Migration(migrations.Migration):
    dependencies = [
        ("memberservices", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="microwish",
            name="owner_phone",
            field=partybuild.core.crypto.EncryptedCharField(
                blank=True,
                max_length=11,
                validators=[partybuild.core.validators.validate_mobile],
                verbose_name="心愿主人电话",
            ),
        ),
        migrations.RunPython(phones_encrypt, phones_decrypt, elidable=False),
    ]
