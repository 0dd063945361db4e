"""The 党代表 entries of 权限设置 go to the roles that hold every register: a role holding both
便民服务 entries (the built-in 党组织管理员 and any role copied from it) gains 党代表·查看 and
党代表·登记与答复."""

from django.db import migrations

#: The permissions a role must hold to gain the new ones.
FORMER = ("memberservices.view_suggestion", "memberservices.change_suggestion")

ADDED = (
    "representatives.view_representative",
    "representatives.view_congress",
    "representatives.add_representative",
    "representatives.change_representative",
    "representatives.add_congress",
    "representatives.change_congress",
)


def _permissions(apps):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; make the ones the roles need now.
    for label in ("memberservices", "representatives"):
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    return {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }


def add_entry_permissions(apps, schema_editor):
    Role = apps.get_model("partybuild", "Role")
    permissions = _permissions(apps)
    former_ids = {permissions[name] for name in FORMER}
    for role in Role.objects.prefetch_related("permissions"):
        if former_ids <= {permission.pk for permission in role.permissions.all()}:
            role.permissions.add(*(permissions[name] for name in ADDED))


class Migration(migrations.Migration):
    dependencies = [
        ("representatives", "0001_initial"),
        ("partybuild", "0024_memberservices_entries"),
    ]

    operations = [migrations.RunPython(add_entry_permissions, migrations.RunPython.noop)]
