"""The built-in 党组织管理员 role gets the 流动党员 entries of the permission catalogue (as
partybuild.permissions_catalogue lists them for new installations)."""

from django.db import migrations

PERMISSIONS = (
    "mobility.view_mobileoutflow",
    "mobility.view_mobileinflow",
    "mobility.add_mobileoutflow",
    "mobility.change_mobileoutflow",
    "mobility.add_mobileinflow",
    "mobility.change_mobileinflow",
)


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("mobility"), verbosity=0, apps=apps)
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
    dependencies = [("mobility", "0001_initial"), ("partybuild", "0023_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
