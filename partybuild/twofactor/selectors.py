"""Reads of 两步验证: who must use it, an account's authenticator and recovery codes."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuild.models import User
from partybuild.selectors.roles import assignments_in_force

#: Where the answer of :func:`twofactor_required` is cached on the account for the request.
REQUIRED_CACHE = "_partybuild_twofactor_required"


def user_holds_administrative_role(*, user: User | AnonymousUser) -> bool:
    """Whether ``user`` is an active superuser or holds a role in force that opens the admin
    (``wagtailadmin.access_admin``)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        assignments_in_force(user=user)
        .filter(
            role__permissions__content_type__app_label="wagtailadmin",
            role__permissions__codename="access_admin",
        )
        .exists()
    )


def twofactor_required(*, user: User | AnonymousUser) -> bool:
    """Whether ``user`` must use 两步验证: ADMIN_2FA_REQUIRED is on and the account holds an
    administrative role. Cached on the account object for the request."""
    if not settings.ADMIN_2FA_REQUIRED or not user.is_authenticated:
        return False
    cached = getattr(user, REQUIRED_CACHE, None)
    if cached is None:
        cached = user_holds_administrative_role(user=user)
        setattr(user, REQUIRED_CACHE, cached)
    return cached


def twofactor_device(*, user: User) -> TOTPDevice | None:
    """``user``'s confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def twofactor_pending_device(*, user: User) -> TOTPDevice | None:
    """The authenticator ``user`` is enrolling (shown as a QR code, not yet confirmed), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_remaining(*, user: User) -> int:
    """How many of ``user``'s recovery codes are still unused."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
