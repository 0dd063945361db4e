"""Writes of roles and role assignments (角色管理, 角色分配), with delegation without escalation
(docs/architecture.md, "Who sees what"; issue 17).

- A child role never holds a permission its parent lacks (``role_permissions_exceeding_parent``).
- An administrator grants only roles they hold in force (or their descendants), on organisations
  within the subtrees where they hold them, to accounts in their scope; a superuser anything.
- 三员分立: no account holds two of 系统管理员, 安全管理员, 审计管理员.
Every refusal is a ValidationError or PermissionDenied with a Chinese message and a stable code;
every change leaves an audit entry and tells content to derive the account's page groups; a
refused grant or revocation leaves a failed entry in the security audit trail.
Revoking an assignment, or a role ceasing to be in force (disabled, itself or an ancestor), ends
the web sessions and app tokens of the accounts concerned (partybuild.services.sessions
``user_access_end``): they sign in again under their new rights.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse, required_text
from partybuild.models import Organisation, Role, RoleAssignment, User
from partybuild.models.roles import SEPARATED_ROLES
from partybuild.permissions_catalogue import permission_label
from partybuild.selectors.roles import (
    role_ancestors,
    role_effective_ids,
    role_grant_organisations,
    role_grantable_for_user,
    role_permission_names,
    user_scope_forget,
)
from partybuild.selectors.users import user_scope_for_user
from partybuild.services.audit import audit_record
from partybuild.services.security_events import refusals_recorded, security_event_record
from partybuild.services.sessions import user_access_end
from partybuild.signals import role_assignments_changed


class RoleRefused(PermissionDenied):
    """A refused role operation: PermissionDenied with a stable ``code``."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _permission_names(permissions: Iterable[Permission]) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def _labels(names: set[str]) -> str:
    return "、".join(sorted({permission_label(name) for name in names}))


def _require_role_manager(actor: User | None) -> None:
    if actor is not None and not (actor.is_superuser or actor.has_perm("partybuild.change_role")):
        raise RoleRefused(_("您没有角色管理权限。"), "role_manage_forbidden")


def _check_within_parent(*, parent: Role | None, names: set[str]) -> None:
    """A child holds no permission its parent lacks."""
    if parent is None:
        return
    exceeding = names - role_permission_names(role=parent)
    if exceeding:
        refuse(
            "permissions",
            _("下级角色的权限不能超过上级角色「%(parent)s」，超出的权限：%(names)s。"),
            "role_exceeds_parent",
            parent=parent.name,
            names=_labels(exceeding),
        )


def _check_children_within(*, role: Role, names: set[str]) -> None:
    """Reducing a role's permissions must not leave a child holding more."""
    for child in role.children.all():
        exceeding = role_permission_names(role=child) - names
        if exceeding:
            refuse(
                "permissions",
                _("下级角色「%(child)s」持有本角色将不再拥有的权限：%(names)s；请先调整下级角色。"),
                "role_child_exceeds",
                child=child.name,
                names=_labels(exceeding),
            )


def _check_actor_holds(*, actor: User | None, names: set[str]) -> None:
    """An administrator does not put into a role a permission they do not hold themselves."""
    if actor is None or actor.is_superuser:
        return
    missing = {name for name in names if not actor.has_perm(name)}
    if missing:
        raise RoleRefused(
            _("不能授予本人没有的权限：%(names)s。") % {"names": _labels(missing)},
            "role_permission_not_held",
        )


def _holders_changed(role: Role) -> None:
    for user in User.objects.filter(role_assignments__role=role).distinct():
        role_assignments_changed.send(sender=RoleAssignment, user=user)


