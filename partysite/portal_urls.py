"""The member portal at /me/ (namespace ``portal``): the kernel's 我的档案 and each register's
pages, each app contributing its own ``urls.py``.

One member workspace (issue 20): every /me/ page the member app covers redirects to the app's
matching screen (:data:`APP_ROUTES`), so links in old messages and e-mails keep working; the
portal stays the public, server-rendered site for content. Only GET and HEAD are redirected, and
only when the app is built (``APP_DIST_DIR/index.html``): without a build (a machine without
Node.js) the portal pages stay as they are. The pages' POST handlers keep working (a form left
open in a tab is still saved; its success redirect then leads to the app). Not redirected: the
two-factor pages (the app has none) and 修改密码 while the session's account must change its
password (PasswordChangeRequiredMiddleware holds the session there, and the app's pages would
send it back).
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, reverse

from partybuild import urls as kernel
from partybuild.memberservices import urls as memberservices
from partybuild.orglife import urls as orglife
from partybuild.recruitment import urls as recruitment

app_name = "portal"

#: Portal page (URL name) → the app's route (under /app/; ``{pk}`` from the portal's path).
APP_ROUTES: dict[str, str] = {
    "me": "me",
    "password_change": "password",
    "recruitment": "me/recruitment",
    "meetings": "me/meetings",
    "meeting_answer": "me/meetings/{pk}",
    "suggestions": "suggestions",
    "letters": "letters",
    "board": "board",
    "wishes": "wishes",
    "wishes_mine": "wishes",
    "wish_claim": "wishes/{pk}",
    "experiences": "experiences",
    "points": "me/points",
}


def app_is_built() -> bool:
    """Whether the member app is built and served at /app/ (partysite.views.app_shell)."""
    return (settings.APP_DIST_DIR / "index.html").is_file()


def _stays_in_portal(name: str, request: HttpRequest) -> bool:
    """修改密码 while the account must change its password: the middleware's own page."""
    user = getattr(request, "user", None)
    return (
        name == "password_change"
        and user is not None
        and user.is_authenticated
        and user.password_change_required
    )


def _redirecting(name: str, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    route = APP_ROUTES[name]

    @wraps(view)
    def portal_or_app(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method in ("GET", "HEAD")
            and app_is_built()
            and not _stays_in_portal(name, request)
        ):
            return redirect(reverse("member_app") + route.format(**kwargs))
        return view(request, *args, **kwargs)

    return portal_or_app


def _to_app(patterns: list) -> list:
    """``patterns`` with the views of :data:`APP_ROUTES` redirecting to the app."""
    return [
        URLPattern(
            pattern.pattern,
            _redirecting(pattern.name, pattern.callback),
            pattern.default_args,
            pattern.name,
        )
        if isinstance(pattern, URLPattern) and pattern.name in APP_ROUTES
        else pattern
        for pattern in patterns
    ]


urlpatterns = _to_app(
    [
        *kernel.urlpatterns,
        *recruitment.urlpatterns,
        *orglife.urlpatterns,
        *memberservices.urlpatterns,
    ]
)
