"""忘记密码 in the app (POST /api/app/auth/password/forgot and …/reset): the portal's SMS code
service through the API — the same answer for unknown accounts, a code valid once, wrong codes
and requests limited with 429 and Retry-After, the new password under the policy, old tokens
ended."""

import pytest
from django.test import Client

from partybuild.models import SecurityEvent, User

pytestmark = pytest.mark.django_db

FORGOT = "/api/app/auth/password/forgot"
RESET = "/api/app/auth/password/reset"
TOKEN = "/api/app/auth/token"
OLD_PASSWORD = "Old-pass-2026"
NEW_PASSWORD = "New-pass-2026"
SENT: list = []


class RecordingSmsBackend:
    """Keeps the messages instead of sending them."""

    def send(self, message):
        SENT.append(message)


@pytest.fixture(autouse=True)
def sms(settings):
    settings.SMS_BACKEND = "tests.api.test_password_forgot.RecordingSmsBackend"
    SENT.clear()
    return SENT


@pytest.fixture
def account(db):
    return User.objects.create_user(
        username="zhangsan", password=OLD_PASSWORD, name="张三", phone="13812345678"
    )


def post(url: str, body: dict, client: Client | None = None, **extra):
    return (client or Client()).post(url, body, content_type="application/json", **extra)


def sign_in(password: str):
    return post(TOKEN, {"username": "zhangsan", "password": password})


def test_a_member_resets_the_password_by_phone_and_signs_in_with_it(account):
    old_token = sign_in(OLD_PASSWORD).json()["token"]
    sent = post(FORGOT, {"account": "13812345678"})
    assert sent.status_code == 200
    assert "验证码已发送" in sent.json()["message"]
    assert sent["Cache-Control"] == "private, no-store"
    [message] = SENT
    assert message.phone == "13812345678"
    reset = post(
        RESET, {"account": "zhangsan", "code": message.params["code"], "new_password": NEW_PASSWORD}
    )
    assert reset.status_code == 200
    assert reset.json()["message"] == "密码已重置，请用新密码登录。"
    assert sign_in(OLD_PASSWORD).status_code == 401
    assert sign_in(NEW_PASSWORD).status_code == 200
    whoami = Client().get("/api/app/auth/whoami", HTTP_AUTHORIZATION=f"Bearer {old_token}")
    assert whoami.status_code == 401
    again = post(
        RESET,
        {"account": "zhangsan", "code": message.params["code"], "new_password": "Third-pass-2026"},
    )
    assert again.status_code == 422 and again.json()["code"] == "reset_code_invalid"
    assert SecurityEvent.objects.filter(event="password.reset", actor=account).exists()


def test_unknown_accounts_get_the_same_answer(account):
    known = post(FORGOT, {"account": "zhangsan"})
    unknown = post(FORGOT, {"account": "nobody"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert len(SENT) == 1
    wrong_known = post(
        RESET, {"account": "zhangsan", "code": "000000", "new_password": NEW_PASSWORD}
    )
    wrong_unknown = post(
        RESET, {"account": "nobody", "code": "000000", "new_password": NEW_PASSWORD}
    )
    if SENT[0].params["code"] == "000000":  # one chance in a million
        return
    assert wrong_known.status_code == wrong_unknown.status_code == 422
    assert wrong_known.json() == wrong_unknown.json()
    assert wrong_known.json()["fields"] == {"code": ["验证码错误或已过期，请重新获取。"]}


def test_the_new_password_follows_the_policy(account):
    post(FORGOT, {"account": "zhangsan"})
    weak = post(
        RESET, {"account": "zhangsan", "code": SENT[0].params["code"], "new_password": "12345678"}
    )
    assert weak.status_code == 422
    assert "new_password" in weak.json()["fields"]
    account.refresh_from_db()
    assert account.check_password(OLD_PASSWORD)


def test_wrong_codes_are_limited_with_retry_after(account):
    post(FORGOT, {"account": "zhangsan"})
    right = SENT[0].params["code"]
    wrong = "111111" if right != "111111" else "222222"
    for _attempt in range(5):
        body = {"account": "zhangsan", "code": wrong, "new_password": NEW_PASSWORD}
        assert post(RESET, body).status_code == 422
    locked = post(RESET, {"account": "zhangsan", "code": right, "new_password": NEW_PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "rate_limited"
    assert int(locked["Retry-After"]) > 0
    account.refresh_from_db()
    assert account.check_password(OLD_PASSWORD)


def test_requests_are_limited_per_account(account):
    answers = [post(FORGOT, {"account": "zhangsan"}).status_code for _ in range(6)]
    assert answers[:5] == [200] * 5
    assert answers[5] == 429
    assert len(SENT) == 5


@pytest.mark.parametrize(
    "body",
    [{}, {"account": ""}, {"account": "x" * 151}, ["zhangsan"]],
    ids=["missing", "empty", "too-long", "not-an-object"],
)
def test_malformed_requests_are_refused_in_json(body, account):
    response = post(FORGOT, body)
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/json")
    assert SENT == []
