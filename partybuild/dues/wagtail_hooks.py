"""Registers the admin of 党费管理 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_urls")
def register_dues_urls():
    """党费管理: report, arrears, statements, payments, assessment (partybuild/dues/admin.py)."""
    from partybuild.dues.admin import dues_urlpatterns

    return dues_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_dues_menu_item():
    from partybuild.dues.admin import dues_menu_item

    return dues_menu_item()


@hooks.register("register_admin_viewset")
def register_dues_rate_viewset():
    from partybuild.dues.admin import dues_rate_viewset

    return dues_rate_viewset
