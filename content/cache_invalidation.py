"""Retire cached content when it changes (partybuild/core/versioned_cache.py): the v2 API's
cached lists (topic ``pages``) and the notice read rates of the admin home (topic ``notices``).

``pages`` is bumped by a save or delete of any page (a draft saved too: cheap, and never stale),
by Wagtail's page_published, page_unpublished and post_page_move, and by a change of a view
restriction, an image, a document or a Site (they change what a list shows or its addresses).
``notices`` is bumped by a read receipt, and by a notice's save, publication, unpublication or
deletion. Connected in ContentConfig.ready."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.models import NoticePage, NoticeReceipt
from partybuild.core.versioned_cache import NOTICES, PAGES, cache_version_bump


def _page_changed(sender, instance=None, **kwargs):
    """Any page written, published, unpublished, moved or deleted."""
    page = instance
    if not isinstance(page, Page):
        return
    if isinstance(page, NoticePage):
        cache_version_bump(PAGES, NOTICES)
    else:
        cache_version_bump(PAGES)


def _pages_changed(sender, **kwargs):
    cache_version_bump(PAGES)


def _receipt_changed(sender, **kwargs):
    cache_version_bump(NOTICES)


def content_cache_invalidation_connect() -> None:
    """Connect the receivers (see the module's docstring)."""
    for signal in (post_save, post_delete, page_published, page_unpublished):
        signal.connect(_page_changed, weak=False, dispatch_uid=f"content_cache_page_{id(signal)}")
    post_page_move.connect(_page_changed, weak=False, dispatch_uid="content_cache_page_moved")
    for model in (PageViewRestriction, Site, get_image_model(), get_document_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                _pages_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"content_cache_{model._meta.label_lower}_{id(signal)}",
            )
    for signal in (post_save, post_delete):
        signal.connect(
            _receipt_changed,
            sender=NoticeReceipt,
            weak=False,
            dispatch_uid=f"content_cache_receipt_{id(signal)}",
        )
