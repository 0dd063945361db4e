"""The gate of 两步验证 (after AuthenticationMiddleware, the kernel's middlewares and django-otp's
OTPMiddleware, which tells whether the session's code was checked: ``user.is_verified()``).

A signed-in account with an authenticator (``User.two_factor_enabled``) whose session has not
given a code yet may open only the code page, sign-out, sign-in and 修改密码; one that must use
两步验证 (ADMIN_2FA_REQUIRED, an administrative role) and has no authenticator may open only the
enrolment page and those. Admin addresses send it to the admin's pages, every other page of the
site (the portal) to the portal's. The app API is not gated here: a session never authenticates
it, and its token request asks for the code itself (partybuild/api/auth.py).
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from partybuild.twofactor.selectors import twofactor_required


class TwoFactorMiddleware:
    """Redirect an unverified session to the code page, or an administrator without an
    authenticator to the enrolment page, while 两步验证 requires it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            target = self._redirect_target(request, user)
            if target is not None:
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _redirect_target(request, user) -> str | None:
        """Where ``request`` sends ``user``, or None when it may go on."""
        path = request.path
        passthrough = ("/api/", settings.STATIC_URL, settings.MEDIA_URL, "/healthz")
        if path.startswith(passthrough):
            return None
        if user.two_factor_enabled:
            is_verified = getattr(user, "is_verified", None)
            if is_verified is not None and is_verified():
                return None
            page = "verify"
        elif twofactor_required(user=user):
            page = "enrol"
        else:
            return None
        if path.startswith(reverse("wagtailadmin_home")):
            target = reverse(f"partybuild_twofactor_{page}")
            allowed = (
                reverse("partybuild_password_change"),
                reverse("wagtailadmin_logout"),
                reverse("wagtailadmin_login"),
                reverse("wagtailadmin_sprite"),
                reverse("wagtailadmin_javascript_catalog"),
            )
        else:
            target = reverse(f"portal:twofactor_{page}")
            allowed = (reverse("portal:password_change"), reverse("logout"), reverse("login"))
        if path == target or path in allowed:
            return None
        return f"{target}?{urlencode({'next': request.get_full_path()})}"
