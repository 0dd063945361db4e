"""The permission policy of the registers that organisation administrators share (三会一课,
党建督查, 意见建议, 书记信箱, 留言板) and the same rule for the admin's own pages (党费管理,
三会一课落实情况, 民主评议, 积分排行, 统计).

An action needs an active account holding a role in force on an organisation and the model's
matching Django permission (view for listing, add/change/delete for actions) from its roles
(partybuild.auth_backends; the catalogue's entries in partybuild/permissions_catalogue.py), or a
superuser: a role in force alone is not enough, so an 审计管理员 with a scope does not reach the
registers. What a user sees is then confined to their subtree by each register's selectors, and
who may act on a row (e.g. which side of a supervision assignment) by its services."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy

from partybuild.selectors.roles import user_administers


def require_administrator(user, permission: str | None = None) -> None:
    """Refuse (403) a user who does not administer an organisation, or lacks ``permission``
    (``user_administers``)."""
    if not user_administers(user, permission):
        raise PermissionDenied


class AdministratorPermissionPolicy(ModelPermissionPolicy):
    """An action for the organisation administrators holding the model's permission for it.

    ``permission_model`` names the model whose permissions are checked when the model has none of
    its own in the catalogue (a supervision task's assignments go by the task's permissions)."""

    def __init__(self, model, permission_model=None, **kwargs):
        super().__init__(model, **kwargs)
        self.permission_model = permission_model or model

    def _permission(self, action: str) -> str:
        opts = self.permission_model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def user_has_permission(self, user, action):
        return user_administers(user, self._permission(action))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)
