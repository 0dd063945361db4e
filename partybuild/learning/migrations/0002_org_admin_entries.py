"""The built-in 党组织管理员 role gains the 学习教育 entries of 权限设置 (查看, 管理), as the
catalogue's BUILTIN_ROLES now lists them (partybuild/permissions_catalogue.py)."""

from django.db import migrations

PERMISSIONS = (
    "view_course",
    "view_questionbank",
    "view_exam",
    "view_examattempt",
    "add_course",
    "change_course",
    "delete_course",
    "add_questionbank",
    "change_questionbank",
    "delete_questionbank",
    "add_exam",
    "change_exam",
    "delete_exam",
)


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; make the ones the role needs now.
    create_permissions(global_apps.get_app_config("learning"), verbosity=0, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    Role = apps.get_model("partybuild", "Role")
    permissions = Permission.objects.filter(
        content_type__app_label="learning", codename__in=PERMISSIONS
    )
    for role in Role.objects.filter(code="org_admin"):
        role.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("partybuild", "0023_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
