"""Registers the admin of 三会一课 and 民主评议 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_meeting_viewset():
    """三会一课: meetings, attendance and minutes (partybuild/orglife/admin)."""
    from partybuild.orglife.admin.viewset import meeting_viewset

    return meeting_viewset


@hooks.register("register_admin_urls")
def register_meeting_urls():
    """三会一课落实情况 and 民主评议 (partybuild/orglife/admin/pages.py)."""
    from partybuild.orglife.admin.pages import meeting_admin_urlpatterns

    return meeting_admin_urlpatterns()
