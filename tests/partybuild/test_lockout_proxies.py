"""The client address behind trusted proxies, and the lockout by username and address, by
username everywhere (the hard cap) and by a flooded address that keeps no second guess at the
usernames it tried (issue 18 item 5)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from partybuild.models import LoginFailure, SecurityPolicy
from partybuild.services.auth import client_address
from tests.conftest import PASSWORD
from tests.partybuild.test_login_lockout import admin_sign_in, api_sign_in, fail

pytestmark = pytest.mark.django_db


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim is left aside
        (2, "6.6.6.6, 198.51.100.7, 10.1.1.2", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # shorter than the proxies: REMOTE_ADDR
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_behind_trusted_proxies_the_nth_address_from_the_right_is_the_client(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(request_from("10.0.0.2", forwarded)) == expected


@pytest.mark.parametrize("value", ["two", None, -3, "1.5"])
def test_an_invalid_proxy_count_is_ignored(settings, value):
    settings.TRUSTED_PROXY_COUNT = value
    assert client_address(request_from("10.0.0.2", "198.51.100.7")) == "10.0.0.2"


@pytest.fixture
def secretary(make_admin, tree):
    return make_admin("secretary", tree["first"])


def test_failures_are_recorded_under_the_forwarded_address(settings, secretary, client):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/admin/login/",
        {"username": "secretary", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert LoginFailure.objects.get().ip_address == "198.51.100.7"


def test_a_spoofed_forwarded_header_does_not_escape_the_lock(settings, secretary):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        response = api_sign_in("secretary", "wrong", ip="198.51.100.4")
        assert response.status_code == 401, attempt
    response = Client().post(
        "/api/app/auth/token",
        {"username": "secretary", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.4",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert response.status_code == 429


def test_the_flood_from_one_address_locks_nobody_else(secretary, make_admin, tree):
    """The reported incident: bad logins for many usernames from one address (a proxy) must not
    answer 429 to everybody else."""
    make_admin("colleague", tree["first"])
    statuses = [
        api_sign_in(f"user{attempt % 10}", "wrong", ip="198.51.100.4").status_code
        for attempt in range(30)
    ]
    # 20 failures flood the address; then the usernames it tried are refused, not counted
    assert statuses == [401] * 20 + [429] * 10
    assert LoginFailure.objects.filter(ip_address="198.51.100.4").count() == 20
    # the secretary from another address, and a colleague behind the same proxy
    assert api_sign_in("secretary", PASSWORD, ip="203.0.113.20").status_code == 200
    assert api_sign_in("colleague", PASSWORD, ip="198.51.100.4").status_code == 200
    # the usernames the flood tried stay refused from that address
    assert api_sign_in("user3", PASSWORD, ip="198.51.100.4").status_code == 429


def test_an_attacked_username_is_refused_at_the_flooded_address_but_not_elsewhere(
    secretary,
):
    api_sign_in("secretary", "wrong", ip="198.51.100.4")
    for attempt in range(19):
        api_sign_in(f"user{attempt}", "wrong", ip="198.51.100.4")
    assert api_sign_in("secretary", PASSWORD, ip="198.51.100.4").status_code == 429
    assert admin_sign_in("secretary", PASSWORD, ip="203.0.113.20").status_code == 302


def test_five_failures_lock_the_username_at_that_address_only(secretary):
    for _ in range(5):
        assert api_sign_in("secretary", "wrong", ip="198.51.100.4").status_code == 401
    locked = api_sign_in("secretary", PASSWORD, ip="198.51.100.4")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 14 * 60
    assert api_sign_in("secretary", PASSWORD, ip="203.0.113.20").status_code == 200


def test_the_hard_cap_locks_the_username_from_every_address(secretary):
    for index in range(15):
        fail("secretary", 1, ago_minutes=1, ip=f"198.51.100.{index + 1}")
    assert api_sign_in("secretary", PASSWORD, ip="203.0.113.20").status_code == 429


def test_the_hard_cap_follows_the_policy(secretary):
    policy = SecurityPolicy.current()
    policy.lockout_username_total_failures = 30
    policy.save()
    for index in range(15):
        fail("secretary", 1, ago_minutes=1, ip=f"198.51.100.{index + 1}")
    assert api_sign_in("secretary", PASSWORD, ip="203.0.113.20").status_code == 200


def test_signing_in_forgives_only_the_failures_from_that_address(secretary):
    fail("secretary", 3, ago_minutes=1, ip="198.51.100.4")
    fail("secretary", 2, ago_minutes=1, ip="203.0.113.20")
    assert api_sign_in("secretary", PASSWORD, ip="203.0.113.20").status_code == 200
    assert (
        list(LoginFailure.objects.filter(username="secretary").values_list("ip_address", flat=True))
        == ["198.51.100.4"] * 3
    )


def test_the_hard_cap_may_not_be_below_the_pair_limit():
    policy = SecurityPolicy.current()
    policy.lockout_username_failures = 8
    policy.lockout_username_total_failures = 6
    with pytest.raises(ValidationError) as caught:
        policy.full_clean()
    assert "lockout_username_total_failures" in caught.value.message_dict
