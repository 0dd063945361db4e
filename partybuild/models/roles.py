"""Roles and their scoped assignments (issue 17): what an account may do, and where.

A :class:`Role` is a named permission set (角色管理, 权限设置); a :class:`RoleAssignment` gives it
to an account on one organisation's subtree. An account's permissions are the union of its enabled
roles' (partybuild.auth_backends), its scope the union of its assignments' subtrees
(partybuild.selectors.roles).
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation

#: The three roles of 三员分立 (MLPS level 3): no account may hold two of them.
SYSTEM_ADMIN_ROLE = "system_admin"
SECURITY_ADMIN_ROLE = "security_admin"
AUDIT_ADMIN_ROLE = "audit_admin"
SEPARATED_ROLES = (SYSTEM_ADMIN_ROLE, SECURITY_ADMIN_ROLE, AUDIT_ADMIN_ROLE)


class Role(models.Model):
    """A role (角色): code, name, parent role, enabled, order, note, and its permissions.

    A child role never holds a permission its parent lacks, and a role grants nothing while it or
    one of its ancestors is disabled; both are enforced by partybuild.services.roles and
    partybuild.selectors.roles.
    """

    code = models.CharField(_("角色编码"), max_length=50, unique=True)
    name = models.CharField(_("角色名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级角色"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_enabled = models.BooleanField(_("是否启用"), default=True)
    order = models.IntegerField(_("排序"), default=0)
    note = models.TextField(_("备注"), blank=True)
    is_builtin = models.BooleanField(_("内置角色"), default=False, editable=False)
    permissions = models.ManyToManyField(
        Permission, verbose_name=_("权限"), blank=True, related_name="partybuild_roles"
    )

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["order", "code"]
        permissions = [
            ("edit_content", _("编辑内容")),
            ("review_branch_content", _("支部审核内容")),
            ("review_committee_content", _("党委审核内容")),
            ("manage_security_policy", _("管理安全策略")),
            ("view_audit_log", _("查看审计日志")),
        ]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A role given to an account on an organisation's subtree (角色分配)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("角色"), on_delete=models.PROTECT, related_name="assignments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("管理范围"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分配人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="role_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.organisation}"
