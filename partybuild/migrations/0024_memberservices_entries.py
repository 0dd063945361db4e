"""The 便民服务 entries of 权限设置 gain what their admin checks but the catalogue left out (issue
17): 微心得 (``view_microexperience`` with 查看, ``change_microexperience`` with 处理) and
registering a 微心愿 on a member's behalf (``add_microwish`` with 处理). Without them only a
superuser reached 微心得 and 新增微心愿. A role that held an entry's former permissions is given
the entry's new ones, so it keeps holding the entry."""

from django.db import migrations

PERMISSION_APPS = ("memberservices",)

#: (the entry's former permissions, the permissions it gains)
ENTRY_ADDITIONS = (
    (
        (
            "memberservices.view_microwish",
            "memberservices.view_suggestion",
            "memberservices.view_secretaryletter",
            "memberservices.view_boardpost",
        ),
        ("memberservices.view_microexperience",),
    ),
    (
        (
            "memberservices.change_microwish",
            "memberservices.change_suggestion",
            "memberservices.change_secretaryletter",
            "memberservices.change_boardpost",
        ),
        ("memberservices.change_microexperience", "memberservices.add_microwish"),
    ),
)


def _permissions(apps):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; make the ones the roles need now.
    for label in PERMISSION_APPS:
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
    for former, added in ENTRY_ADDITIONS:
        former_ids = {permissions[name] for name in former}
        for role in Role.objects.prefetch_related("permissions"):
            if former_ids <= {permission.pk for permission in role.permissions.all()}:
                role.permissions.add(*(permissions[name] for name in added))


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0023_roles"),
        ("memberservices", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_entry_permissions, migrations.RunPython.noop)]
