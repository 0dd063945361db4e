"""The authentication backend of every sign-in (admin, portal, app API): Django's model backend
behind the lockout of partybuild.services.auth, granting too the permissions of the account's
roles in force (partybuild.selectors.roles). A successful sign-in with an expired password
flags the account to change it first (partybuild.services.passwords.password_expiry_check).

A whole 手机号码 signs in too, when no account is named so: it stands for the one active account
with that number (partybuild.selectors.users.account_for_phone_sign_in) — a member's 账号 is
``dy`` and a number, never their phone, which is stored only encrypted."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from partybuild.selectors.roles import user_role_permissions
from partybuild.selectors.users import account_for_phone_sign_in
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

    A username that names no account but is the whole 手机号码 of one active account signs in to
    that account; the lockout and the failures stay keyed on what was typed.
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
        account_name = self._account_name(str(username))
        user = super().authenticate(request, username=account_name, password=password, **kwargs)
        if user is not None:
            login_failures_clear(username=str(username), ip_address=address)
            password_expiry_check(user=user, request=request)
        return user

    @staticmethod
    def _account_name(username: str) -> str:
        """The account name to check the password of: ``username`` itself when an account has
        it, else that of the account whose whole phone number it is (if exactly one)."""
        model = get_user_model()
        if model._default_manager.filter(**{model.USERNAME_FIELD: username}).exists():
            return username
        account = account_for_phone_sign_in(phone=username)
        return account.get_username() if account is not None else username

    def get_all_permissions(self, user_obj, obj=None):
        """Django's (the account's own and its groups') and the union of its roles' in force."""
        permissions = super().get_all_permissions(user_obj, obj)
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return permissions
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = user_role_permissions(user=user_obj)
        return {*permissions, *user_obj._role_perm_cache}
