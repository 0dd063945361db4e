"""Middleware of the kernel."""

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
