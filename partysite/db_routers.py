"""The database router for an optional read replica (``DATABASE_REPLICA_URL``).

The production settings add the ``replica`` alias and this router only when a replica is
configured. Reads go to the replica only inside :func:`partybuild.core.replica.reading_from_replica`
(the reports and statistics that ask for it) and only outside a transaction on the primary;
everything else, and every write and migration, is the primary's (docs/architecture.md,
"Deployment").
"""

from django.db import DEFAULT_DB_ALIAS, connections

from partybuild.core.replica import replica_reads_requested

#: The alias of the read replica in ``DATABASES``.
REPLICA_DB_ALIAS = "replica"


class ReplicaRouter:
    """Sends the reads of reports and statistics to the replica, the rest to the primary."""

    def db_for_read(self, model, **hints) -> str:
        if replica_reads_requested() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        """The replica holds the primary's rows: objects read from either may be related."""
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        """Migrations run on the primary only; the replica follows it by replication."""
        return db == DEFAULT_DB_ALIAS
