"""党员登录账号: logins for members in one all-or-nothing batch, one-time passwords on slips and an
xlsx list, forced change at first sign-in (admin, portal, app), scoped resets, SMS senders."""

import base64
import datetime
import io
import json
import logging
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from partybuild.core.sms import AliyunSmsBackend, SmsError, SmsMessage, aliyun_signature
from partybuild.models import Member, User
from partybuild.services.member_logins import (
    member_account_name,
    member_logins_create,
    member_logins_create_for_organisation,
)
from partybuild.services.passwords import (
    ISSUED_PASSWORD_LENGTH,
    password_generate,
    user_password_reset,
)
from tests.api.conftest import PASSWORD, client_for, valid_id_number
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SENT: list[SmsMessage] = []
EXPECTED_SIGNATURE = "BhcrXZSTxVyp8/wkFThofB9Ob9g="


class RecordingSmsBackend:
    """Keeps the messages it is given (tests only)."""

    def send(self, message):
        SENT.append(message)


@pytest.fixture
def admin_general(api_admin, tree):
    """An administrator with 党员管理·编辑 (creating and resetting logins needs it)."""
    return api_admin("admin_general", tree["general"])


@pytest.fixture
def admin_first(api_admin, tree):
    return api_admin("admin_first", tree["first"])


def _member(tree, key, name, phone="", serial="123"):
    member = Member(
        name=name,
        gender="male",
        birth_date=datetime.date(1980, 5, 17),
        organisation=tree[key],
        phone=phone,
        joined_on=datetime.date(2010, 7, 1),
        confirmed_on=datetime.date(2011, 7, 1),
    )
    member.id_number = valid_id_number(datetime.date(1980, 5, 17), serial)
    member.save()
    return member


# --- the batch -------------------------------------------------------------------------------


def test_subtree_batch_with_one_taken_name_is_refused_whole_then_made(tree, admin_general):
    zhang = _member(tree, "first", "张三", "13800000001", "113")
    li = _member(tree, "group", "李四", "13800000002", "133")
    wang = _member(tree, "second", "王五", "13800000002", "153")  # same mobile as 李四
    zhao = _member(tree, "second", "赵六", "", "173")
    outside = _member(tree, "third", "钱七", "13800000009", "193")
    squatter = User.objects.create_user(username=f"dy{li.pk:06d}", password=PASSWORD)

    with pytest.raises(ValidationError) as refused:
        member_logins_create_for_organisation(organisation=tree["general"], actor=admin_general)
    messages = refused.value.messages
    assert len(messages) == 1
    assert "李四（一小组）" in messages[0] and f"dy{li.pk:06d}" in messages[0]
    assert not User.objects.filter(member__isnull=False).exists()

    squatter.delete()
    issued = member_logins_create_for_organisation(
        organisation=tree["general"], actor=admin_general
    )
    assert [item.member.name for item in issued] == ["张三", "李四", "王五", "赵六"]
    for item in issued:
        account = User.objects.get(pk=item.account.pk)
        assert account.member.pk == item.member.pk
        assert account.phone == item.member.phone  # the number signs in to the account too
        assert account.password_change_required
        assert item.password not in account.password  # only the hash is stored
        assert account.check_password(item.password)
    # The account name is never the phone number (stored only encrypted).
    assert [item.account.username for item in issued] == [
        f"dy{member.pk:06d}" for member in (zhang, li, wang, zhao)
    ]
    outside.refresh_from_db()
    assert outside.user is None
    entries = ModelLogEntry.objects.filter(action="partybuild.member_login.create")
    assert entries.count() == 4
    assert {entry.user_id for entry in entries} == {admin_general.pk}
    assert {entry.data["batch_size"] for entry in entries} == {4}
    # A second run over the subtree finds no member without a login.
    with pytest.raises(ValidationError):
        member_logins_create_for_organisation(organisation=tree["general"], actor=admin_general)


def test_selected_batch_refuses_existing_account_name_existing_login_and_out_of_scope(
    tree, admin_first
):
    taken = _member(tree, "first", "甲", "13800000011", "113")
    User.objects.create_user(username=f"dy{taken.pk:06d}", password=PASSWORD)
    fine = _member(tree, "first", "乙", "13800000012", "133")
    linked = _member(tree, "first", "丙", "13800000013", "153")
    linked.user = User.objects.create_user(username="bing", password=PASSWORD)
    linked.save()
    sibling = _member(tree, "second", "丁", "13800000014", "173")
    with pytest.raises(ValidationError) as refused:
        member_logins_create(members=[taken, fine, linked, sibling], actor=admin_first)
    text = "\n".join(refused.value.messages)
    assert f"甲（一支部）：账号「dy{taken.pk:06d}」已被其他账号使用" in text
    assert "丙（一支部）：已有登录账号" in text
    assert "丁（二支部）：不在您管理的党组织范围内" in text
    assert "乙" not in text
    fine.refresh_from_db()
    assert fine.user is None


