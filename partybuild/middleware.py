"""Middleware of the kernel: lapsed break-glass superusers lose the flag, and accounts that must
change their password are held to the page that changes it.

Forced password change (须修改密码): an account whose password was issued by an administrator (a
member login's initial password or a reset, partybuild/services/passwords.py) may open only the
page that changes it, and sign out, until it has changed it. Admin addresses send it to the
admin's 修改密码 page, every other page of the site (the portal) to the portal's; the app API
answers 403 ``password_change_required`` in partysite/api/security.py, since a session never
authenticates the API.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from partybuild.services.superusers import superuser_grants_expire


class SuperuserExpiryMiddleware:
    """A break-glass superuser whose grant has lapsed loses the flag on their next request,
    before any view sees it (partybuild/services/superusers.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_superuser
            and user.superuser_until is not None
            and user.superuser_until <= timezone.now()
        ):
            superuser_grants_expire()
            user.refresh_from_db()
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Redirect a signed-in account that must change its password to the change page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.password_change_required:
            target = self._redirect_target(request.path)
            if target is not None:
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _redirect_target(path: str) -> str | None:
        """Where ``path`` sends the account, or None for the pages it may still open."""
        passthrough = ("/api/", settings.STATIC_URL, settings.MEDIA_URL, "/healthz")
        if path.startswith(passthrough):
            return None
        admin_home = reverse("wagtailadmin_home")
        if path.startswith(admin_home):
            change = reverse("partybuild_password_change")
            allowed = (change, reverse("wagtailadmin_logout"), reverse("wagtailadmin_login"))
        else:
            change = reverse("portal:password_change")
            allowed = (change, reverse("logout"), reverse("login"))
        return None if path in allowed else change
