"""Who may use the administrators' operations of the app API."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from partybuild.models import User
from partybuild.selectors.roles import user_scope_paths


def user_administers(user: User) -> bool:
    """Whether ``user`` is an active superuser or holds a role in force on an organisation."""
    return bool(user.is_authenticated and user.is_active and user_scope_paths(user=user) != [])


def require_administrator(user: User) -> None:
    """Refuse (403) accounts that administer no organisation; superusers administer all."""
    if not user_administers(user):
        raise PermissionDenied(_("只有党组织管理员可以使用此功能。"))


def may_reveal_identity(user: User) -> bool:
    return user.has_perm("partybuild.view_full_identity")
