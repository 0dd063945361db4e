"""Who may use the administrators' operations of the app API."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from partybuild.models import User
from partybuild.selectors.roles import user_administers


def require_administrator(user: User, permission: str | None = None) -> None:
    """Refuse (403) accounts that administer no organisation, or lack ``permission``
    (``app.codename``) from their roles; superusers administer all (``user_administers``)."""
    if not user_administers(user, permission):
        raise PermissionDenied(_("只有具有相应权限的党组织管理员可以使用此功能。"))


def may_reveal_identity(user: User) -> bool:
    return user.has_perm("partybuild.view_full_identity")
