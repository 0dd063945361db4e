"""Project-level views that belong to no app."""

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

#: How long a browser may keep the site's icon (a day): it changes with a release at most.
FAVICON_MAX_AGE = 24 * 60 * 60


@cache
def _favicon_bytes() -> bytes:
    """static/favicon.ico, found as collectstatic finds it, read once per process."""
    with open(finders.find("favicon.ico"), "rb") as icon:
        return icon.read()


@require_GET
def favicon(request):
    """/favicon.ico, the address browsers ask for the site's icon whatever the page links to:
    智慧党建's emblem (static/favicon.ico), which the portal and the admin also link to."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = f"public, max-age={FAVICON_MAX_AGE}"
    return response


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for the load balancer: 200 when the database answers and accepts a
    write, else 503 with a stable ``code`` and a Chinese ``message``.

    The write is an UPDATE of one row of ``django_migrations`` to its own value, rolled back: a
    read-only database (a replica promoted wrongly, a full disk, SQLite's file read-only, a
    PostgreSQL session in ``default_transaction_read_only``) refuses it, as it would refuse
    every form the site serves.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return _unhealthy("database_unavailable", _("数据库无法连接。"), error)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE django_migrations SET app = app"
                    " WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
            transaction.set_rollback(True)
    except DatabaseError as error:
        return _unhealthy("database_read_only", _("数据库当前不可写入。"), error)
    return JsonResponse({"status": "ok", "database": "ok"})


def _unhealthy(code: str, message: str, error: DatabaseError) -> JsonResponse:
    return JsonResponse(
        {
            "status": "error",
            "database": "error",
            "code": code,
            "message": message,
            "detail": error.__class__.__name__,
        },
        status=503,
        json_dumps_params={"ensure_ascii": False},
    )


def member_service_settings_moved(request, site_pk: int | None = None) -> HttpResponseRedirect:
    """The 便民服务 settings moved with their model to the memberservices app, and Wagtail names a
    setting's address after its app: the old address (bookmarks, documentation) redirects."""
    args = ["memberservices", "memberservicesettings"]
    if site_pk is None:
        return redirect("wagtailsettings:edit", *args, permanent=True)
    return redirect("wagtailsettings:edit", *args, site_pk, permanent=True)


#: The member app's files that Django serves under /app/ itself (the rest are static files under
#: /static/app/): the service worker must come from /app/ to control the app's pages.
APP_SERVED_FILES = {
    "sw.js": "text/javascript; charset=utf-8",
    "manifest.webmanifest": "application/manifest+json",
}


def _app_file(name: str) -> bytes | None:
    path = settings.APP_DIST_DIR / name
    return path.read_bytes() if path.is_file() else None


@require_safe
def app_shell(request, route: str = ""):
    """Every page of the member app (/app/, /app/messages/12, …) is its single page: the built
    index.html, revalidated on each visit (``no-cache``) so that a new release is seen at once;
    offline, the service worker answers with its cached copy. Without a build (a machine without
    Node.js) a Chinese 503 page says how to make one."""
    body = _app_file("index.html")
    if body is None:
        response = render(request, "app_not_built.html", status=503)
    else:
        response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def app_file(request, name: str):
    """/app/sw.js and /app/manifest.webmanifest from the build, revalidated on each visit: the
    browser checks the service worker for updates, which is how a new release is announced."""
    body = _app_file(name)
    if body is None:
        raise Http404(name)
    response = HttpResponse(body, content_type=APP_SERVED_FILES[name])
    response["Cache-Control"] = "no-cache"
    if name == "sw.js":
        response["Service-Worker-Allowed"] = "/app/"
    return response
