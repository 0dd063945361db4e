"""The migrated SQLite test database, kept between test runs.

Migrating a fresh database takes about 20 seconds (some 200 migrations, most of the time spent
rendering model states); copying a migrated one takes a fraction of a second. The first process
that finds no copy for the current migrations migrates as usual and saves the result in the
pytest cache (``.pytest_cache/d/migrated-database/<key>.sqlite3``); the others (later runs, other
xdist workers, which wait for it) load the copy into their in-memory test database before
Django's ``migrate``, which then has nothing to apply and only runs its post_migrate handlers.

The key hashes the migration files of every installed app and the versions of Django and SQLite,
so a new or edited migration, or an upgraded package, makes a new copy. ``--create-db`` makes
one too. Nothing is kept on PostgreSQL, with ``--nomigrations``, without the cache plugin or on
platforms without ``fcntl``.
"""

import hashlib
import importlib
import sqlite3
from contextlib import closing
from functools import cache
from pathlib import Path

import django
from django.apps import apps
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None

CACHE_FOLDER = "migrated-database"


@cache
def migrations_key() -> str:
    """A hash of everything the migrated database depends on."""
    digest = hashlib.sha256(f"{django.get_version()} {sqlite3.sqlite_version}".encode())
    for app_config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for folder in map(Path, getattr(module, "__path__", [])):
            for path in sorted(folder.glob("*.py")):
                digest.update(f"{app_config.label}/{path.name}".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


class MigratedDatabase:
    """Load the saved copy before the test database is set up, or save one after."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._lock = None
        self._keeper: sqlite3.Connection | None = None
        self._save = False

    @classmethod
    def for_session(cls, *, config, use_migrations: bool) -> "MigratedDatabase":
        in_memory = connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
            connection.creation._get_test_db_name()
        )
        usable = use_migrations and in_memory and fcntl and getattr(config, "cache", None)
        return cls(config.cache.mkdir(CACHE_FOLDER) if usable else None)

    def load(self, *, rebuild: bool) -> None:
        """Before Django creates the test database: fill it from the copy, if there is one;
        else hold the lock (other workers wait) until :meth:`save`."""
        if self.folder is None:
            return
        self._lock = (self.folder / "lock").open("w")
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        template = self._template()
        if rebuild or not template.exists():
            self._save = True
            return
        # The in-memory database lives while a connection to it is open: this one keeps it
        # until Django's connection (same name, shared cache) takes over.
        self._keeper = sqlite3.connect(connection.creation._get_test_db_name(), uri=True)
        with closing(sqlite3.connect(template)) as source:
            source.backup(self._keeper)
        self._unlock()

    def save(self) -> None:
        """After Django migrated the test database: save a copy for the next runs."""
        if not self._save:
            return
        template = self._template()
        partial = template.with_suffix(".partial")
        connection.ensure_connection()
        with closing(sqlite3.connect(partial)) as target:
            connection.connection.backup(target)
        partial.replace(template)
        for old in self.folder.glob("*.sqlite3"):
            if old != template:
                old.unlink(missing_ok=True)
        self._save = False
        self._unlock()

    def close(self) -> None:
        if self._keeper is not None:
            self._keeper.close()
        self._unlock()

    def _template(self) -> Path:
        return self.folder / f"{migrations_key()}.sqlite3"

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing releases the flock
            self._lock = None


def migrated_rows_restore(django_db_blocker) -> None:
    """Put back the rows migrations made (as serialized when the test database was set up),
    after a test flushed them away (tests/ordering.py)."""
    with django_db_blocker.unblock():
        for database in connections.all(initialized_only=True):
            contents = getattr(database, "_test_serialized_contents", None)
            if contents is not None:
                database.creation.deserialize_db_from_string(contents)


def migrated_database_file(config) -> Path | None:
    """The kept copy of the migrated database for the current migrations, if this run has one
    (SQLite only; the first worker saves it right after migrating, before any test runs).

    A worker migrating right now holds the lock until it has saved the copy: wait for it rather
    than migrate a second time."""
    cache = getattr(config, "cache", None)
    if cache is None or connection.vendor != "sqlite":
        return None
    folder = cache.mkdir(CACHE_FOLDER)
    if fcntl is not None:
        with (folder / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when closed
    template = folder / f"{migrations_key()}.sqlite3"
    return template if template.exists() else None
