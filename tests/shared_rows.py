"""Rows built once for many tests: a transaction around a module's or a package's tests.

What Django's ``TestCase.setUpTestData`` does for a class: the rows made inside
:func:`rows_for_scope` are seen by each test of the scope, whose own transaction (pytest-django's
``db``) nests in this one as a savepoint, so whatever a test writes is rolled back after it and
the next test finds the shared rows as they were built. At the end of the scope everything is
rolled back. Tests that flush the database (``transaction=True``) must not run inside it.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rows_for_scope(django_db_blocker) -> Iterator[None]:
    """Open the outer transaction; build the shared rows inside ``django_db_blocker.unblock()``."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