def test_account_name_rule(tree):
    with_phone = _member(tree, "first", "甲", "13800000021")
    without = _member(tree, "first", "乙", "", "133")
    assert member_account_name(with_phone) == f"dy{with_phone.pk:06d}"
    assert member_account_name(without) == f"dy{without.pk:06d}"


def test_issued_passwords_are_random_long_and_unambiguous():
    passwords = {password_generate() for _index in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert len(password) == ISSUED_PASSWORD_LENGTH >= 10
        assert not set(password) & set("0Oo1lIi")
        assert re.search(r"[A-Z]", password) and re.search(r"[a-z]", password)
        assert re.search(r"\d", password)


# --- admin: bulk action, slips and xlsx, list column -----------------------------------------


def _xlsx_rows(html: str):
    match = re.search(r'href="data:[^;]+;base64,([^"]+)"', html)
    workbook = load_workbook(io.BytesIO(base64.b64decode(match.group(1))), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_bulk_action_shows_slips_and_masked_xlsx_once(client, tree, admin_first, superuser):
    member = _member(tree, "first", "张三", "13812345678", "113")
    client.force_login(admin_first)
    url = reverse("wagtail_bulk_action", args=("partybuild", "member", "create_logins"))
    query = f"?next=/admin/members/&id={member.pk}"
    confirm = client.get(url + query)
    assert confirm.status_code == 200
    assert "张三" in confirm.content.decode()
    response = client.post(url + query, {})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    member.refresh_from_db()
    password = re.search(r'<span class="password">([^<]+)</span>', html).group(1)
    assert member.user.check_password(password)
    assert html.count("data-login-slip") == 1
    assert "一支部" in html and f"dy{member.pk:06d}" in html  # the slip names the account
    assert "也可使用本人手机号码登录" in html and "13812345678" not in html
    rows = _xlsx_rows(html)
    headings = ["序号", "姓名", "所在党组织", "公民身份号码", "手机号码", "账号", "初始密码"]
    assert rows[0][:7] == headings
    assert rows[1][1:7] == [
        "张三",
        "一支部",
        "110***********" + member.id_number[-4:],
        "138****5678",
        f"dy{member.pk:06d}",
        password,
    ]
    client.force_login(superuser)
    listing = client.get("/admin/members/")
    assert "已开通" in listing.content.decode()


def test_bulk_action_refusal_lists_rows(client, tree, admin_first):
    first = _member(tree, "first", "张三", "13812345678", "113")
    second = _member(tree, "group", "李四", "13812345679", "133")
    for member in (first, second):
        User.objects.create_user(username=f"dy{member.pk:06d}", password=PASSWORD)
    client.force_login(admin_first)
    url = reverse("wagtail_bulk_action", args=("partybuild", "member", "create_logins"))
    response = client.post(url + f"?next=/admin/members/&id={first.pk}&id={second.pk}", {})
    html = response.content.decode()
    assert "data-member-login-refusals" in html
    assert "张三（一支部）" in html and "李四（一小组）" in html
    assert not Member.objects.filter(user__isnull=False).exists()


def test_subtree_page_is_scoped(client, tree, admin_first):
    _member(tree, "second", "外支部", "13812345670")
    client.force_login(admin_first)
    url = reverse("partybuild_member_logins_subtree")
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": tree["second"].pk})
    assert response.status_code == 200
    assert "data-login-slip" not in response.content.decode()
    assert not Member.objects.filter(user__isnull=False).exists()


# --- reset ------------------------------------------------------------------------------------


def test_reset_is_scoped(client, tree, admin_first):
    inside = _member(tree, "first", "张三", "13812345678", "113")
    outside = _member(tree, "second", "李四", "13812345679", "133")
    for member, username in ((inside, "zhangsan"), (outside, "lisi")):
        member.user = User.objects.create_user(username=username, password=PASSWORD)
        member.save()
    with pytest.raises(PermissionDenied):
        user_password_reset(account=outside.user, actor=admin_first)
    client.force_login(admin_first)
    out_url = reverse("partybuild_account_password_reset", args=(outside.user.pk,))
    assert client.get(out_url).status_code == 404
    assert client.post(out_url).status_code == 404
    url = reverse("partybuild_account_password_reset", args=(inside.user.pk,))
    assert client.get(url).status_code == 200
    response = client.post(url)
    password = re.search(r'<span class="password">([^<]+)</span>', response.content.decode())
    account = User.objects.get(pk=inside.user.pk)
    assert account.check_password(password.group(1))
    assert account.password_change_required
    assert not User.objects.get(pk=outside.user.pk).password_change_required
    entry = ModelLogEntry.objects.get(action="partybuild.account.password_reset")
    assert (entry.user_id, entry.object_id) == (admin_first.pk, str(account.pk))


# --- forced change at first sign-in ----------------------------------------------------------


def _flagged_member(tree, admin):
    member = _member(tree, "first", "张三", "13812345678", "113")
    (issued,) = member_logins_create(members=[member], actor=admin)
    return issued


@pytest.mark.usefixtures("portal_pages")
def test_forced_change_in_the_portal(tree, admin_first):
    issued = _flagged_member(tree, admin_first)
    client = Client()
    assert client.login(username=issued.account.username, password=issued.password)
    change = reverse("portal:password_change")
    for path in ("/me/", "/me/meetings/", "/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, change), path
    assert "data-password-change-required" in client.get(change).content.decode()
    refused = client.post(
        change,
        {"old_password": issued.password, "new_password": "123", "new_password_again": "123"},
    )
    assert refused.status_code == 200
    assert "errorlist" in refused.content.decode()  # Django's validators
    response = client.post(
        change,
        {
            "old_password": issued.password,
            "new_password": "Kq7mVt3pRx9w",
            "new_password_again": "Kq7mVt3pRx9w",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(pk=issued.account.pk)
    assert not account.password_change_required
    assert account.check_password("Kq7mVt3pRx9w")
    assert client.get("/me/").status_code == 200  # still signed in


def test_forced_change_in_the_admin(tree, superuser, make_admin):
    other = make_admin("other_admin", tree["first"])
    user_password_reset(account=other, actor=superuser)  # an administrator's: 账号管理
    other.refresh_from_db()
    client = Client()
    client.force_login(other)
    change = reverse("partybuild_password_change")
    for path in ("/admin/", "/admin/members/", reverse("wagtailusers_users:index")):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, change), path
    assert client.get(change).status_code == 200
    other.set_password("known-Old-pass1")
    other.save()
    client.force_login(other)
    response = client.post(
        change,
        {
            "old_password": "known-Old-pass1",
            "new_password": "Kq7mVt3pRx9w",
            "new_password_again": "Kq7mVt3pRx9w",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_forced_change_in_the_app(tree, admin_first):
    issued = _flagged_member(tree, admin_first)
    signin = Client().post(
        "/api/app/auth/token",
        {"username": issued.account.username, "password": issued.password},
        content_type="application/json",
    )
    assert signin.status_code == 200
    assert signin.json()["user"]["password_change_required"] is True
    token = signin.json()["token"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    refused = client.get("/api/app/me/")
    assert (refused.status_code, refused.json()["code"]) == (403, "password_change_required")
    assert client.get("/api/app/messages/").status_code == 403
    assert client.get("/api/app/auth/whoami").status_code == 200
    weak = client.post(
        "/api/app/auth/password",
        {"old_password": issued.password, "new_password": "12345678"},
        content_type="application/json",
    )
    assert weak.status_code == 422
    changed = client.post(
        "/api/app/auth/password",
        {"old_password": issued.password, "new_password": "Kq7mVt3pRx9w"},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert client.get("/api/app/me/").status_code == 401  # the old token ended
    fresh = Client(HTTP_AUTHORIZATION=f"Bearer {changed.json()['token']}")
    assert fresh.get("/api/app/me/").status_code == 200


def test_app_admin_creates_and_resets_logins(tree, admin_first):
    member = _member(tree, "first", "张三", "13812345678", "113")
    outside = _member(tree, "second", "李四", "13812345679", "133")
    client = client_for(admin_first)
    refused = client.post(
        "/api/app/member-logins/",
        {"member_ids": [member.pk, outside.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert not Member.objects.filter(user__isnull=False).exists()
    created = client.post(
        "/api/app/member-logins/", {"member_ids": [member.pk]}, content_type="application/json"
    )
    assert created.status_code == 201
    (row,) = created.json()
    assert row["account"] == f"dy{member.pk:06d}"
    member.refresh_from_db()
    assert member.user.check_password(row["password"])
    reset = client.post(
        f"/api/app/member-logins/{member.pk}/reset-password", {}, content_type="application/json"
    )
    assert reset.status_code == 200
    member.user.refresh_from_db()
    assert member.user.check_password(reset.json()["password"])
    outside.user = User.objects.create_user(username="lisi", password=PASSWORD)
    outside.save()
    assert (
        client.post(
            f"/api/app/member-logins/{outside.pk}/reset-password",
            {},
            content_type="application/json",
        ).status_code
        == 404
    )


# --- SMS -------------------------------------------------------------------------------------


@override_settings(SMS_BACKEND="tests.partybuild.test_member_logins.RecordingSmsBackend")
def test_sms_delivery_replaces_the_slip_where_a_mobile_is_known(tree, admin_first):
    SENT.clear()
    with_phone = _member(tree, "first", "张三", "13812345678", "113")
    without = _member(tree, "first", "李四", "", "133")
    issued = member_logins_create(members=[with_phone, without], actor=admin_first, by_sms=True)
    by_name = {item.member.name: item for item in issued}
    assert by_name["张三"].sent_by_sms and not by_name["李四"].sent_by_sms
    (message,) = SENT
    assert message.phone == "13812345678"
    assert message.params == {
        "account": f"dy{with_phone.pk:06d}",
        "password": by_name["张三"].password,
    }
    assert by_name["张三"].password in message.text


def test_console_backend_logs_the_message(caplog):
    from partybuild.core.sms import sms_send

    with caplog.at_level(logging.INFO, logger="partybuild.sms"):
        sms_send(phone="13812345678", text="测试短信", params={})
    assert "13812345678" in caplog.text and "测试短信" in caplog.text


class _FakeAliyun(BaseHTTPRequestHandler):
    answer = {"Code": "OK", "Message": "OK"}
    requests: list[dict] = []

    def do_GET(self):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        type(self).requests.append(query)
        body = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_aliyun():
    server = HTTPServer(("127.0.0.1", 0), _FakeAliyun)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeAliyun.requests = []
    _FakeAliyun.answer = {"Code": "OK", "Message": "OK"}
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_aliyun_backend_sends_a_signed_request(fake_aliyun):
    backend = AliyunSmsBackend(
        environ={
            "ALIYUN_SMS_ACCESS_KEY_ID": "testid",
            "ALIYUN_SMS_ACCESS_KEY_SECRET": "testsecret",
            "ALIYUN_SMS_SIGN_NAME": "智慧党建",
            "ALIYUN_SMS_TEMPLATE_CODE": "SMS_1",
            "ALIYUN_SMS_ENDPOINT": fake_aliyun,
        }
    )
    backend.send(
        SmsMessage(phone="13812345678", text="x", params={"account": "a", "password": "p w"})
    )
    (query,) = _FakeAliyun.requests
    signature = query.pop("Signature")
    assert signature == aliyun_signature(params=query, secret="testsecret")
    assert query["Action"] == "SendSms" and query["PhoneNumbers"] == "13812345678"
    assert query["SignName"] == "智慧党建" and query["TemplateCode"] == "SMS_1"
    assert json.loads(query["TemplateParam"]) == {"account": "a", "password": "p w"}
    _FakeAliyun.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "limit"}
    with pytest.raises(SmsError):
        backend.send(SmsMessage(phone="13812345678", text="x", params={}))


def test_aliyun_signature_by_hand():
    # HMAC-SHA1 of "GET&%2F&A%3D1%26B%3Da%2520b" with key "secret&", in base64, computed with
    # openssl: printf '%s' 'GET&%2F&A%3D1%26B%3Da%2520b' \
    #     | openssl dgst -sha1 -hmac 'secret&' -binary | base64
    assert aliyun_signature(params={"B": "a b", "A": "1"}, secret="secret") == EXPECTED_SIGNATURE


def test_aliyun_backend_unconfigured_refuses():
    with pytest.raises(SmsError):
        AliyunSmsBackend(environ={}).send(SmsMessage(phone="1", text="x", params={}))


def test_scope_without_the_member_register_may_not_create_or_reset_logins(tree, make_admin):
    """An editor's or an auditor's role gives a scope but not 党员管理·编辑: refused, so nobody can
    take over a member's login by resetting it."""
    from django.core.exceptions import PermissionDenied

    from partybuild.services.member_logins import (
        member_logins_create,
        member_logins_create_for_organisation,
    )
    from partybuild.services.passwords import user_password_reset

    scoped_only = make_admin("scoped_only", tree["first"])
    member = _member(tree, "first", "李四")
    with pytest.raises(PermissionDenied):
        member_logins_create(members=[member], actor=scoped_only)
    with pytest.raises(PermissionDenied):
        member_logins_create_for_organisation(organisation=tree["first"], actor=scoped_only)
    account = User.objects.create_user(username="lisi", name="李四")
    member.user = account
    member.save(update_fields=["user"])
    with pytest.raises(PermissionDenied):
        user_password_reset(account=account, actor=scoped_only)
