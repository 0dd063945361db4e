"""The kernel's portal URLs (我的档案), mounted at /me/ under the ``portal`` namespace with each
register's own portal URLs (partysite/portal_urls.py)."""

from django.urls import path

from partybuild import views
from partybuild.twofactor.urls import portal_urlpatterns as twofactor_urlpatterns

urlpatterns = [
    path("", views.me, name="me"),
    path("password/", views.password_change, name="password_change"),
    *twofactor_urlpatterns(),
]