@transaction.atomic
def role_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    parent: Role | None = None,
    permissions: Iterable[Permission] = (),
    is_enabled: bool = True,
    order: int = 0,
    note: str = "",
) -> Role:
    """Create a role (角色管理). ``actor=None`` is the system."""
    _require_role_manager(actor)
    code = required_text(code, field="code", label=_("角色编码"), max_length=50)
    name = required_text(name, field="name", label=_("角色名称"), max_length=50)
    if Role.objects.filter(code=code).exists():
        refuse("code", _("角色编码「%(role_code)s」已被使用。"), "role_code_taken", role_code=code)
    permissions = list(permissions)
    names = _permission_names(permissions)
    _check_within_parent(parent=parent, names=names)
    _check_actor_holds(actor=actor, names=names)
    role = Role.objects.create(
        code=code, name=name, parent=parent, is_enabled=is_enabled, order=order, note=note
    )
    role.permissions.set(permissions)
    audit_record(
        instance=role,
        action="partybuild.role.create",
        actor=actor,
        data={"code": code, "permissions": sorted(names)},
    )
    security_event_record(
        event="role.changed",
        actor=actor,
        target=role,
        detail={"action": "create", "code": code, "permissions": sorted(names)},
    )
    return role


@transaction.atomic
def role_update(
    *,
    actor: User | None,
    role: Role,
    name: str,
    parent: Role | None,
    permissions: Iterable[Permission],
    is_enabled: bool,
    order: int,
    note: str,
) -> Role:
    """Change a role: its name, parent, permission set, enabled flag, order and note."""
    _require_role_manager(actor)
    name = required_text(name, field="name", label=_("角色名称"), max_length=50)
    if parent is not None and (
        parent.pk == role.pk or role.pk in {a.pk for a in role_ancestors(role=parent)}
    ):
        refuse("parent", _("上级角色不能是本角色或其下级角色。"), "role_parent_cycle")
    permissions = list(permissions)
    names = _permission_names(permissions)
    before = role_permission_names(role=role)
    _check_within_parent(parent=parent, names=names)
    _check_children_within(role=role, names=names)
    _check_actor_holds(actor=actor, names=names - before)
    in_force_before = role_effective_ids()
    role.name, role.parent, role.is_enabled = name, parent, is_enabled
    role.order, role.note = order, note
    role.save()
    role.permissions.set(permissions)
    audit_record(
        instance=role,
        action="partybuild.role.update",
        actor=actor,
        data={
            "added": sorted(names - before),
            "removed": sorted(before - names),
            "is_enabled": is_enabled,
        },
    )
    security_event_record(
        event="role.changed",
        actor=actor,
        target=role,
        detail={
            "action": "update",
            "code": role.code,
            "added": sorted(names - before),
            "removed": sorted(before - names),
            "is_enabled": is_enabled,
        },
    )
    lapsed = in_force_before - role_effective_ids()  # the role, or those below it, disabled
    for user in User.objects.filter(role_assignments__role__in=lapsed).distinct():
        user_access_end(user=user)
    _holders_changed(role)
    return role


def _check_separation(*, user: User, role: Role) -> None:
    """三员分立: 系统管理员, 安全管理员 and 审计管理员 are never held together."""
    if role.code not in SEPARATED_ROLES:
        return
    other = (
        RoleAssignment.objects.filter(user=user, role__code__in=SEPARATED_ROLES)
        .exclude(role=role)
        .select_related("role")
        .first()
    )
    if other is not None:
        refuse(
            "role",
            _("三员分立：该账号已是「%(held)s」，不能再分配「%(role)s」。"),
            "role_separation_of_duties",
            held=other.role.name,
            role=role.name,
        )


