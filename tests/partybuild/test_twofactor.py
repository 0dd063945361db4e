"""两步验证: enrolment by QR code, the code page after the password, recovery codes, the lockout
of code guessing, the requirement for administrators (ADMIN_2FA_REQUIRED), an administrator's
reset, and the app's token request."""

import datetime
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuild.models import OtpFailure, User
from partybuild.signals import security_event
from partybuild.twofactor.services import twofactor_enrolment_confirm, twofactor_enrolment_start
from tests.conftest import PASSWORD, assign_role
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
PORTAL_LOGIN = "/login/"
TOKEN_URL = "/api/app/auth/token"
ADMIN_VERIFY = "/admin/two-factor/verify/"
ADMIN_ENROL = "/admin/two-factor/enrol/"
PORTAL_VERIFY = "/me/two-factor/verify/"
PORTAL_ENROL = "/me/two-factor/enrol/"


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The authenticator's code for ``device`` now (or ``steps_ahead`` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """``user`` enrols an authenticator through the services; its next code is a step ahead."""
    device = twofactor_enrolment_start(user=user)
    codes = twofactor_enrolment_confirm(user=user, code=code_for(device))
    device.refresh_from_db()
    return device, codes


def admin_sign_in(username: str) -> Client:
    client = Client()
    response = client.post(ADMIN_LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def portal_sign_in(username: str) -> Client:
    client = Client()
    response = client.post(PORTAL_LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def token_request(username: str, **extra) -> object:
    return Client().post(
        TOKEN_URL,
        {"username": username, "password": PASSWORD, **extra},
        content_type="application/json",
    )


@pytest.fixture
def required(settings):
    settings.ADMIN_2FA_REQUIRED = True


@pytest.fixture
def events():
    """The ``security_event`` codes sent during the test, in order."""
    sent: list[dict] = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    security_event.connect(receiver)
    yield sent
    security_event.disconnect(receiver)


@pytest.fixture
def administrator(tree):
    """党组织管理员 of the first branch: a role in force that opens the admin."""
    user = User.objects.create_user(username="branch_admin", password=PASSWORD, name="支部管理员")
    assign_role(user, "org_admin", tree["first"])
    return user


@pytest.fixture
def member(tree):
    """An account holding no role (a member's login)."""
    return User.objects.create_user(username="member", password=PASSWORD, name="普通党员")


@pytest.mark.usefixtures("portal_pages")
def test_with_the_setting_off_nothing_changes_for_accounts_without_an_authenticator(
    administrator, member
):
    assert admin_sign_in("branch_admin").get(reverse("wagtailadmin_home")).status_code == 200
    assert portal_sign_in("member").get(reverse("portal:me")).status_code != 302
    assert token_request("branch_admin").status_code == 200


@pytest.mark.parametrize(
    "page",
    [
        "/admin/",
        "/admin/members/",
        "/admin/users/",
        "/admin/two-factor/",
        "/admin/pages/",
    ],
)
def test_an_administrator_without_an_authenticator_is_sent_to_enrolment(
    required, administrator, page
):
    client = admin_sign_in("branch_admin")
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(ADMIN_ENROL + "?next=")


def test_only_enrolment_sign_out_and_password_change_stay_open(required, administrator):
    client = admin_sign_in("branch_admin")
    enrolment = client.get(ADMIN_ENROL)
    assert enrolment.status_code == 200
    html = enrolment.content.decode()
    assert "管理员账号须开启两步验证" in html
    assert 'src="data:image/svg+xml;base64,' in html
    secret = re.search(r"data-two-factor-secret>([A-Z2-7 ]+)<", html).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert client.get(reverse("partybuild_password_change")).status_code == 200
    assert client.get(reverse("portal:me"))["Location"].startswith(PORTAL_ENROL)


def test_enrolment_with_the_right_code_turns_it_on_and_shows_recovery_codes_once(
    required, administrator, events
):
    client = admin_sign_in("branch_admin")
    client.get(ADMIN_ENROL)
    device = TOTPDevice.objects.get(user=administrator)
    assert not device.confirmed
    wrong = client.post(
        ADMIN_ENROL, {"otp_code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "验证码不正确或已过期" in wrong.content.decode()
    administrator.refresh_from_db()
    assert not administrator.two_factor_enabled

    response = client.post(ADMIN_ENROL, {"otp_code": code_for(device), "next": "/admin/members/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=administrator).values_list("token", flat=True)
    )
    administrator.refresh_from_db()
    assert administrator.two_factor_enabled
    assert TOTPDevice.objects.get(user=administrator).confirmed
    assert client.get("/admin/members/").status_code == 200  # this session is verified
    assert [event["event"] for event in events] == ["otp.failure", "otp.enabled"]


def test_after_the_password_alone_admin_pages_wait_for_the_code(required, administrator):
    device, _codes = enrol(administrator)
    client = admin_sign_in("branch_admin")
    for page in ("/admin/", "/admin/members/", ADMIN_ENROL):
        response = client.get(page)
        assert response["Location"].startswith(ADMIN_VERIFY + "?next=")
    assert client.get(ADMIN_VERIFY).status_code == 200
    response = client.post(
        ADMIN_VERIFY, {"otp_code": code_for(device, steps_ahead=1), "next": "/admin/members/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/members/"
    assert client.get("/admin/members/").status_code == 200


def test_an_account_with_an_authenticator_gives_its_code_even_when_not_required(administrator):
    enrol(administrator)
    client = admin_sign_in("branch_admin")
    assert client.get("/admin/")["Location"].startswith(ADMIN_VERIFY)


def test_a_recovery_code_works_once(administrator, events):
    _device, codes = enrol(administrator)
    first = admin_sign_in("branch_admin")
    response = first.post(ADMIN_VERIFY, {"otp_code": codes[0].upper(), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert first.get("/admin/").status_code == 200
    assert events[-1]["event"] == "otp.recovery_used"
    assert events[-1]["detail"] == {"remaining": 9}

    second = admin_sign_in("branch_admin")
    refused = second.post(ADMIN_VERIFY, {"otp_code": codes[0]})
    assert refused.status_code == 200
    assert "验证码不正确或已过期" in refused.content.decode()
    assert second.get("/admin/")["Location"].startswith(ADMIN_VERIFY)


def test_five_wrong_codes_lock_code_entry_even_for_the_right_code(administrator, events):
    device, _codes = enrol(administrator)
    client = admin_sign_in("branch_admin")
    right = code_for(device, steps_ahead=1)
    wrong = "123456" if right != "123456" else "654321"
    for _ in range(5):
        assert "验证码不正确" in client.post(ADMIN_VERIFY, {"otp_code": wrong}).content.decode()
    locked = client.post(ADMIN_VERIFY, {"otp_code": right})
    assert "验证码错误次数过多，请 15 分钟后再试。" in locked.content.decode()
    assert client.get("/admin/")["Location"].startswith(ADMIN_VERIFY)
    assert OtpFailure.objects.filter(user=administrator).count() == 5  # not counted again
    assert [event["event"] for event in events].count("otp.failure") == 5
    assert events[-1]["event"] == "otp.locked"
    assert token_request("branch_admin", otp_code=right).status_code == 429

    OtpFailure.objects.filter(user=administrator).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert client.post(ADMIN_VERIFY, {"otp_code": right})["Location"] == "/admin/"


@pytest.mark.usefixtures("portal_pages")
def test_a_member_is_not_required_but_can_enrol_from_the_portal(required, member, events):
    client = portal_sign_in("member")
    me = client.get(reverse("portal:me"))
    assert me.status_code == 200
    assert reverse("portal:twofactor_manage") in me.content.decode()
    manage = client.get(reverse("portal:twofactor_manage"))
    assert 'data-two-factor-status="off"' in manage.content.decode()
    page = client.get(PORTAL_ENROL)
    assert "管理员账号须开启两步验证" not in page.content.decode()
    device = TOTPDevice.objects.get(user=member)
    done = client.post(PORTAL_ENROL, {"otp_code": code_for(device)})
    assert len(re.findall(r"<li><code>", done.content.decode())) == 10

    again = portal_sign_in("member")
    assert again.get(reverse("portal:me"))["Location"].startswith(PORTAL_VERIFY + "?next=")
    verified = again.post(PORTAL_VERIFY, {"otp_code": code_for(device, steps_ahead=1)})
    assert verified["Location"] == reverse("portal:me")

    disable = reverse("portal:twofactor_disable")
    assert "请再次输入登录密码" in client.get(disable).content.decode()
    refused = client.post(disable, {"password": "not-the-password"})
    assert "密码不正确。" in refused.content.decode()
    member.refresh_from_db()
    assert member.two_factor_enabled
    client.post(disable, {"password": PASSWORD})
    member.refresh_from_db()
    assert not member.two_factor_enabled
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert [(event["event"], event["outcome"]) for event in events] == [
        ("otp.enabled", "success"),
        ("otp.disabled", "success"),
    ]
    assert portal_sign_in("member").get(reverse("portal:me")).status_code != 302


def test_an_administrator_cannot_turn_it_off_while_required(required, administrator):
    device, _codes = enrol(administrator)
    client = admin_sign_in("branch_admin")
    client.post(ADMIN_VERIFY, {"otp_code": code_for(device, steps_ahead=1)})
    response = client.post(
        reverse("partybuild_twofactor_disable"), {"password": PASSWORD}, follow=True
    )
    assert "管理员账号须开启两步验证，不能关闭。" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.two_factor_enabled


def test_the_account_settings_lead_to_the_admins_own_page(administrator):
    device, _codes = enrol(administrator)
    client = admin_sign_in("branch_admin")
    client.post(ADMIN_VERIFY, {"otp_code": code_for(device, steps_ahead=1)})
    manage_url = reverse("partybuild_twofactor_manage")
    assert manage_url in client.get(reverse("wagtailadmin_account")).content.decode()
    page = client.get(manage_url).content.decode()
    assert 'data-two-factor-status="on"' in page
    assert "剩余恢复码 10 个" in page


def test_new_recovery_codes_replace_the_old_ones(administrator):
    device, old = enrol(administrator)
    client = admin_sign_in("branch_admin")
    client.post(ADMIN_VERIFY, {"otp_code": code_for(device, steps_ahead=1)})
    url = reverse("partybuild_twofactor_recovery_codes")
    assert not re.findall(r"<li><code>", client.get(url).content.decode())
    refused = client.post(url, {"password": "not-the-password"})
    assert "密码不正确。" in refused.content.decode()
    assert StaticToken.objects.filter(token__in=old).count() == 10
    response = client.post(url, {"password": PASSWORD})
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_a_session_left_open_cannot_turn_it_off_without_the_password(member):
    """Whoever finds a signed-in session cannot weaken the account: turning 两步验证 off, new
    recovery codes and another authenticator each need the password; the refusals are recorded
    and five wrong passwords lock the password check."""
    from partybuild.models import SecurityEvent

    device, _codes = enrol(member)
    client = portal_sign_in("member")
    client.post(PORTAL_VERIFY, {"otp_code": code_for(device, steps_ahead=1)})
    enrol_page = client.get(PORTAL_ENROL).content.decode()
    assert 'name="password"' in enrol_page
    replacement = TOTPDevice.objects.get(user=member, confirmed=False)
    refused = client.post(PORTAL_ENROL, {"otp_code": code_for(replacement), "password": "wrong"})
    assert "密码不正确。" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=member, confirmed=True).get() == device
    disable = reverse("portal:twofactor_disable")
    for _attempt in range(4):
        client.post(disable, {"password": "still-wrong"})
    locked = client.post(disable, {"password": PASSWORD})
    assert "密码错误次数过多" in locked.content.decode()
    member.refresh_from_db()
    assert member.two_factor_enabled
    refusals = SecurityEvent.objects.filter(outcome="failure").order_by("sequence")
    assert [(entry.event, entry.detail.get("codes")) for entry in refusals] == [
        ("otp.enabled", ["password_incorrect"]),
        *[("otp.disabled", ["password_incorrect"])] * 4,
        ("ratelimit.hit", None),
    ]
    assert refusals.last().detail["limiter"] == "password.confirm"


def test_an_administrator_resets_an_account_of_their_scope(tree, administrator, events):
    sysadmin = User.objects.create_user(username="sysadmin", password=PASSWORD, name="系统管理员")
    assign_role(sysadmin, "system_admin", tree["general"])
    enrol(administrator)
    client = Client()
    client.force_login(sysadmin)
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    url = reverse("partybuild_account_twofactor_reset", args=[administrator.pk])
    assert url in listing
    assert "重置两步验证" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    administrator.refresh_from_db()
    assert not administrator.two_factor_enabled
    assert not TOTPDevice.objects.filter(user=administrator).exists()
    assert not StaticToken.objects.filter(device__user=administrator).exists()
    assert events[-1]["event"] == "otp.reset"
    assert events[-1]["actor"] == sysadmin
    assert events[-1]["target"] == administrator


def test_the_account_page_offers_the_reset_too(tree, administrator):
    sysadmin = User.objects.create_user(username="sysadmin", password=PASSWORD, name="系统管理员")
    assign_role(sysadmin, "system_admin", tree["general"])
    client = Client()
    client.force_login(sysadmin)
    edit = reverse("wagtailusers_users:edit", args=[administrator.pk])
    url = reverse("partybuild_account_twofactor_reset", args=[administrator.pk])
    assert url not in client.get(edit).content.decode()
    enrol(administrator)
    assert url in client.get(edit).content.decode()


def test_an_issued_password_is_changed_first_then_the_code_is_asked(administrator):
    device, _codes = enrol(administrator)
    User.objects.filter(pk=administrator.pk).update(password_change_required=True)
    client = admin_sign_in("branch_admin")
    change = reverse("partybuild_password_change")
    assert client.get("/admin/")["Location"] == change
    assert client.get(ADMIN_VERIFY)["Location"] == change
    new_password = "Another-horse-42"
    changed = client.post(
        change,
        {
            "old_password": PASSWORD,
            "new_password": new_password,
            "new_password_again": new_password,
        },
    )
    assert changed.status_code == 302
    assert client.get("/admin/")["Location"].startswith(ADMIN_VERIFY)
    client.post(ADMIN_VERIFY, {"otp_code": code_for(device, steps_ahead=1)})
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_at_enrolment_count_towards_the_lock(member, events):
    client = portal_sign_in("member")
    client.get(PORTAL_ENROL)
    device = TOTPDevice.objects.get(user=member)
    right = code_for(device)
    wrong = "123456" if right != "123456" else "654321"
    for _ in range(5):
        client.post(PORTAL_ENROL, {"otp_code": wrong})
    locked = client.post(PORTAL_ENROL, {"otp_code": right})
    assert "验证码错误次数过多" in locked.content.decode()
    member.refresh_from_db()
    assert not member.two_factor_enabled
    assert events[-1]["event"] == "otp.locked"
    assert events[-1]["detail"]["stage"] == "enrolment"


def test_the_reset_is_refused_out_of_scope_and_without_the_account_permission(tree, administrator):
    enrol(administrator)
    url = reverse("partybuild_account_twofactor_reset", args=[administrator.pk])
    elsewhere = User.objects.create_user(
        username="town_sys", password=PASSWORD, name="镇系统管理员"
    )
    assign_role(elsewhere, "system_admin", tree["town"])
    auditor = User.objects.create_user(username="auditor", password=PASSWORD, name="审计管理员")
    assign_role(auditor, "audit_admin", tree["general"])
    out_of_scope = Client()
    out_of_scope.force_login(elsewhere)
    assert out_of_scope.post(url).status_code == 404
    not_permitted = Client()
    not_permitted.force_login(auditor)
    refused = not_permitted.post(url)  # Wagtail answers PermissionDenied with the admin home
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    administrator.refresh_from_db()
    assert administrator.two_factor_enabled


class TestAppToken:
    """The token request asks for the code of an account with 两步验证 on, or that needs it."""

    def test_an_administrator_who_must_enrol_gets_no_token(self, required, administrator):
        response = token_request("branch_admin")
        assert response.status_code == 403
        assert response.json()["code"] == "otp_enrolment_required"

    def test_the_code_is_asked_for_checked_and_rate_limited(self, required, administrator):
        device, _codes = enrol(administrator)
        missing = token_request("branch_admin")
        assert missing.status_code == 401
        assert missing.json()["code"] == "otp_required"
        assert "两步验证" in missing.json()["message"]
        right = code_for(device, steps_ahead=1)
        wrong = token_request("branch_admin", otp_code="000000" if right != "000000" else "1")
        assert wrong.status_code == 401
        assert wrong.json()["code"] == "otp_invalid"
        issued = token_request("branch_admin", otp_code=right)
        assert issued.status_code == 200
        assert issued.json()["user"]["username"] == "branch_admin"

    def test_five_wrong_codes_answer_429_with_retry_after(self, member):
        device, _codes = enrol(member)
        right = code_for(device, steps_ahead=1)
        wrong = "123456" if right != "123456" else "654321"
        for _ in range(5):
            assert token_request("member", otp_code=wrong).json()["code"] == "otp_invalid"
        locked = token_request("member", otp_code=right)
        assert locked.status_code == 429
        assert locked.json()["code"] == "otp_locked"
        assert int(locked["Retry-After"]) > 0

    def test_a_member_without_an_authenticator_needs_no_code(self, required, member):
        assert token_request("member").status_code == 200

    def test_whoami_tells_whether_two_factors_are_on_and_required(
        self, required, administrator, member
    ):
        """The app shows the account's 两步验证 state (and where to set it up) from whoami."""
        device, _codes = enrol(administrator)
        token = token_request("branch_admin", otp_code=code_for(device, steps_ahead=1)).json()
        assert token["user"]["two_factor_enabled"] is True
        assert token["user"]["two_factor_required"] is True
        member_token = token_request("member").json()["token"]
        whoami = (
            Client().get("/api/app/auth/whoami", HTTP_AUTHORIZATION=f"Bearer {member_token}").json()
        )
        assert (whoami["two_factor_enabled"], whoami["two_factor_required"]) == (False, False)

    def test_the_schema_documents_the_code(self, client):
        schema = client.get("/api/app/openapi.json").json()
        assert "otp_code" in str(schema["components"]["schemas"])
