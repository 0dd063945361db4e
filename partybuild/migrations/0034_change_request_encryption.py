"""The requested and the replaced values of dossier change requests (a 手机号码 among them)
encrypted at rest (partybuild/core/crypto.py ``EncryptedJSONField``): the JSON columns become
text holding the JSON of each value, which is then encrypted in place in batches; reversing
decrypts it before the columns become JSON again."""

from django.db import migrations

import partybuild.core.crypto
from partybuild.core.crypto import plaintext_column_decrypt, plaintext_column_encrypt

TABLE = "partybuild_memberchangerequest"
COLUMNS = ("changes", "previous")


def changes_encrypt(apps, schema_editor):
    for column in COLUMNS:
        plaintext_column_encrypt(connection=schema_editor.connection, table=TABLE, column=column)


def changes_decrypt(apps, schema_editor):
    for column in COLUMNS:
        plaintext_column_decrypt(connection=schema_editor.connection, table=TABLE, column=column)
    if schema_editor.connection.vendor == "postgresql":
        # The rows' deferred foreign-key checks must run before the columns can be altered.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0033_message_kind_moderation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="memberchangerequest",
            name="changes",
            field=partybuild.core.crypto.EncryptedJSONField(
                help_text="字段名 → 新值", verbose_name="申请修改的内容"
            ),
        ),
        migrations.AlterField(
            model_name="memberchangerequest",
            name="previous",
            field=partybuild.core.crypto.EncryptedJSONField(
                blank=True, default=dict, verbose_name="修改前的内容"
            ),
        ),
        migrations.RunPython(changes_encrypt, changes_decrypt, elidable=False),
    ]
