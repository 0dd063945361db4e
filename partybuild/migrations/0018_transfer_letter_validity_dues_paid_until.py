"""A transfer letter's validity and 党费交至 (issue 16, item 9; docs/domain.md §6).

Adds to Transfer ``letter_valid_until`` (the last day the receiver may register the member) and
``dues_paid_until`` (the month up to which dues are paid; the receiver charges from the month
after), and the status 已过期.

Letters still 待接收 get the validity they had on paper: the day they were issued (``started_at``
in the project's time zone) plus TRANSFER_LETTER_VALID_DAYS. Finished transfers keep no
validity, and none gets a 党费交至 (the dues split falls back to the month the member left).
"""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def pending_letters_validity(apps, schema_editor):
    Transfer = apps.get_model("partybuild", "Transfer")
    days = datetime.timedelta(days=getattr(settings, "TRANSFER_LETTER_VALID_DAYS", 90))
    pending = Transfer.objects.using(schema_editor.connection.alias).filter(status="pending")
    for transfer in pending.only("pk", "started_at"):
        issued_on = timezone.localtime(transfer.started_at).date()
        Transfer.objects.using(schema_editor.connection.alias).filter(pk=transfer.pk).update(
            letter_valid_until=issued_on + days
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0017_organisation_village_community"),
    ]

    operations = [
        migrations.AddField(
            model_name="transfer",
            name="dues_paid_until",
            field=models.DateField(
                blank=True,
                help_text="党费已交到的月份（存该月1日）；转入方从其下一个月起收缴党费",
                null=True,
                verbose_name="党费交至",
            ),
        ),
        migrations.AddField(
            model_name="transfer",
            name="letter_valid_until",
            field=models.DateField(
                blank=True,
                help_text="逾期未接收的，介绍信失效，须由转出党组织重新开具",
                null=True,
                verbose_name="介绍信有效期至",
            ),
        ),
        migrations.AlterField(
            model_name="transfer",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "待接收"),
                    ("accepted", "已接收"),
                    ("returned", "已退回"),
                    ("revoked", "已撤回"),
                    ("expired", "已过期"),
                ],
                default="pending",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.RunPython(pending_letters_validity, migrations.RunPython.noop),
    ]
