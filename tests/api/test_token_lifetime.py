"""App tokens expire after the policy's idle time and absolute age (counted from the sign-in
with a password, across refreshes); ``POST /api/app/auth/refresh`` exchanges a live token for a
new one and revokes the old; a role taken away revokes the account's tokens (issue 18 item 3)."""

import datetime

import pytest
from django.test import Client
from wagtail.models import APIToken

from partybuild.models import SecurityPolicy
from partybuild.services.roles import role_assignment_revoke
from partybuild.signals import security_event
from tests.conftest import PASSWORD
from tests.partybuild.clock import clock_mover

pytestmark = pytest.mark.django_db

WHOAMI = "/api/app/auth/whoami"
REFRESH = "/api/app/auth/refresh"


@pytest.fixture
def advance(monkeypatch):
    return clock_mover(monkeypatch)


@pytest.fixture
def events():
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    security_event.connect(receiver, dispatch_uid="test_token_events")
    yield seen
    security_event.disconnect(dispatch_uid="test_token_events")


@pytest.fixture
def secretary(make_admin, tree):
    return make_admin("secretary", tree["first"])


def sign_in(username: str) -> str:
    response = Client().post(
        "/api/app/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()["token"]


def call(path: str, token: str, method: str = "get"):
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_unused_for_the_idle_time_expires(secretary, advance, events):
    token = sign_in("secretary")
    advance(datetime.timedelta(hours=71))
    assert call(WHOAMI, token).status_code == 200
    advance(datetime.timedelta(hours=71))  # used 71 hours ago: still live
    assert call(WHOAMI, token).status_code == 200
    advance(datetime.timedelta(hours=73))
    response = call(WHOAMI, token)
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert "重新登录" in response.json()["message"]
    assert APIToken.objects.get(user=secretary).revoked_at is not None
    expired = [event for event in events if event["event"] == "token.expired"]
    assert expired[0]["detail"]["reason"] == "idle" and expired[0]["actor"] == secretary


def test_the_idle_time_follows_the_policy(secretary, advance):
    policy = SecurityPolicy.current()
    policy.token_idle_hours = 2
    policy.save()
    token = sign_in("secretary")
    advance(datetime.timedelta(hours=3))
    assert call(WHOAMI, token).status_code == 401


def test_refreshing_gives_a_new_token_and_revokes_the_old(secretary, events):
    old = sign_in("secretary")
    response = call(REFRESH, old, "post")
    assert response.status_code == 200
    new = response.json()["token"]
    assert new != old and response.json()["user"]["username"] == "secretary"
    assert call(WHOAMI, old).status_code == 401
    assert call(WHOAMI, new).status_code == 200
    assert [e["event"] for e in events if e["event"].startswith("token.")] == ["token.refreshed"]


def test_a_token_expires_at_its_absolute_age_even_when_refreshed(secretary, advance, events):
    token = sign_in("secretary")
    for _ in range(14):  # refreshed every two days for 28 days
        advance(datetime.timedelta(days=2))
        response = call(REFRESH, token, "post")
        assert response.status_code == 200
        token = response.json()["token"]
    advance(datetime.timedelta(days=2, minutes=1))  # 30 days and a minute after signing in
    response = call(REFRESH, token, "post")
    assert response.status_code == 401 and response.json()["code"] == "token_expired"
    assert call(WHOAMI, token).status_code == 401
    assert events[-1]["event"] == "token.expired"
    assert events[-1]["detail"]["reason"] == "absolute"
    assert call(WHOAMI, sign_in("secretary")).status_code == 200  # a new sign-in starts afresh


def test_an_expired_token_cannot_be_refreshed(secretary, advance):
    token = sign_in("secretary")
    advance(datetime.timedelta(hours=80))
    assert call(REFRESH, token, "post").status_code == 401


def test_revoking_a_role_revokes_the_tokens(secretary):
    token = sign_in("secretary")
    assignment = secretary.role_assignments.get(role__code="test_scope")
    role_assignment_revoke(actor=None, assignment=assignment)
    assert call(WHOAMI, token).status_code == 401


def test_changing_the_password_revokes_the_tokens_and_issues_one(secretary):
    token = sign_in("secretary")
    response = Client().post(
        "/api/app/auth/password",
        {"old_password": PASSWORD, "new_password": "Another-passphrase-2026"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    assert call(WHOAMI, token).status_code == 401
    assert call(WHOAMI, response.json()["token"]).status_code == 200
