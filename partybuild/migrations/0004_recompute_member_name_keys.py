"""Recompute members' name keys now that 姓氏笔画 counts come from Unihan (partybuild/names.py)."""

from django.db import migrations


def recompute(apps, schema_editor):
    from partybuild.core.names import name_initials, name_sort_key

    Member = apps.get_model("partybuild", "Member")
    for member in Member.objects.only("pk", "name").iterator():
        Member.objects.filter(pk=member.pk).update(
            name_initials=name_initials(member.name), name_sort_key=name_sort_key(member.name)
        )


class Migration(migrations.Migration):
    dependencies = [("partybuild", "0003_dossier_records_transfers_change_requests")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
