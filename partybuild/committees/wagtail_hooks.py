"""Registers the admin of 班子成员与换届 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_urls")
def register_committee_urls():
    """班子成员, a committee's page, the 换届 steps, 书记名册 (partybuild/committees/admin)."""
    from partybuild.committees.admin.views import committee_urlpatterns

    return committee_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_committee_menu_item():
    from partybuild.committees.admin.views import committee_menu_item

    return committee_menu_item()
