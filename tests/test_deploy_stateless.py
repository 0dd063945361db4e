"""Several app servers behind one load balancer: no web process keeps state of its own.

Production settings put the cache in Redis and sessions in the database, never in a process's
memory or on its disk; the sign-in lockout, the rate limits and the sessions are the database's,
so a second server (another client, with every process cache emptied) sees what the first one
counted (deploy/README.md, "Several machines")."""

import pytest
from django.core.cache import caches
from django.test import Client

from partybuild.models import User
from tests.portal_pages import portal_pages  # noqa: F401 (fixture: the portal's /me/ pages)
from tests.production_env import production_env, production_settings
from tests.subprocesses import run_python

PASSWORD = "Right-pass-2026"
TOKEN = "/api/app/auth/token"
FORGOT = "/api/app/auth/password/forgot"
#: The backends that keep state in one process's memory or on one machine's disk.
LOCAL_BACKENDS = ("locmem", "filebased", "dummy", ".file", "signed_cookies")


def test_production_keeps_no_state_in_a_process(tmp_path):
    found = production_settings(
        tmp_path,
        "import redis; print(json.dumps({'caches': [c['BACKEND'] for c in "
        "settings.CACHES.values()], 'sessions': settings.SESSION_ENGINE, "
        "'location': settings.CACHES['default']['LOCATION']}))",
    )
    assert found["caches"] == ["django.core.cache.backends.redis.RedisCache"]
    assert found["location"] == "redis://127.0.0.1:6379/0"
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    for backend in [*found["caches"], found["sessions"]]:
        assert not any(local in backend for local in LOCAL_BACKENDS), backend


def test_production_refuses_to_start_without_a_shared_cache(tmp_path):
    env = production_env(tmp_path)
    del env["REDIS_URL"]
    result = run_python("-c", "import django; django.setup()", env=env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def another_server() -> Client:
    """The same person (the same address, as the load balancer passes it on) reaching another
    app server: no cookie yet, and no process cache to find."""
    for cache in caches.all():
        cache.clear()
    return Client(REMOTE_ADDR="10.0.0.1")


@pytest.fixture
def account(db):
    return User.objects.create_user(
        username="zhangsan", password=PASSWORD, name="张三", phone="13812345678"
    )


def sign_in(client: Client, password: str):
    return client.post(
        TOKEN, {"username": "zhangsan", "password": password}, content_type="application/json"
    )


def test_a_lockout_counted_on_one_server_holds_on_another(account):
    first = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        assert sign_in(first, "wrong").status_code == 401
    refused = sign_in(another_server(), PASSWORD)
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_a_rate_limit_counted_on_one_server_holds_on_another(account, settings):
    settings.SMS_BACKEND = "partybuild.core.sms.ConsoleSmsBackend"
    first = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):  # 安全策略's default: 5 requests an hour per account
        answer = first.post(FORGOT, {"account": "zhangsan"}, content_type="application/json")
        assert answer.status_code == 200
    refused = another_server().post(
        FORGOT, {"account": "zhangsan"}, content_type="application/json"
    )
    assert refused.status_code == 429


@pytest.mark.usefixtures("portal_pages")
def test_a_session_opened_on_one_server_is_known_to_another(account, settings):
    first = Client()
    assert first.post("/login/", {"username": "zhangsan", "password": PASSWORD}).status_code == 302
    second = another_server()
    second.cookies = first.cookies
    assert second.get("/me/").status_code == 200
    assert Client().get("/me/").status_code == 302  # without the cookie: signed out
