"""Roles and scoped role assignments (issue 17), the built-in roles, and the accounts' former
scope turned into assignments.

Each account that administered an organisation gets, on that organisation, the built-in role of
each site-wide group it belonged to (党组织管理员, 支部书记, 内容编辑 → 编辑, 党委审核员), a role made
from each other group it belonged to (same permissions; groups with page permissions, which
content generates per organisation, stay Wagtail groups), or — when none of these — a role
without permissions that keeps its scope. The built-in roles' permissions are frozen here
(from partybuild/permissions_catalogue.py at the time of writing).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BUILTIN_ROLES = [
    (
        "system_admin",
        "系统管理员",
        None,
        1,
        "三员分立：账号、党组织与系统配置；不含审计日志与完整身份信息。",
        (
            "dues.manage_dues_rates",
            "partybuild.add_organisation",
            "partybuild.add_user",
            "partybuild.change_organisation",
            "partybuild.change_user",
            "partybuild.delete_organisation",
            "partybuild.view_organisation",
            "partybuild.view_user",
            "wagtailadmin.access_admin",
        ),
    ),
    (
        "security_admin",
        "安全管理员",
        None,
        2,
        "三员分立：角色、权限与安全策略（密码规则、锁定、双因素认证）。",
        (
            "partybuild.add_role",
            "partybuild.add_roleassignment",
            "partybuild.change_role",
            "partybuild.delete_role",
            "partybuild.delete_roleassignment",
            "partybuild.manage_security_policy",
            "partybuild.view_role",
            "partybuild.view_roleassignment",
            "wagtailadmin.access_admin",
        ),
    ),
    (
        "audit_admin",
        "审计管理员",
        None,
        3,
        "三员分立：只查看和导出审计日志。",
        ("partybuild.view_audit_log", "wagtailadmin.access_admin"),
    ),
    (
        "org_admin",
        "党组织管理员",
        None,
        10,
        "",
        (
            "dues.add_duespayment",
            "dues.add_dueswaiver",
            "dues.change_duespayment",
            "dues.change_dueswaiver",
            "dues.view_duesassessment",
            "dues.view_duespayment",
            "memberservices.change_boardpost",
            "memberservices.change_microwish",
            "memberservices.change_secretaryletter",
            "memberservices.change_suggestion",
            "memberservices.view_boardpost",
            "memberservices.view_microwish",
            "memberservices.view_secretaryletter",
            "memberservices.view_suggestion",
            "orglife.add_meeting",
            "orglife.change_meeting",
            "orglife.view_meeting",
            "partybuild.add_member",
            "partybuild.add_organisation",
            "partybuild.add_transfer",
            "partybuild.change_member",
            "partybuild.change_memberchangerequest",
            "partybuild.change_organisation",
            "partybuild.change_transfer",
            "partybuild.delete_member",
            "partybuild.delete_organisation",
            "partybuild.view_member",
            "partybuild.view_memberchangerequest",
            "partybuild.view_organisation",
            "partybuild.view_transfer",
            "recruitment.add_candidate",
            "recruitment.change_candidate",
            "recruitment.change_candidatesubmission",
            "recruitment.view_candidate",
            "recruitment.view_candidatesubmission",
            "supervision.add_inspectiontask",
            "supervision.change_inspectiontask",
            "supervision.change_meetinginspection",
            "supervision.view_inspectiontask",
            "supervision.view_meetinginspection",
            "wagtailadmin.access_admin",
        ),
    ),
    (
        "branch_secretary",
        "支部书记",
        None,
        11,
        "内容的支部审核（两级审核第一步）。",
        (
            "partybuild.edit_content",
            "partybuild.review_branch_content",
            "wagtailadmin.access_admin",
        ),
    ),
    (
        "editor",
        "编辑",
        "branch_secretary",
        12,
        "在所辖党组织的栏目中撰写内容，提交审核。",
        ("partybuild.edit_content", "wagtailadmin.access_admin"),
    ),
    (
        "committee_reviewer",
        "党委审核员",
        None,
        13,
        "内容的党委审核（两级审核第二步），可发布。",
        (
            "partybuild.edit_content",
            "partybuild.review_committee_content",
            "wagtailadmin.access_admin",
        ),
    ),
]

#: Site-wide groups that become built-in roles.
GROUP_ROLES = {
    "党组织管理员": "org_admin",
    "支部书记": "branch_secretary",
    "内容编辑": "editor",
    "党委审核员": "committee_reviewer",
}
LEGACY_SCOPE_ROLE = ("legacy_scope", "原管理范围", "迁移前“管理的党组织”，不含任何权限。")
PERMISSION_APPS = (
    "partybuild",
    "dues",
    "recruitment",
    "orglife",
    "supervision",
    "memberservices",
    "wagtailadmin",
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


def create_roles(apps, schema_editor):
    Role = apps.get_model("partybuild", "Role")
    permissions = _permissions(apps)
    roles = {}
    for code, name, parent, order, note, codenames in BUILTIN_ROLES:
        role = Role.objects.create(
            code=code,
            name=name,
            parent=roles.get(parent),
            order=order,
            note=note,
            is_builtin=True,
        )
        role.permissions.set([permissions[codename] for codename in codenames])
        roles[code] = role


def assignments_from_scope(apps, schema_editor):
    User = apps.get_model("partybuild", "User")
    Role = apps.get_model("partybuild", "Role")
    RoleAssignment = apps.get_model("partybuild", "RoleAssignment")
    Organisation = apps.get_model("partybuild", "Organisation")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    generated = set(GroupPagePermission.objects.values_list("group_id", flat=True))
    roles = {role.code: role for role in Role.objects.all()}
    roots = list(Organisation.objects.filter(depth=1))

    def group_role(group):
        if group.name in GROUP_ROLES:
            return roles[GROUP_ROLES[group.name]]
        if group.pk in generated:
            return None
        code = f"group_{group.pk}"
        if code not in roles:
            taken = set(Role.objects.values_list("name", flat=True))
            name = group.name if group.name not in taken else f"{group.name}（原用户组）"
            roles[code] = Role.objects.create(code=code, name=name[:50], order=100)
            roles[code].permissions.set(group.permissions.all())
        return roles[code]

    for user in User.objects.prefetch_related("groups"):
        found = [role for role in map(group_role, user.groups.all()) if role is not None]
        if user.administered_organisation_id is not None:
            organisations = [user.administered_organisation]
            if not found:
                if LEGACY_SCOPE_ROLE[0] not in roles:
                    code, name, note = LEGACY_SCOPE_ROLE
                    roles[code] = Role.objects.create(code=code, name=name, note=note, order=100)
                found = [roles[LEGACY_SCOPE_ROLE[0]]]
        else:
            # Site-wide content roles without a scope applied everywhere: the whole tree.
            found = [role for role in found if role.code in ("editor", "committee_reviewer")]
            organisations = roots
        for role in found:
            for organisation in organisations:
                RoleAssignment.objects.get_or_create(
                    user=user, role=role, organisation=organisation
                )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("partybuild", "0022_user_superuser_until"),
        ("dues", "0002_dues_waivers_and_non_negative_base"),
        ("recruitment", "0001_initial"),
        ("orglife", "0001_initial"),
        ("supervision", "0001_initial"),
        ("memberservices", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "__first__"),
    ]

    operations = [
        migrations.CreateModel(
            name="Role",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=50, unique=True, verbose_name="角色编码")),
                ("name", models.CharField(max_length=50, verbose_name="角色名称")),
                ("is_enabled", models.BooleanField(default=True, verbose_name="是否启用")),
                ("order", models.IntegerField(default=0, verbose_name="排序")),
                ("note", models.TextField(blank=True, verbose_name="备注")),
                (
                    "is_builtin",
                    models.BooleanField(default=False, editable=False, verbose_name="内置角色"),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="partybuild.role",
                        verbose_name="上级角色",
                    ),
                ),
                (
                    "permissions",
                    models.ManyToManyField(
                        blank=True,
                        related_name="partybuild_roles",
                        to="auth.permission",
                        verbose_name="权限",
                    ),
                ),
            ],
            options={
                "verbose_name": "角色",
                "verbose_name_plural": "角色",
                "ordering": ["order", "code"],
                "permissions": [
                    ("edit_content", "编辑内容"),
                    ("review_branch_content", "支部审核内容"),
                    ("review_committee_content", "党委审核内容"),
                    ("manage_security_policy", "管理安全策略"),
                    ("view_audit_log", "查看审计日志"),
                ],
            },
        ),
        migrations.CreateModel(
            name="RoleAssignment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("granted_at", models.DateTimeField(auto_now_add=True, verbose_name="分配时间")),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="分配人",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_assignments",
                        to="partybuild.organisation",
                        verbose_name="管理范围",
                    ),
                ),
                (
                    "role",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="partybuild.role",
                        verbose_name="角色",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="role_assignments",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="账号",
                    ),
                ),
            ],
            options={
                "verbose_name": "角色分配",
                "verbose_name_plural": "角色分配",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "role", "organisation"), name="role_assignment_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(assignments_from_scope, migrations.RunPython.noop),
    ]
