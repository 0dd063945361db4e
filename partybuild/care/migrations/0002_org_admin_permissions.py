"""The built-in 党组织管理员 role gets the 党内关怀 entries of the permission catalogue (as
partybuild.permissions_catalogue lists them for new installations)."""

from django.db import migrations

PERMISSIONS = (
    "care.view_hardshipmember",
    "care.view_carevisit",
    "care.add_hardshipmember",
    "care.change_hardshipmember",
    "care.add_carevisit",
)


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("care"), verbosity=0, apps=apps)
    Role = apps.get_model("partybuild", "Role")
    Permission = apps.get_model("auth", "Permission")
    role = Role.objects.filter(code="org_admin").first()
    if role is None:
        return
    for name in PERMISSIONS:
        app_label, codename = name.split(".")
        role.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial"), ("partybuild", "0023_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
