"""Reports and statistics may read from a read replica: :func:`reading_from_replica`.

Only code that asks reads from the replica. A view that shows aggregates (the statistics
dashboard and its exports, the dues report) is decorated with ``@reading_from_replica()``, or a
block is run ``with reading_from_replica():``; while it runs, the database router
(``partysite.db_routers.ReplicaRouter``, installed by the production settings only when
``DATABASE_REPLICA_URL`` is set) sends reads to the ``replica`` alias. Writes always go to the
primary, and so does a read inside a transaction (it may be the read before a write, such as the
audit chain's head), so a lagging replica can make a report a moment old, never a record wrong.
Without a replica configured the marker changes nothing.
"""

from collections.abc import Callable
from contextlib import ContextDecorator
from contextvars import ContextVar, Token
from functools import wraps

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_reads_requested() -> bool:
    """Whether the code running now asked for replica reads (:func:`reading_from_replica`)."""
    return _replica_reads.get()


class reading_from_replica(ContextDecorator):
    """Context manager and decorator: reads inside it may be served by the read replica.

    Nested uses are fine; each restores what was in force before it. The marker is a context
    variable, so it holds for the thread (or task) that entered it only. On a view, a template
    response is rendered inside it too (Django would render it after the view has returned), so
    the reads of its template, such as a form's choices, are the replica's as well.
    """

    def __init__(self) -> None:
        self._tokens: list[Token] = []

    def _recreate_cm(self) -> "reading_from_replica":
        # As a decorator, each call gets its own marker (one instance is shared by threads).
        return type(self)()

    def __call__(self, func: Callable) -> Callable:
        @wraps(func)
        def inner(*args, **kwargs):
            with self._recreate_cm():
                result = func(*args, **kwargs)
                if getattr(result, "is_rendered", True) is False:
                    result.render()
                return result

        return inner

    def __enter__(self) -> "reading_from_replica":
        self._tokens.append(_replica_reads.set(True))
        return self

    def __exit__(self, *exc_info) -> None:
        _replica_reads.reset(self._tokens.pop())
