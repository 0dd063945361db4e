"""Wagtail's database search backend, with Chinese word segmentation by jieba.

Settings: ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "content.search_backend"}}``; run
``manage.py update_index`` after switching to it or after changing jieba's dictionary.

Wagtail picks the concrete backend from the default database (SQLite FTS5, PostgreSQL full-text
search, or a fallback), so ``SearchBackend`` is a factory like Wagtail's own: it subclasses the
backend Wagtail picked and adds segmentation (``content.segmentation.segment``) on both sides:

* indexing: the module's ``ObjectIndexer.prepare_value``, through which every indexed value
  passes (title, body and autocomplete fields, related fields);
* querying: ``_search``, the one entry of ``search()`` and ``autocomplete()``, where the query
  string, and the text of ``PlainText`` and ``Phrase`` query objects, is segmented.

The fallback backend matches substrings (``icontains``), which already finds Chinese words, and
MySQL is not supported here: both are returned unchanged.
"""

import types
from functools import cache

from django.db import connection
from wagtail.search.backends.base import BaseIndex
from wagtail.search.backends.database import SearchBackend as database_search_backend
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from content.segmentation import segment

SEGMENTED_VENDORS = ("sqlite", "postgresql")


def segment_query(query: str | SearchQuery) -> str | SearchQuery | None:
    """Return ``query`` with its text segmented, or ``None`` if it holds no word at all.

    ``PlainText`` and ``Phrase`` are segmented; a part without words is left out of ``And``,
    ``Or`` and ``Not``. Other queries (``MatchAll``, ``Fuzzy``) are returned unchanged.
    """
    if isinstance(query, str):
        return segment(query) or None
    if isinstance(query, PlainText):
        text = segment(query.query_string)
        return PlainText(text, operator=query.operator, boost=query.boost) if text else None
    if isinstance(query, Phrase):
        text = segment(query.query_string)
        return Phrase(text) if text else None
    if isinstance(query, And | Or):
        subqueries = [part for part in map(segment_query, query.subqueries) if part is not None]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, Not):
        subquery = segment_query(query.subquery)
        return Not(subquery) if subquery is not None else None
    if isinstance(query, Boost):
        subquery = segment_query(query.subquery)
        return Boost(subquery, query.boost) if subquery is not None else None
    return query


class SegmentingSearchMixin:
    """Search backend mixin: segment the query the way indexed text is segmented."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        """Segment ``query``; one without words becomes "", for which Wagtail returns nothing."""
        if isinstance(query, str | SearchQuery):
            query = segment_query(query) or ""
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


def _segmenting_index_class(index_class: type[BaseIndex]) -> type[BaseIndex]:
    """Return a subclass of ``index_class`` whose ``add_items`` indexes segmented text.

    ``add_items`` builds one ``ObjectIndexer`` (a global of the backend's module) per object;
    the subclass runs the same code with that name bound to a segmenting ``ObjectIndexer``
    subclass, instead of copying the method or patching Wagtail's module.
    """
    add_items = index_class.add_items
    if "ObjectIndexer" not in add_items.__globals__:
        raise TypeError(f"{add_items.__module__} no longer defines ObjectIndexer.")

    class SegmentingObjectIndexer(add_items.__globals__["ObjectIndexer"]):
        """Turns each value into indexable text, then segments it."""

        def prepare_value(self, value):
            if isinstance(value, list | dict):
                return super().prepare_value(value)  # calls back here for each item
            return segment(super().prepare_value(value))

    segmenting_add_items = types.FunctionType(
        add_items.__code__,
        {**add_items.__globals__, "ObjectIndexer": SegmentingObjectIndexer},
        add_items.__name__,
        add_items.__defaults__,
        add_items.__closure__,
    )
    return type(
        f"Segmenting{index_class.__name__}", (index_class,), {"add_items": segmenting_add_items}
    )


@cache
def _segmenting_backend_class(backend_class: type) -> type:
    """Return the segmenting subclass of one of Wagtail's database backend classes."""
    return type(
        f"Segmenting{backend_class.__name__}",
        (SegmentingSearchMixin, backend_class),
        {"index_class": _segmenting_index_class(backend_class.index_class)},
    )


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """Return Wagtail's database backend for the default database, segmenting Chinese."""
    backend = database_search_backend(params)
    if connection.vendor not in SEGMENTED_VENDORS or backend.index_class is BaseIndex:
        return backend
    return _segmenting_backend_class(type(backend))(params)
