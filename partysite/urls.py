"""URL map: Wagtail admin, the two APIs, health check, and the portal (Wagtail pages) last."""

import re

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content import views as content_views
from content.views_packaging import dynamic_page_zip
from partybuild.admin.history import site_history_urlpatterns
from partybuild.admin.password_reset import password_reset_urlpatterns
from partybuild.forms import PortalLoginForm
from partybuild.views_files import private_file_view
from partybuild.views_password_reset import password_reset_confirm, password_reset_request
from partysite.api.errors import app_api_not_found
from partysite.apis import app_api, content_api
from partysite.views import (
    APP_SERVED_FILES,
    app_file,
    app_shell,
    favicon,
    healthz,
    member_service_settings_moved,
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # 站点历史 scoped to the user's subtree, in place of Wagtail's report at the same address.
    path("admin/", include(site_history_urlpatterns())),
    # 忘记密码 without account enumeration and with rate limits, in place of Wagtail's views.
    path("admin/", include(password_reset_urlpatterns())),
    path(
        "admin/settings/partybuild/memberservicesettings/",
        member_service_settings_moved,
    ),
    path(
        "admin/settings/partybuild/memberservicesettings/<int:site_pk>/",
        member_service_settings_moved,
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", content_api.urls),
    path("api/app/", app_api.urls),
    # Every other address under /api/app/ is the API's JSON 404, not the portal's page.
    re_path(r"^api/app/", app_api_not_found),
    path("files/<uuid:key>/<str:name>", private_file_view, name="private_file"),
    path("search/", content_views.search, name="search"),
    path("dynamics-zip/<int:page_id>/", dynamic_page_zip, name="dynamic_page_zip"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=PortalLoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/forgot/", password_reset_request, name="password_reset_request"),
    path("password/forgot/confirm/", password_reset_confirm, name="password_reset_confirm"),
    path("me/", include("partysite.portal_urls")),
    # The member app (app/, built by `make app`): its service worker and manifest, then its pages.
    re_path(rf"^app/(?P<name>{'|'.join(map(re.escape, APP_SERVED_FILES))})$", app_file),
    path("app/", app_shell, name="member_app"),
    re_path(r"^app/(?P<route>.+)$", app_shell),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
