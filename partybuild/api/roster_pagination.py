"""Pages of the app API's member list that stay fast however deep: besides ``offset``, an opaque
``cursor`` (the ``next`` of the previous page) that resumes after the last member shown.

A deep ``offset`` makes the database walk every member before it; a cursor is a range condition
on the roster order (organisation path, surname strokes, id), which the indexes on the path and
on ``(organisation, name_sort_key, id)`` answer by reading only the page. A name search runs once:
the page's rows carry the number of matches (a window count), so it is not searched again for
the count.
"""

import base64
import binascii
import hashlib
import json

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db.models import Count, Q, QuerySet, Window
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from partybuild.core.versioned_cache import (
    MEMBERS,
    ORGANISATIONS,
    cache_storable,
    versioned_cache_get_or_set,
)
from partysite.api.pagination import AppPagination

CURSOR_MAX_LENGTH = 400

#: The deepest ``offset`` of the member list: deeper pages cost a walk over every member before
#: them (0.5 s at 90,000 of 100,000 members, bench/RESULTS.md), so they are reached by ``cursor``,
#: which costs what the first page costs. A larger offset is a 422 naming the parameter.
ROSTER_MAX_OFFSET = 10_000


def roster_cursor(member) -> str:
    """The cursor that resumes after ``member`` (read with its organisation)."""
    key = [member.organisation.path, member.name_sort_key, member.pk]
    return base64.urlsafe_b64encode(json.dumps(key, ensure_ascii=False).encode()).decode()


def roster_after(queryset: QuerySet, cursor: str) -> QuerySet:
    """``queryset`` (in roster order) from the member after the one ``cursor`` names; a cursor
    that is not one of ours is refused, naming the parameter."""
    try:
        path, sort_key, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not (isinstance(path, str) and isinstance(sort_key, str) and isinstance(pk, int)):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        refusal = ValidationError(_("翻页游标无效，请从第一页重新加载。"), code="invalid_cursor")
        raise ValidationError({"cursor": refusal}) from None
    return queryset.filter(organisation__path__gte=path).filter(
        Q(organisation__path__gt=path)
        | Q(organisation__path=path, name_sort_key__gt=sort_key)
        | Q(organisation__path=path, name_sort_key=sort_key, pk__gt=pk)
    )


def roster_count(queryset: QuerySet) -> int:
    """How many members ``queryset`` (the filtered, scoped roster) holds: from the shared cache
    until a member or organisation is written (partybuild/core/versioned_cache.py), since every
    page of a list asks for it and at 100,000 members it is a scan. The key is the query itself
    (its SQL and parameters), which holds the user's scope and the filters; without a shared
    cache nothing is stored, and the key (compiling the query) is not worth making."""
    if not cache_storable():
        return queryset.count()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (e.g. an organisation out of scope)
        return 0
    return versioned_cache_get_or_set(
        name="roster_count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest(),
        scope="query",
        topics=(MEMBERS, ORGANISATIONS),
        compute=queryset.count,
    )


class RosterPagination(AppPagination):
    """``AppPagination`` with ``cursor`` in and ``next`` out, for a ``Mapped`` member queryset
    in roster order (``organisation__path``, ``name_sort_key``, ``pk``, organisation selected).

    ``count`` is the number of members matching the filters (not only those after the cursor).
    """

    class RosterInput(AppPagination.Input):
        """The paging parameters with ``cursor`` (its own component name in the schema) and
        ``offset`` bounded by :data:`ROSTER_MAX_OFFSET`."""

        offset: int = Field(
            0,
            ge=0,
            le=ROSTER_MAX_OFFSET,
            description=f"跳过的条数（至多 {ROSTER_MAX_OFFSET}；更深的页请用 cursor）",
        )

        cursor: str | None = Field(
            None,
            max_length=CURSOR_MAX_LENGTH,
            description="翻页游标：上一页返回的 next；给出时从其后开始（offset 在其后再跳过）。"
            "深翻页请用游标，不必用大的 offset",
        )

    Input = RosterInput

    class Output(Schema):
        items: list
        count: int
        next: str | None = Field(description="下一页的游标（传给 cursor）；没有下一页时为 null")

    def paginate_queryset(self, queryset, pagination, request, **params):
        mapped, counted = queryset, queryset.queryset
        rows = counted
        if pagination.cursor:
            rows = roster_after(rows, pagination.cursor)
        filters = params.get("filters")
        searched = bool(filters is not None and (filters.q or "").strip())
        if searched and not pagination.cursor:
            rows = rows.annotate(matches=Window(Count("pk")))
        start = pagination.offset
        page = list(rows[start : start + pagination.limit + 1])
        windowed = searched and not pagination.cursor and page
        count = page[0].matches if windowed else roster_count(counted)
        following = page[pagination.limit - 1] if len(page) > pagination.limit else None
        return {
            "items": [mapped.transform(member) for member in page[: pagination.limit]],
            "count": count,
            "next": roster_cursor(following) if following is not None else None,
        }
