"""Wagtail admin hooks of the content platform (one clearly named function per feature)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from content.admin_receipts import notice_receipts_export_view, notice_receipts_view
from content.admin_statistics import notice_statistics_homepage_panel
from content.admin_views import dynamic_page_import_zip_view
from content.models import DynamicPage, NoticePage
from content.moderation import rejection_warning
from content.receipts import notice_is_administered

# --- 党建动态「打包上传」: import a zip of images and documents (content/packaging.py) ---


@hooks.register("register_admin_urls")
def register_dynamic_page_import_zip_url():
    return [
        path(
            "dynamics/<int:page_id>/import-zip/",
            dynamic_page_import_zip_view,
            name="content_dynamic_page_import_zip",
        )
    ]


def _dynamic_page_import_zip_button(page, user, priority: int):
    if page.specific_class is not DynamicPage or not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        "打包上传",
        reverse("content_dynamic_page_import_zip", args=[page.pk]),
        icon_name="upload",
        attrs={"title": f"打包上传图片和附件到「{page.get_admin_display_title()}」"},
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def dynamic_page_import_zip_header_button(page, user, view_name, next_url=None):
    yield from _dynamic_page_import_zip_button(page, user, priority=25)


@hooks.register("register_page_listing_more_buttons")
def dynamic_page_import_zip_listing_button(page, user, next_url=None):
    yield from _dynamic_page_import_zip_button(page, user, priority=25)


# --- 通知公告「阅读统计」: read receipts per organisation, with an xlsx export ---


@hooks.register("register_admin_urls")
def register_notice_receipts_urls():
    return [
        path(
            "notices/<int:page_id>/receipts/",
            notice_receipts_view,
            name="content_notice_receipts",
        ),
        path(
            "notices/<int:page_id>/receipts.xlsx",
            notice_receipts_export_view,
            name="content_notice_receipts_export",
        ),
    ]


def _notice_receipts_button(page, user, priority: int):
    """「阅读统计」 on a live notice, for the administrators of part of its audience."""
    if page.specific_class is not NoticePage or not page.live:
        return
    if not notice_is_administered(notice=page.specific, user=user):
        return
    yield Button(
        "阅读统计",
        reverse("content_notice_receipts", args=[page.pk]),
        icon_name="view",
        attrs={"title": f"「{page.get_admin_display_title()}」的阅读统计"},
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def notice_receipts_header_button(page, user, view_name, next_url=None):
    yield from _notice_receipts_button(page, user, priority=26)


@hooks.register("register_page_listing_more_buttons")
def notice_receipts_listing_button(page, user, next_url=None):
    yield from _notice_receipts_button(page, user, priority=26)


# --- 统计: notice read rate on the admin home (content/admin_statistics.py) ---


@hooks.register("construct_homepage_panels")
def add_notice_statistics_panel(request, panels):
    notice_statistics_homepage_panel(request, panels)


# --- 退回修改: the reason on the page's edit view, not only under 历史 (content/moderation.py) ---


@hooks.register("before_edit_page")
def show_rejection_reason(request, page):
    """Opening a page that was sent back: a warning at the top of the editor with the step, the
    reviewer, the time and the reason, until the page is submitted again."""
    if request.method == "GET":
        rejection_warning(request, page)
