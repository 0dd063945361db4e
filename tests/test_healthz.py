"""/healthz for the load balancer."""

import pytest
from django.db import OperationalError

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