@refusals_recorded(
    "assignment.granted",
    actor=lambda kwargs: kwargs["actor"],
    target=lambda kwargs: kwargs["user"],
    detail=lambda kwargs: {
        "role": kwargs["role"].code,
        "organisation": kwargs["organisation"].code,
    },
)
@transaction.atomic
def role_assignment_grant(
    *, actor: User | None, user: User, role: Role, organisation: Organisation
) -> RoleAssignment:
    """Give ``user`` the role ``role`` on ``organisation``'s subtree (角色分配).

    An administrator may grant only a role they hold in force or a descendant of one, only on an
    organisation inside a subtree where they hold it, only to an account in their scope (and not
    to themselves); ``actor=None`` is the system.
    """
    if actor is not None and not actor.is_superuser:
        if user.pk == actor.pk:
            raise RoleRefused(_("不能给自己分配角色。"), "role_assign_self")
        if not user_scope_for_user(user=actor).filter(pk=user.pk).exists():
            raise RoleRefused(_("该账号不在您的管理范围内。"), "role_account_out_of_scope")
        if not role_grantable_for_user(user=actor).filter(pk=role.pk).exists():
            raise RoleRefused(
                _("只能分配本人持有的角色或其下级角色，不能分配「%(role)s」。")
                % {"role": role.name},
                "role_not_grantable",
            )
        if not role_grant_organisations(user=actor, role=role).filter(pk=organisation.pk).exists():
            raise RoleRefused(
                _("只能在您持有该角色的党组织范围内分配，「%(organisation)s」不在其中。")
                % {"organisation": organisation.name},
                "role_organisation_out_of_scope",
            )
    if user.is_superuser:
        refuse("user", _("超级管理员账号不分配角色。"), "role_assign_superuser")
    _check_separation(user=user, role=role)
    if RoleAssignment.objects.filter(user=user, role=role, organisation=organisation).exists():
        refuse(
            "role",
            _("该账号在「%(organisation)s」已有角色「%(role)s」。"),
            "role_assignment_exists",
            organisation=organisation.name,
            role=role.name,
        )
    assignment = RoleAssignment.objects.create(
        user=user, role=role, organisation=organisation, granted_by=actor
    )
    audit_record(
        instance=user,
        action="partybuild.role_assignment.grant",
        actor=actor,
        data={"role": role.code, "organisation": organisation.code},
    )
    security_event_record(
        event="assignment.granted",
        actor=actor,
        target=user,
        detail={"role": role.code, "organisation": organisation.code},
    )
    user_scope_forget(user=user)
    user_access_end(user=user)
    role_assignments_changed.send(sender=RoleAssignment, user=user)
    return assignment


@refusals_recorded(
    "assignment.revoked",
    actor=lambda kwargs: kwargs["actor"],
    target=lambda kwargs: kwargs["assignment"].user,
    detail=lambda kwargs: {
        "role": kwargs["assignment"].role.code,
        "organisation": kwargs["assignment"].organisation.code,
    },
)
@transaction.atomic
def role_assignment_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    """Take an assignment away: an administrator only what they could have granted."""
    user, role, organisation = assignment.user, assignment.role, assignment.organisation
    if actor is not None and not actor.is_superuser:
        if user.pk == actor.pk:
            raise RoleRefused(_("不能撤销自己的角色。"), "role_assign_self")
        if not user_scope_for_user(user=actor).filter(pk=user.pk).exists():
            raise RoleRefused(_("该账号不在您的管理范围内。"), "role_account_out_of_scope")
        if not role_grantable_for_user(user=actor).filter(pk=role.pk).exists():
            raise RoleRefused(
                _("只能撤销本人持有的角色或其下级角色，不能撤销「%(role)s」。")
                % {"role": role.name},
                "role_not_grantable",
            )
        if not role_grant_organisations(user=actor, role=role).filter(pk=organisation.pk).exists():
            raise RoleRefused(
                _("「%(organisation)s」不在您持有该角色的党组织范围内。")
                % {"organisation": organisation.name},
                "role_organisation_out_of_scope",
            )
    assignment.delete()
    audit_record(
        instance=user,
        action="partybuild.role_assignment.revoke",
        actor=actor,
        data={"role": role.code, "organisation": organisation.code},
    )
    security_event_record(
        event="assignment.revoked",
        actor=actor,
        target=user,
        detail={"role": role.code, "organisation": organisation.code},
    )
    user_scope_forget(user=user)
    user_access_end(user=user)
    role_assignments_changed.send(sender=RoleAssignment, user=user)
