"""Project-level views that belong to no app."""

from django.db import DatabaseError, connection, transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
