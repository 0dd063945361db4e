"""Project-level views that belong to no app."""

from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for the load balancer: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "database": "error", "detail": error.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def member_service_settings_moved(request, site_pk: int | None = None) -> HttpResponseRedirect:
    """The 便民服务 settings moved with their model to the memberservices app, and Wagtail names a
    setting's address after its app: the old address (bookmarks, documentation) redirects."""
    args = ["memberservices", "memberservicesettings"]
    if site_pk is None:
        return redirect("wagtailsettings:edit", *args, permanent=True)
    return redirect("wagtailsettings:edit", *args, site_pk, permanent=True)
