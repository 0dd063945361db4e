"""The authentication backend of every sign-in (admin, portal, app API): Django's model backend
behind the lockout of partybuild.services.auth, granting too the permissions of the account's
roles in force (partybuild.selectors.roles). A successful sign-in with an expired password
flags the account to change it first (partybuild.services.passwords.password_expiry_check)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from partybuild.selectors.roles import user_role_permissions
from partybuild.services.auth import (
    client_address,
    login_failures_clear,
    login_lockout_remaining,
)
from partybuild.services.passwords import password_expiry_check

#: Set on the request when the lockout refused the attempt: the seconds left.
LOCKED_ATTRIBUTE = "login_locked_seconds"


class LockoutModelBackend(ModelBackend):
    """Refuses a locked username or address (partybuild.services.auth) before checking the
    password, sending ``security_event`` ``login.locked``.

    Raising PermissionDenied stops Django's authenticate() (no other backend is tried) and sends
    ``user_login_failed``, whose receiver (partybuild.signals) records failures — except these.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if username is None or password is None:
            return None
        address = client_address(request)
        seconds = login_lockout_remaining(username=str(username), ip_address=address)
        if seconds:
            if request is not None:
                setattr(request, LOCKED_ATTRIBUTE, seconds)
            raise PermissionDenied  # user_login_failed follows: the audit trail's login.locked
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            login_failures_clear(username=str(username), ip_address=address)
            password_expiry_check(user=user, request=request)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        """Django's (the account's own and its groups') and the union of its roles' in force."""
        permissions = super().get_all_permissions(user_obj, obj)
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return permissions
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = user_role_permissions(user=user_obj)
        return {*permissions, *user_obj._role_perm_cache}
