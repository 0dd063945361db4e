"""Appends to the security audit trail from several connections at once each get the next
sequence number (the lock on the chain's head row), so the chain stays whole. SQLite's test
database is a single connection, so this runs on PostgreSQL only."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from partybuild.models import SecurityEvent
from partybuild.services.security_events import security_event_record, security_events_verify

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a database several connections share"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_appends_keep_the_chain_whole():
    def append(index: int) -> None:
        try:
            for _ in range(10):
                security_event_record(
                    event="login.failure", actor=None, actor_username=f"guesser{index}"
                )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(append, range(4)))
    assert SecurityEvent.objects.filter(event="login.failure").count() == 40
    report = security_events_verify()
    assert report.ok, report
