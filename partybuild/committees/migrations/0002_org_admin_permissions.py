"""The built-in 党组织管理员 role gets 班子成员与换届 (permissions_catalogue._REGISTERS)."""

from django.db import migrations

CODENAMES = (
    "view_committeeterm",
    "view_reelection",
    "add_committeeterm",
    "change_committeeterm",
    "add_reelection",
    "change_reelection",
)


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; make the ones the role needs now.
    create_permissions(global_apps.get_app_config("committees"), verbosity=0, apps=apps)
    Role = apps.get_model("partybuild", "Role")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="committees", codename__in=CODENAMES
    )
    for role in Role.objects.filter(code="org_admin"):
        role.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0001_initial"),
        ("partybuild", "0023_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
