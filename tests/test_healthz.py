"""/healthz for the load balancer."""

import pytest
from django.db import DatabaseError, OperationalError, connection, transaction

from partysite import views

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


class _BrokenConnection:
    """A connection whose server has gone away."""

    def cursor(self):
        raise OperationalError("connection refused")


def test_database_down_gives_503_naming_the_database(client, monkeypatch):
    monkeypatch.setattr(views, "connection", _BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "error"
    assert response.json()["code"] == "database_unavailable"


@pytest.fixture
def read_only_database():
    """The test's own connection made to refuse every write, as a read-only replica or file
    would: ``PRAGMA query_only`` on SQLite, a read-only transaction on PostgreSQL (the test's
    transaction is rolled back afterwards, which ends it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET TRANSACTION READ ONLY")
    try:
        yield
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")


def test_a_database_that_refuses_writes_gives_503_in_chinese(client, read_only_database):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE django_migrations SET app = app")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "database_read_only"
    assert body["message"] == "数据库当前不可写入。"
    assert body["status"] == "error"


def test_the_write_check_leaves_nothing_behind(client):
    before = list(connection.introspection.django_table_names())
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        rows = cursor.fetchall()
    assert client.get("/healthz").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        assert cursor.fetchall() == rows
    assert list(connection.introspection.django_table_names()) == before
