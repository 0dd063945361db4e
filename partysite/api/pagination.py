"""Lists of the app API: ``?limit=&offset=`` in, ``{"items": [...], "count": N}`` out."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000


class AppPagination(LimitOffsetPagination):
    """Limit at most 100 (more is a 422, not silently cut) and a bounded offset.

    Use with ``@paginate(AppPagination)`` on an operation returning a queryset; the response
    schema is ``list[ItemOut]`` and the result is ``{"items", "count"}``.
    """

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数（1–100）")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class Mapped:
    """A queryset whose page items are passed through ``transform`` after slicing.

    Return ``Mapped(queryset, transform)`` from a paginated operation when items are built by a
    function (masking, labels) rather than read straight from model attributes: only the page's
    rows are fetched and transformed, and the count is one COUNT query.
    """

    def __init__(self, queryset, transform) -> None:
        self.queryset = queryset
        self.transform = transform

    def all(self) -> "Mapped":
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.transform(item) for item in self.queryset[index]]
        return self.transform(self.queryset[index])
