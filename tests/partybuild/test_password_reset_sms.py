"""忘记密码 on the portal by SMS code: the same answer for unknown accounts, a code valid once and
for ten minutes, wrong codes limited, the new password under the policy."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partybuild.models import PasswordResetCode, SecurityEvent, User

pytestmark = pytest.mark.django_db

REQUEST = reverse("password_reset_request")
CONFIRM = reverse("password_reset_confirm")
SENT: list = []


class RecordingSmsBackend:
    """Keeps the messages instead of sending them."""

    def send(self, message):
        SENT.append(message)


@pytest.fixture(autouse=True)
def sms(settings):
    settings.SMS_BACKEND = "tests.partybuild.test_password_reset_sms.RecordingSmsBackend"
    SENT.clear()
    return SENT


@pytest.fixture
def member_account(db):
    return User.objects.create_user(
        username="zhangsan", password="Old-pass-2026", name="张三", phone="13812345678"
    )


def _code() -> str:
    return SENT[-1].params["code"]


NEW_PASSWORD = "New-pass-2026"


def _confirm(client, account, code, password=None, again=None):
    password = password or NEW_PASSWORD
    return client.post(
        CONFIRM,
        {
            "account": account,
            "code": code,
            "new_password": password,
            "new_password_again": again or password,
        },
    )


def test_the_login_page_offers_it(client):
    assert REQUEST in client.get(reverse("login")).content.decode()


def test_a_member_resets_by_phone_number_and_signs_in(client, member_account):
    response = client.post(REQUEST, {"account": "138 1234 5678"})  # the phone, as typed
    assert response.status_code == 302 and response.url == CONFIRM
    assert [m.phone for m in SENT] == ["13812345678"] and SENT[0].template == "reset_code"
    assert client.get(CONFIRM).context["form"].initial["account"] == "138 1234 5678"
    response = _confirm(client, "zhangsan", _code())
    assert response.status_code == 302 and response.url == reverse("login")
    member_account.refresh_from_db()
    assert member_account.check_password("New-pass-2026")
    assert not PasswordResetCode.objects.filter(used_at__isnull=True).exists()
    events = list(SecurityEvent.objects.values_list("event", flat=True))
    assert "password.reset_requested" in events and "password.reset" in events
    requested = SecurityEvent.objects.get(event="password.reset_requested")
    assert requested.detail["account"] == "138****5678"  # the phone as typed, masked


def test_unknown_accounts_get_the_same_answer(client, member_account):
    known = client.post(REQUEST, {"account": "zhangsan"})
    unknown = client.post(REQUEST, {"account": "nobody"})
    no_phone = User.objects.create_user(username="wuhao", password="x", name="无号")
    without_phone = client.post(REQUEST, {"account": no_phone.username})
    assert {r.status_code for r in (known, unknown, without_phone)} == {302}
    assert {r.url for r in (known, unknown, without_phone)} == {CONFIRM}
    assert len(SENT) == 1  # only the known account with a phone got a message


def test_a_code_works_once_and_not_after_ten_minutes(client, member_account):
    client.post(REQUEST, {"account": "zhangsan"})
    code = _code()
    assert _confirm(client, "zhangsan", code).status_code == 302
    reused = _confirm(client, "zhangsan", code, password="Third-pass-2026")
    assert reused.status_code == 400 and "验证码错误或已过期" in reused.content.decode()
    client.post(REQUEST, {"account": "zhangsan"})
    PasswordResetCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    assert _confirm(client, "zhangsan", _code(), password="Fourth-pass-2026").status_code == 400
    member_account.refresh_from_db()
    assert member_account.check_password("New-pass-2026")


def test_a_newer_code_voids_the_older(client, member_account):
    client.post(REQUEST, {"account": "zhangsan"})
    first = _code()
    client.post(REQUEST, {"account": "zhangsan"})
    assert _confirm(client, "zhangsan", first).status_code == 400
    assert _confirm(client, "zhangsan", _code()).status_code == 302


def test_the_new_password_follows_the_policy(client, member_account):
    client.post(REQUEST, {"account": "zhangsan"})
    response = _confirm(client, "zhangsan", _code(), password="simplepass")
    assert response.status_code == 400
    assert "至少 3 类" in response.content.decode()
    assert _confirm(client, "zhangsan", _code()).status_code == 302  # the code still good


def test_wrong_codes_are_limited_even_before_the_right_one(client, member_account):
    client.post(REQUEST, {"account": "zhangsan"})
    right = _code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        assert _confirm(client, "zhangsan", wrong).status_code == 400
    refused = _confirm(client, "zhangsan", right)
    assert refused.status_code == 429 and "验证码错误次数过多" in refused.content.decode()
    member_account.refresh_from_db()
    assert member_account.check_password("Old-pass-2026")


def test_requests_are_limited_per_account_and_address(client, member_account):
    for _ in range(5):  # the policy's default: 5 an hour
        assert client.post(REQUEST, {"account": "zhangsan"}).status_code == 302
    refused = client.post(REQUEST, {"account": "zhangsan"})
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    assert len(SENT) == 5
