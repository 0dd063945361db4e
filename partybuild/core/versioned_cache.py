"""Cached figures and responses that a version number per topic invalidates.

A value is cached under a key made of what it is (``name``), whom it is for (``scope``: e.g. the
paths of the roots of an administrator's subtree, or a public address) and the current version of
each *topic* it is computed from (``members``, ``dues``, ``pages`` …). A write to a model that
feeds a topic calls :func:`cache_version_bump`, so every value built from it is looked up under a
new key and computed afresh: nobody reads a figure older than the last write. The receivers that
bump live in the apps that own the models (their ``ready``), so this module imports no app.

Rules that keep a shared cache safe:

* Values are stored only in a cache that every server process shares (Redis in production,
  ``REDIS_URL``): a per-process cache (Django's local-memory default) would miss the version
  bumps made by the other processes and serve their stale values, so with it nothing is stored
  and every figure is computed as before.
* Only what is read outside a transaction is stored (``connection.in_atomic_block`` false): in a
  transaction a read may include its own uncommitted writes, which a rollback would leave behind
  in the cache. A version is bumped at once and again when the transaction commits, so a reader
  who read the old rows while the writer was still open stores them under a version that the
  commit retires.
* Values are also memoised on a per-request object (``memo``: the request's user, as the scope
  paths are, or the request itself), so one request computes each figure once even when the
  cache cannot be used.
* Entries expire after :data:`FIGURE_TIMEOUT` seconds, which bounds the age of a figure whose
  rows were written in bulk (``bulk_create``, ``update``), which sends no signal.
* A version missing from the cache (expired, evicted) starts again at a new number (the clock in
  nanoseconds), never at an old one, so an evicted version cannot bring back an old value.
"""

import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction

T = TypeVar("T")

#: Seconds a cached value is kept at most.
FIGURE_TIMEOUT = 600

#: Topics: what a cached value is computed from, each bumped by writes to its models.
MEMBERS = "members"
ORGANISATIONS = "organisations"
DUES = "dues"
MEETINGS = "meetings"
RECRUITMENT = "recruitment"
LEARNING = "learning"
NOTICES = "notices"
PAGES = "pages"

_VERSION_PREFIX = "pb:version:"
_VALUE_PREFIX = "pb:cached:"
_MEMO_ATTRIBUTE = "_partybuild_cached_values"


def _version_key(topic: str) -> str:
    return _VERSION_PREFIX + topic


def _bump_now(topics: Iterable[str]) -> None:
    for topic in topics:
        key = _version_key(topic)
        try:
            cache.incr(key)
        except ValueError:  # missing: start at a number no earlier version used
            cache.set(key, time.time_ns(), timeout=None)


def cache_version_bump(*topics: str) -> None:
    """Retire every cached value computed from ``topics``: now, and again when the current
    transaction commits (see the module's docstring)."""
    _bump_now(topics)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_now(topics))


def cache_versions(topics: Sequence[str]) -> list[int]:
    """The current version of each of ``topics`` (one cache round trip)."""
    keys = [_version_key(topic) for topic in topics]
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    for key, value in missing.items():
        if cache.add(key, value, timeout=None):
            found[key] = value
        else:
            found[key] = cache.get(key, value)
    return [found[key] for key in keys]


def scope_label(paths: Sequence[str] | None) -> str:
    """The ``scope`` of a value for the subtrees at ``paths`` (None: the whole tree)."""
    if paths is None:
        return "*"
    return ",".join(sorted(paths)) or "-"


@functools.cache
def cache_is_shared() -> bool:
    """Whether the default cache is one all server processes share (not per-process memory)."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def cache_storable() -> bool:
    """Whether what is read now may be stored: in a shared cache, outside a transaction."""
    return cache_is_shared() and not connection.in_atomic_block


def versioned_key(*, name: str, scope: str, topics: Sequence[str]) -> str:
    """The cache key of ``name`` for ``scope`` at the topics' current versions."""
    versions = cache_versions(topics)
    raw = "|".join([name, scope, *(f"{t}={v}" for t, v in zip(topics, versions, strict=True))])
    return _VALUE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def versioned_cache_get_or_set(
    *,
    name: str,
    scope: str,
    topics: Sequence[str],
    compute: Callable[[], T],
    memo: Any = None,
    timeout: int = FIGURE_TIMEOUT,
) -> T:
    """``compute()``, or the value cached for ``name`` and ``scope`` since the last write to any of
    ``topics``; memoised on ``memo`` (an object that lives as long as the request) too."""
    key = versioned_key(name=name, scope=scope, topics=topics)
    memoised = getattr(memo, "__dict__", {}).get(_MEMO_ATTRIBUTE, {}) if memo is not None else {}
    if key in memoised:
        return memoised[key]
    storable = cache_storable()
    value = cache.get(key) if storable else None
    if value is None:
        value = compute()
        if storable:
            cache.set(key, value, timeout=timeout)
    if memo is not None:
        memo.__dict__.setdefault(_MEMO_ATTRIBUTE, {})[key] = value
    return value
