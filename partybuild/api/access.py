"""Who may use the administrators' operations of the app API."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from partybuild.models import User


def require_administrator(user: User) -> None:
    """Refuse (403) accounts that administer no organisation; superusers administer all."""
    if not (user.is_superuser or user.administered_organisation_id):
        raise PermissionDenied(_("只有党组织管理员可以使用此功能。"))


def may_reveal_identity(user: User) -> bool:
    return user.has_perm("partybuild.view_full_identity")
