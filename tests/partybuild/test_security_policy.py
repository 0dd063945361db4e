"""设置 › 安全策略 (partybuild.models.SecurityPolicy): the 安全管理员 sets the password rules and
the sign-in lockout, within the floor of GB/T 22239-2019 level 3, and they hold everywhere."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from partybuild.models import SecurityPolicy, User
from partybuild.services.auth import login_lockout_remaining
from tests.conftest import assign_role
from tests.partybuild.test_login_lockout import admin_sign_in

pytestmark = pytest.mark.django_db

POLICY_URL = reverse("wagtailsettings:edit", args=["partybuild", "securitypolicy"])


def _edit_url() -> str:
    """The form's own address (POLICY_URL, the menu's, redirects to it)."""
    pk = SecurityPolicy.current().pk
    return reverse("wagtailsettings:edit", args=["partybuild", "securitypolicy", pk])


def _account(username: str, role: str, organisation) -> User:
    user = User.objects.create_user(username=username, password="Secret-2026", name=username)
    assign_role(user, role, organisation)
    return user


def _form(**overrides) -> dict:
    data = {
        "password_min_length": 8,
        "password_min_classes": 3,
        "password_history_count": 5,
        "password_max_age_days": 0,
        "password_expiry_warning_days": 14,
        "lockout_username_failures": 5,
        "lockout_address_failures": 20,
        "lockout_username_total_failures": 15,
        "lockout_minutes": 15,
        "admin_idle_minutes": 30,
        "portal_idle_minutes": 30,
        "session_max_hours": 12,
        "token_idle_hours": 72,
        "token_max_days": 30,
        "password_reset_requests": 5,
        "check_in_code_failures": 5,
    }
    return {**data, **overrides}


def test_the_security_administrator_sets_the_policy(client, tree):
    security = _account("sec", "security_admin", tree["county"])
    client.force_login(security)
    assert POLICY_URL in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(POLICY_URL, follow=True).status_code == 200
    response = client.post(_edit_url(), _form(lockout_username_failures=3, password_min_length=10))
    assert response.status_code == 302
    policy = SecurityPolicy.current()
    assert policy.lockout_username_failures == 3 and policy.password_min_length == 10


def test_the_policy_cannot_go_below_the_level_3_floor(client, tree):
    client.force_login(_account("sec", "security_admin", tree["county"]))
    response = client.post(_edit_url(), _form(password_min_length=6, password_min_classes=2))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "password_min_length" in errors and "password_min_classes" in errors
    assert SecurityPolicy.current().password_min_length == 8


@pytest.mark.parametrize("role", ["system_admin", "org_admin", "audit_admin"])
def test_other_administrators_do_not_reach_the_policy(client, tree, role):
    client.force_login(_account("other", role, tree["county"]))
    assert POLICY_URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(POLICY_URL, follow=True).redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert client.post(_edit_url(), _form(lockout_minutes=5)).status_code in (302, 403)
    assert SecurityPolicy.current().lockout_minutes == 15


def test_passwords_follow_the_policy(db):
    with pytest.raises(ValidationError) as caught:
        validate_password("qzwlamp7")  # two classes
    assert "password_too_simple" in [error.code for error in caught.value.error_list]
    assert "至少 3 类" in caught.value.messages[0]
    validate_password("Qzwlamp7")
    policy = SecurityPolicy.current()
    policy.password_min_classes = 4
    policy.password_min_length = 12
    policy.save()
    with pytest.raises(ValidationError) as caught:
        validate_password("Qzwlamp7")
    codes = {error.code for error in caught.value.error_list}
    assert codes == {"password_too_short", "password_too_simple"}
    validate_password("Qzwlamp7-2026")


def test_the_lockout_follows_the_policy(tree):
    User.objects.create_user(username="zhang", password="Secret-2026", name="张三")
    policy = SecurityPolicy.current()
    policy.lockout_username_failures = 3
    policy.save()
    for _ in range(3):
        admin_sign_in("zhang", "wrong")
    assert login_lockout_remaining(username="zhang", ip_address="10.0.0.1") > 0
    response = admin_sign_in("zhang", "Secret-2026", client=Client())
    assert response.status_code == 200  # the form again, not signed in
    assert "_auth_user_id" not in response.wsgi_request.session


def test_issued_passwords_pass_a_stricter_policy(db):
    from partybuild.services.passwords import password_generate

    policy = SecurityPolicy.current()
    policy.password_min_classes = 4
    policy.password_min_length = 16
    policy.save()
    for _ in range(20):
        password = password_generate()
        assert len(password) == 16
        validate_password(password)


def test_the_last_passwords_are_refused_again(db):
    from partybuild.services.passwords import user_password_change

    user = User.objects.create_user(username="zhang", password="First-pass-1", name="张三")
    for number in range(2, 7):
        user.set_password(f"Pass-number-{number}")
        user.save()
    assert user.password_history.count() == 5  # create_user's password is the account's own
    for recent in ("Pass-number-6", "Pass-number-2"):  # the current one and the 5th before
        with pytest.raises(ValidationError) as caught:
            validate_password(recent, user)
        assert [error.code for error in caught.value.error_list] == ["password_reused"]
    validate_password("First-pass-1", user)  # the 6th before: allowed again
    with pytest.raises(ValidationError):
        user_password_change(user=user, old_password="Pass-number-6", new_password="Pass-number-3")


def test_an_expired_password_must_be_changed_at_the_next_sign_in(client, db):
    import datetime

    from django.utils import timezone

    from partybuild.models import PasswordHistory

    policy = SecurityPolicy.current()
    policy.password_max_age_days = 180
    policy.save()
    user = User.objects.create_user(username="zhang", password="Secret-2026", name="张三")
    long_ago = timezone.now() - datetime.timedelta(days=181)
    User.objects.filter(pk=user.pk).update(date_joined=long_ago)  # never changed since
    assert not PasswordHistory.objects.filter(user=user).exists()
    response = admin_sign_in("zhang", "Secret-2026", client=client)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password_change_required
    assert client.get(reverse("wagtailadmin_home")).url == reverse("partybuild_password_change")


def test_a_password_about_to_expire_is_announced(client, db):
    import datetime

    from django.utils import timezone

    from partybuild.models import PasswordHistory

    policy = SecurityPolicy.current()
    policy.password_max_age_days = 180
    policy.save()
    user = User.objects.create_user(username="zhang", password="First-2026", name="张三")
    user.set_password("Secret-2026")
    user.save()
    PasswordHistory.objects.filter(user=user).update(
        created_at=timezone.now() - datetime.timedelta(days=170)
    )
    admin_sign_in("zhang", "Secret-2026", client=client)
    user.refresh_from_db()
    assert not user.password_change_required
    html = client.get(reverse("wagtailadmin_home"), follow=True).content.decode()
    assert "您的密码将在 9 天后过期" in html or "您的密码将在 10 天后过期" in html


def test_the_app_token_of_an_expired_password_is_held_to_the_change(db):
    import datetime

    from django.utils import timezone

    from partybuild.models import PasswordHistory
    from tests.partybuild.test_login_lockout import api_sign_in

    policy = SecurityPolicy.current()
    policy.password_max_age_days = 90
    policy.save()
    user = User.objects.create_user(username="zhang", password="First-2026", name="张三")
    user.set_password("Secret-2026")
    user.save()
    PasswordHistory.objects.filter(user=user).update(
        created_at=timezone.now() - datetime.timedelta(days=91)
    )
    response = api_sign_in("zhang", "Secret-2026")
    assert response.status_code == 200
    assert response.json()["user"]["password_change_required"] is True
    token = response.json()["token"]
    denied = Client().get("/api/app/home/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert denied.status_code == 403 and denied.json()["code"] == "password_change_required"


def test_sessions_tokens_and_rate_limits_cannot_be_loosened_past_the_floor(client, tree):
    client.force_login(_account("sec", "security_admin", tree["county"]))
    response = client.post(
        _edit_url(),
        _form(
            admin_idle_minutes=60,
            session_max_hours=48,
            token_max_days=365,
            check_in_code_failures=50,
            lockout_username_total_failures=4,
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {
        "admin_idle_minutes",
        "session_max_hours",
        "token_max_days",
        "check_in_code_failures",
        "lockout_username_total_failures",
    } <= set(errors)
    assert SecurityPolicy.current().admin_idle_minutes == 30
