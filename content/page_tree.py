"""Many pages added under one parent in a fixed number of queries.

Wagtail's ``parent.add_child(instance=page)`` reads the parent's last child, inserts the page
row and its type's row, updates the parent and indexes the page for search: a dozen queries
and a full clean per page. Creating the folders of 50,000 organisations that way (an import of
a province's tree, or ``migrate`` on a database whose organisations were loaded in bulk) took
hours. :func:`pages_add_children` makes the same rows, numbered the way treebeard numbers them,
in a few bulk statements.
"""

from collections.abc import Sequence

from django.db import connection, transaction
from django.db.models import F
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from partybuild.core.versioned_cache import PAGES, cache_version_bump


def _unique_slugs(*, parent: Page, pages: Sequence[Page]) -> None:
    """Give each page a slug no sibling has (``slug``, then ``slug-2``, ``slug-3``…), as
    Wagtail's admin does for a new page whose slug is taken."""
    taken = set(parent.get_children().values_list("slug", flat=True))
    for page in pages:
        slug, number = page.slug, 1
        while slug in taken:
            number += 1
            slug = f"{page.slug}-{number}"
        page.slug = slug
        taken.add(slug)


@transaction.atomic
def pages_add_children(*, parent: Page, pages: Sequence[Page]) -> list[Page]:
    """Insert the unsaved ``pages`` as the last children of ``parent``; returns them, saved.

    The pages are instances of one page type that inherits from ``Page`` directly (a folder,
    say). They get what ``add_child`` gives (path, depth, ``url_path``, locale, draft title;
    the parent's ``numchild`` counted) and a slug unique among their siblings; they are indexed
    for search in bulk and the cached page lists retired. Queries: a constant number plus one
    insert per few hundred pages. Model ``save`` and its signals are not run, so the type must
    not rely on them.
    """
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages) or model._meta.get_parent_list() != [Page]:
        raise TypeError("pages_add_children takes pages of one type inheriting from Page directly")
    parent = Page.objects.select_for_update().get(pk=parent.pk)  # others adding children wait
    last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
    step = Page._str2int(last[-Page.steplen :]) if last else 0
    _unique_slugs(parent=parent, pages=pages)
    depth = parent.depth + 1
    for step_number, page in enumerate(pages, start=step + 1):
        page.path = Page._get_path(parent.path, depth, step_number)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.draft_title or page.title
        if page.locale_id is None:
            page.locale_id = parent.locale_id
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    created = Page.objects.bulk_create(
        [
            Page(**{field.attname: getattr(page, field.attname) for field in page_fields})
            for page in pages
        ]
    )
    if any(row.pk is None for row in created):  # a database that returns no ids
        by_path = dict(
            Page.objects.filter(path__in=[page.path for page in pages]).values_list("path", "pk")
        )
        for page in pages:
            page.id = page.page_ptr_id = by_path[page.path]
    else:
        for page, row in zip(pages, created, strict=True):
            page.id = page.page_ptr_id = row.pk
    own_fields = model._meta.local_concrete_fields
    batch = max(connection.ops.bulk_batch_size(own_fields, pages), 1)
    for start in range(0, len(pages), batch):
        model._base_manager._insert(pages[start : start + batch], fields=own_fields)
    for page in pages:
        page._state.adding = False
        page._state.db = Page.objects.db
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)
    cache_version_bump(PAGES)
    return list(pages)
