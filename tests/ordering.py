"""The order tests run in, and which tests may share one organisation tree.

pytest-django orders tests as Django does: tests in a transaction, then tests that flush the
database (``transaction=True``; their flush leaves the migrated rows gone for any test after
them, unless the test has ``serialized_rollback``, which reloads them before it), then tests
without a database. We keep that order among the tests with a database; on top of it:

* tests without a database run first, the early ones (below) first among them: when there is
  no migrated database to copy yet, the first worker runs them while another migrates;
* tests marked ``early`` (tens of seconds each) run first, so that a parallel run does not end
  with one worker on them while the others wait (pytest-xdist hands each worker a block of
  consecutive tests to start with, then more from the front of the queue). A flushing test may
  run early only with ``serialized_rollback``: the migrated rows are put back after it
  (:func:`migrated_rows_needed_after`); other flushing tests stay last;
* in a module whose tests share the tree (none of them flushes the database), those that do
  not use it run first: the shared tree lives from the first test that asks for it to the end of
  the module (``shared_tree`` in tests/conftest.py), and a test that does not ask for a tree must
  not find one.
"""

import pytest


def flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames)
    )


def reloads_migrated_rows(item: pytest.Item) -> bool:
    """A test with ``serialized_rollback``: Django reloads the migrated rows before it, and its
    flush afterwards leaves the database empty."""
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("serialized_rollback"))
        or "django_db_serialized_rollback" in item.fixturenames
    )


def module_shares_the_tree(items: list[pytest.Item]) -> bool:
    """A module's tests can share one tree unless one of them flushes the database."""
    return not any(flushes_the_database(item) for item in items)


def _django_order(item: pytest.Item) -> int:
    """pytest-django's: tests in a transaction, tests that flush, tests without a database."""
    if flushes_the_database(item):
        return 1
    uses_database = item.get_closest_marker("django_db") or "db" in item.fixturenames
    return 0 if uses_database else 2


def _runs_early(item: pytest.Item) -> bool:
    return item.get_closest_marker("early") is not None and (
        not flushes_the_database(item) or reloads_migrated_rows(item)
    )


def items_ordered(items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` (in pytest-django's order) in the order described above."""
    by_module: dict[object, list[pytest.Item]] = {}
    for item in items:
        by_module.setdefault(getattr(item, "module", None), []).append(item)
    position = {module: index for index, module in enumerate(by_module)}
    sharing = {module: module_shares_the_tree(found) for module, found in by_module.items()}

    def key(item: pytest.Item) -> tuple[bool, bool, int, int, bool]:
        module = getattr(item, "module", None)
        return (
            _django_order(item) != 2,
            not _runs_early(item),
            _django_order(item),
            position[module],
            sharing[module] and "tree" in item.fixturenames,
        )

    return sorted(items, key=key)


def migrated_rows_needed_after(item: pytest.Item, nextitem: pytest.Item | None) -> bool:
    """Whether the migrated rows must be put back after ``item``: it flushed the database but
    ran early, and the next test does not reload them itself."""
    return (
        nextitem is not None
        and _runs_early(item)
        and flushes_the_database(item)
        and not (flushes_the_database(nextitem) and reloads_migrated_rows(nextitem))
    )
