"""Registers the admin of 党内关怀 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_urls")
def register_care_urls():
    """困难党员, 帮扶慰问, 光荣在党50年, 政治生日 (partybuild/care/admin.py)."""
    from partybuild.care.admin import care_urlpatterns

    return care_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_care_menu_item():
    from partybuild.care.admin import care_menu_item

    return care_menu_item()
