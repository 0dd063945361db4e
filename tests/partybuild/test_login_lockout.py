"""The sign-in lockout shared by the admin, the portal and the app API, and the revocation of app
tokens when an account is disabled or its password changes."""

import datetime

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from partybuild.models import LoginFailure, User
from tests.api.conftest import token_for
from tests.conftest import PASSWORD
from tests.partybuild.account_forms import edit_data

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
PORTAL_LOGIN = "/login/"
TOKEN_URL = "/api/app/auth/token"


class CheapPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """A fast hasher for the hash-upgrade test."""

    iterations = 1


def api_sign_in(username, password, ip="10.0.0.1"):
    return Client().post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def admin_sign_in(username, password, ip="10.0.0.1", client=None):
    client = client or Client()
    return client.post(ADMIN_LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(username, times, *, ago_minutes, ip="10.0.0.1"):
    """``times`` stored failures of ``username``, ``ago_minutes`` old."""
    created = timezone.now() - datetime.timedelta(minutes=ago_minutes)
    for _ in range(times):
        failure = LoginFailure.objects.create(username=username, ip_address=ip)
        LoginFailure.objects.filter(pk=failure.pk).update(created_at=created)


@pytest.fixture
def secretary(make_admin, tree):
    return make_admin("secretary", tree["first"])


def test_each_failure_is_counted_once_whichever_door_it_comes_through(secretary):
    admin_sign_in("secretary", "wrong")
    admin_sign_in("secretary", "wrong")
    api_sign_in("secretary", "wrong")
    Client().post(PORTAL_LOGIN, {"username": "secretary", "password": "wrong"})
    assert LoginFailure.objects.filter(username="secretary").count() == 4


def test_the_admin_says_how_long_the_lock_lasts_and_does_not_sign_in(secretary):
    for _ in range(5):
        assert admin_sign_in("secretary", "wrong").status_code == 200
    client = Client()
    response = admin_sign_in("secretary", PASSWORD, client=client)
    assert response.status_code == 200
    assert "登录失败次数过多，请 15 分钟后再试。" in response.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # still signed out
    assert LoginFailure.objects.filter(username="secretary").count() == 5  # not counted again


def test_twenty_admin_failures_from_one_address_lock_the_usernames_tried_there(
    secretary, make_admin, tree
):
    make_admin("colleague", tree["first"])
    admin_sign_in("secretary", "wrong", ip="198.51.100.4")
    for attempt in range(19):
        admin_sign_in(f"guess{attempt}", "wrong", ip="198.51.100.4")
    assert api_sign_in("secretary", PASSWORD, ip="198.51.100.4").status_code == 429
    assert api_sign_in("guess3", "another", ip="198.51.100.4").status_code == 429
    assert admin_sign_in("secretary", PASSWORD, ip="198.51.100.5").status_code == 302
    assert api_sign_in("colleague", PASSWORD, ip="198.51.100.4").status_code == 200


def test_the_portal_refuses_a_locked_username(secretary):
    for _ in range(5):
        api_sign_in("secretary", "wrong")
    client = Client()
    response = client.post(
        PORTAL_LOGIN, {"username": "secretary", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200  # the form again, not a redirect
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in response.content.decode()


def test_an_admin_sign_in_forgives_earlier_failures(secretary):
    for _ in range(4):
        api_sign_in("secretary", "wrong")
    assert admin_sign_in("secretary", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="secretary").exists()
    for _ in range(4):
        api_sign_in("secretary", "wrong")
    assert api_sign_in("secretary", PASSWORD).status_code == 200


def test_the_lock_lasts_a_full_window_from_the_failure_that_set_it(secretary):
    fail("secretary", 4, ago_minutes=14)
    fail("secretary", 1, ago_minutes=2)  # the fifth within 15 minutes: locked until 13 min on
    response = api_sign_in("secretary", PASSWORD)
    assert response.status_code == 429
    assert 12 * 60 < int(response["Retry-After"]) <= 13 * 60
    assert "13 分钟" in response.json()["message"]


def test_failures_spread_over_more_than_the_window_do_not_lock(secretary):
    fail("secretary", 4, ago_minutes=20)
    fail("secretary", 1, ago_minutes=1)
    assert api_sign_in("secretary", PASSWORD).status_code == 200


def test_old_failures_are_purged_when_a_new_one_is_recorded(secretary):
    fail("someone", 3, ago_minutes=31)
    fail("secretary", 2, ago_minutes=20)
    api_sign_in("secretary", "wrong")
    assert not LoginFailure.objects.filter(username="someone").exists()
    assert LoginFailure.objects.filter(username="secretary").count() == 3


def test_an_inactive_account_is_refused_like_a_wrong_password(secretary):
    secretary.is_active = False
    secretary.save()
    inactive = api_sign_in("secretary", PASSWORD)
    unknown = api_sign_in("nobody", PASSWORD)
    assert inactive.status_code == unknown.status_code == 401
    assert inactive.json() == unknown.json()
    assert LoginFailure.objects.filter(username="secretary").count() == 1


def test_a_client_address_that_is_not_an_ip_is_tolerated(secretary):
    assert api_sign_in("secretary", "wrong", ip="unix:/run/app.sock").status_code == 401
    assert LoginFailure.objects.get(username="secretary").ip_address is None


def test_a_token_is_named_for_the_app_and_the_time(secretary):
    api_sign_in("secretary", PASSWORD)
    assert APIToken.objects.get(user=secretary).name.startswith("app 登录 20")


def live_tokens(user) -> int:
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).count()


def test_saving_only_the_new_password_revokes_tokens(secretary):
    token_for(secretary)
    secretary.set_password("another-passphrase-2026")
    secretary.save(update_fields=["password"])
    assert live_tokens(secretary) == 0


def test_signing_in_again_keeps_the_other_tokens(secretary):
    token_for(secretary)
    assert admin_sign_in("secretary", PASSWORD).status_code == 302  # saves last_login
    assert api_sign_in("secretary", PASSWORD).status_code == 200
    assert live_tokens(secretary) == 2


def test_a_password_hash_upgrade_is_not_a_password_change(secretary, settings):
    token_for(secretary)
    settings.PASSWORD_HASHERS = [
        f"{__name__}.CheapPBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    old_hash = secretary.password
    assert api_sign_in("secretary", PASSWORD).status_code == 200
    secretary.refresh_from_db()
    assert secretary.password != old_hash  # re-hashed with the preferred hasher
    assert live_tokens(secretary) == 2


def test_disabling_an_account_in_the_admin_revokes_its_tokens(admin_client, secretary, tree):
    token = token_for(secretary)
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[secretary.pk]),
        edit_data(
            secretary,
            tree["first"],
            administered_organisation=tree["first"].pk,
            groups=[group.pk for group in secretary.groups.all()],
            is_active=None,
        ),
    )
    assert response.status_code == 302, response.content.decode()
    assert User.objects.get(pk=secretary.pk).is_active is False
    assert live_tokens(secretary) == 0
    whoami = Client().get("/api/app/auth/whoami", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert whoami.status_code == 401
