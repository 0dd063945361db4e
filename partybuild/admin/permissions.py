"""The permission policy of the registers that every organisation administrator works in
(三会一课, 党建督查, 意见建议, 书记信箱, 留言板) and the same rule for the admin's own pages
(党费管理, 三会一课落实情况, 民主评议, 积分排行, 统计): any active account that administers an
organisation, and superusers. What they see is then confined to their subtree by each register's
selectors, and who may act on a row (e.g. which side of a supervision assignment) by its
services."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy

from partybuild.selectors.roles import user_scope_paths


def user_administers(user) -> bool:
    """Whether ``user`` is an active superuser or holds a role in force on an organisation."""
    return bool(user.is_authenticated and user.is_active and user_scope_paths(user=user) != [])


def require_administrator(user) -> None:
    """Refuse (403) a user who does not administer an organisation (``user_administers``)."""
    if not user_administers(user):
        raise PermissionDenied


class AdministratorPermissionPolicy(ModelPermissionPolicy):
    """Every action for organisation administrators, none for anyone else."""

    def user_has_permission(self, user, action):
        return user_administers(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return user_administers(user)
