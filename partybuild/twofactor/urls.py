"""Addresses of 两步验证: the admin's (registered by partybuild/wagtail_hooks.py under /admin/)
and the portal's (under /me/, namespace ``portal``, joined by partybuild/urls.py)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.urls import path

from partybuild.twofactor import views
from partybuild.twofactor.views import ADMIN, PORTAL

PAGES = (
    ("", "manage", views.manage),
    ("verify/", "verify", views.verify),
    ("enrol/", "enrol", views.enrol),
    ("recovery-codes/", "recovery_codes", views.recovery_codes),
    ("disable/", "disable", views.disable),
)


def admin_urlpatterns() -> list:
    """The admin's pages (Wagtail asks for admin access) and the reset of an account."""
    return [
        *(
            path(f"two-factor/{route}", partial(view, door=ADMIN), name=f"{ADMIN.prefix}{name}")
            for route, name, view in PAGES
        ),
        path(
            "accounts/<int:pk>/reset-two-factor/",
            views.account_reset,
            name="partybuild_account_twofactor_reset",
        ),
    ]


def portal_urlpatterns() -> list:
    """The portal's pages, for any signed-in account."""
    return [
        path(
            f"two-factor/{route}",
            login_required(partial(view, door=PORTAL)),
            name=f"twofactor_{name}",
        )
        for route, name, view in PAGES
    ]
