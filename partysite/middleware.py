"""The site's HTTP hardening, for every response whichever app answers it (docs/architecture.md,
"HTTP headers and errors"):

- ``ContentSecurityPolicyMiddleware``: a Content-Security-Policy on every HTML page, stricter on
  the portal than on the Wagtail admin (whose exceptions are listed in settings, with reasons);
- ``PrivateNoStoreMiddleware``: ``Cache-Control: private, no-store`` on whatever an
  authenticated request receives and on everything the app API answers (the token that
  ``auth/token`` issues to a request not yet authenticated included), unless the view chose its
  own caching;
- ``AppApiErrorMiddleware``: what Django answers under /api/app/ without the API (an unknown
  path, a refused method, a bad Host header, a body too large) in the API's JSON error shape;
- ``DatabaseBusyMiddleware``: a database still locked after the busy timeout is a 503 with
  ``Retry-After`` (a Chinese page), not a 500.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from partysite.api.errors import DATABASE_BUSY_RETRY_AFTER, database_is_busy, plain_error_response

logger = logging.getLogger("django.request")

#: The app API's address prefix (partysite/urls.py).
APP_API_PREFIX = "/api/app/"
#: The Wagtail admin's address prefix (partysite/urls.py).
ADMIN_PREFIX = "/admin/"
#: The member app's address prefix (partysite/urls.py).
MEMBER_APP_PREFIX = "/app/"


def _policy_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(
        " ".join([directive, *sources]) if sources else directive
        for directive, sources in policy.items()
    )


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class ContentSecurityPolicyMiddleware:
    """``Content-Security-Policy`` on HTML responses: ``CONTENT_SECURITY_POLICY`` everywhere, with
    ``CONTENT_SECURITY_POLICY_ADMIN``'s directives replacing it under /admin/ (Wagtail's admin
    needs inline scripts and styles, and frames its own preview) and
    ``CONTENT_SECURITY_POLICY_APP``'s under /app/ (the member app's photo previews and worker).
    A view that set its own header keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        site = dict(settings.CONTENT_SECURITY_POLICY)
        self.site_header = _policy_header(site)
        self.admin_header = _policy_header({**site, **settings.CONTENT_SECURITY_POLICY_ADMIN})
        self.app_header = _policy_header({**site, **settings.CONTENT_SECURITY_POLICY_APP})

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_html(response) and "Content-Security-Policy" not in response:
            if request.path.startswith(ADMIN_PREFIX):
                response["Content-Security-Policy"] = self.admin_header
            elif request.path.startswith(MEMBER_APP_PREFIX):
                response["Content-Security-Policy"] = self.app_header
            else:
                response["Content-Security-Policy"] = self.site_header
        return response


def _request_is_authenticated(request: HttpRequest) -> bool:
    """A bearer token accepted by the app API (``request.auth``), or a signed-in session. The
    session is looked at only when the request carries its cookie, so anonymous responses do not
    gain ``Vary: Cookie``."""
    if getattr(request, "auth", None) is not None:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateNoStoreMiddleware:
    """What an authenticated request receives (a member's dossier, identity data from the API)
    and whatever the app API answers (a freshly issued token) must not be kept by a browser's or
    a proxy's cache: ``Cache-Control: private, no-store``, unless the view set a Cache-Control of
    its own. Public content is the v2 API's and the portal's, which stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and (
            request.path.startswith(APP_API_PREFIX) or _request_is_authenticated(request)
        ):
            response["Cache-Control"] = "private, no-store"
        return response


class AppApiErrorMiddleware:
    """Under /api/app/, an error answered as HTML or text by Django (a 400 for a bad Host header,
    a 404, a 405, a 500 page) becomes the API's JSON error with the same status and headers.
    Placed first, so it sees what the other middleware answered too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(APP_API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = plain_error_response(status=response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response


class DatabaseBusyMiddleware:
    """A write that still meets a lock after SQLite's busy timeout answers 503 with Retry-After:
    a Chinese page (JSON under /api/app/, though the API's own handler answers first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_is_busy(exception):
            return None
        logger.warning("Database busy on %s: %s", request.path, exception)
        if request.path.startswith(APP_API_PREFIX):
            response = plain_error_response(status=503, code="database_busy")
        else:
            response = HttpResponse(render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = str(DATABASE_BUSY_RETRY_AFTER)
        return response
