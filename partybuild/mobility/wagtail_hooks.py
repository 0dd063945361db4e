"""Registers the admin of 流动党员 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_urls")
def register_mobility_urls():
    """流出党员 and 流入党员 (partybuild/mobility/admin.py)."""
    from partybuild.mobility.admin import mobility_urlpatterns

    return mobility_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_mobility_menu_item():
    from partybuild.mobility.admin import mobility_menu_item

    return mobility_menu_item()
