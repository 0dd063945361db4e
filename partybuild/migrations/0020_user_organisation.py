"""Accounts get 所属党组织 (issue 17): the organisation that places an account in the tree.

Existing accounts are placed where they already were: by their member dossier's organisation,
else by the organisation they administer.
"""

import django.db.models.deletion
from django.db import migrations, models


def place_existing_accounts(apps, schema_editor):
    """Fill ``organisation`` from the dossier, else from ``administered_organisation``."""
    User = apps.get_model("partybuild", "User")
    Member = apps.get_model("partybuild", "Member")
    dossiers = dict(
        Member.objects.filter(user__isnull=False).values_list("user_id", "organisation_id")
    )
    for user in User.objects.filter(organisation__isnull=True).only(
        "pk", "administered_organisation_id"
    ):
        organisation_id = dossiers.get(user.pk) or user.administered_organisation_id
        if organisation_id is not None:
            User.objects.filter(pk=user.pk).update(organisation_id=organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0018_transfer_letter_validity_dues_paid_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="账号所在的党组织；其上级组织的管理员可以管理该账号。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="accounts",
                to="partybuild.organisation",
                verbose_name="所属党组织",
            ),
        ),
        migrations.RunPython(place_existing_accounts, migrations.RunPython.noop, elidable=True),
    ]
