"""Token sign-in, the shared lockout, logout and revocation."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from partybuild.models import LoginFailure
from tests.api.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/app/auth/token"


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_sign_in_returns_a_token_that_authenticates(roles):
    response = sign_in(Client(), "member_a", PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == "member_a"
    assert body["user"]["member_id"] == roles["member_a"].member.pk
    whoami = Client().get("/api/app/auth/whoami", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert whoami.status_code == 200
    assert whoami.json()["username"] == "member_a"


def test_unknown_user_and_wrong_password_answer_alike(roles):
    unknown = sign_in(Client(), "nobody", PASSWORD)
    wrong = sign_in(Client(), "member_a", "wrong-password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert wrong.json()["code"] == "invalid_credentials"


def test_five_failures_lock_the_username_even_for_the_right_password(roles):
    client = Client()
    for _ in range(5):
        assert sign_in(client, "member_a", "wrong", ip="10.0.0.1").status_code == 401
    locked = sign_in(client, "member_a", PASSWORD, ip="10.0.0.1")
    assert locked.status_code == 429
    assert locked.json()["code"] == "login_locked"
    assert "分钟后再试" in locked.json()["message"]
    assert int(locked["Retry-After"]) > 0
    assert LoginFailure.objects.filter(username="member_a").count() == 5  # not counted again
    assert sign_in(client, "member_b", PASSWORD).status_code == 200  # others unaffected
    # from another address only the hard cap (15 from anywhere) would lock member_a
    assert sign_in(client, "member_a", PASSWORD, ip="10.9.9.9").status_code == 200


def test_lock_ends_after_the_window(roles):
    client = Client()
    for _ in range(5):
        sign_in(client, "member_a", "wrong")
    LoginFailure.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client, "member_a", PASSWORD).status_code == 200


def test_twenty_failures_from_one_address_lock_the_usernames_tried_there(roles):
    client = Client()
    sign_in(client, "member_a", "wrong", ip="192.0.2.7")
    for attempt in range(19):
        sign_in(client, f"guess{attempt}", "wrong", ip="192.0.2.7")
    assert sign_in(client, "member_a", PASSWORD, ip="192.0.2.7").status_code == 429
    assert sign_in(client, "member_a", PASSWORD, ip="192.0.2.8").status_code == 200
    assert sign_in(client, "member_b", PASSWORD, ip="192.0.2.7").status_code == 200


def test_success_forgives_earlier_failures(roles):
    client = Client()
    for _ in range(4):
        sign_in(client, "member_a", "wrong")
    assert sign_in(client, "member_a", PASSWORD).status_code == 200
    assert not LoginFailure.objects.filter(username="member_a").exists()


def test_admin_login_shares_the_lockout(roles):
    for _ in range(5):
        sign_in(Client(), "admin_a", "wrong", ip="127.0.0.1")
    response = Client().post(
        "/admin/login/", {"username": "admin_a", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 200  # the form again, not a redirect into the admin
    assert "登录失败次数过多" in response.content.decode()


def test_admin_login_failures_lock_the_api(roles):
    for _ in range(5):
        Client().post(
            "/admin/login/", {"username": "admin_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
    assert sign_in(Client(), "admin_a", PASSWORD, ip="10.0.0.1").status_code == 429


def test_logout_revokes_the_token_in_use(roles, api_client):
    client = api_client(roles["member_a"])
    other = api_client(roles["member_a"])
    assert client.post("/api/app/auth/logout").status_code == 200
    assert client.get("/api/app/auth/whoami").status_code == 401
    assert other.get("/api/app/auth/whoami").status_code == 200


def test_password_change_revokes_all_tokens(roles, api_client):
    client = api_client(roles["member_a"])
    user = roles["member_a"]
    user.set_password("a-new-password-123")
    user.save()
    assert client.get("/api/app/auth/whoami").status_code == 401
    assert not APIToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_disabling_the_account_revokes_all_tokens(roles, api_client):
    client = api_client(roles["member_a"])
    user = roles["member_a"]
    user.is_active = False
    user.save()
    assert client.get("/api/app/auth/whoami").status_code == 401
    assert not APIToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_malformed_requests_get_json_errors_not_500(roles, api_client):
    client = Client()
    assert client.post(TOKEN_URL, "not json", content_type="application/json").status_code == 400
    invalid = client.post(TOKEN_URL, {"username": ""}, content_type="application/json")
    assert invalid.status_code == 422
    assert set(invalid.json()["fields"]) == {"username", "password"}
    huge = api_client(roles["member_a"]).get("/api/app/messages/99999999999999999999/read")
    assert huge.status_code in (405, 422)
    assert api_client(roles["admin_a"]).get("/api/app/members/?limit=101").status_code == 422


@pytest.mark.parametrize("username", ["nul\x00name", "lone\udafdsurrogate"])
def test_unstorable_text_is_bad_input_not_a_server_error(roles, username):
    response = Client().post(
        TOKEN_URL,
        json.dumps({"username": username, "password": "x"}),
        content_type="application/json",
    )
    assert response.status_code in (401, 422)  # PostgreSQL cannot store NUL: 422 there
    assert set(response.json()) == {"code", "message", "fields"}
