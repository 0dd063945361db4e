"""The admin's 忘记密码: the same answer for a known and an unknown e-mail address, a limit on
requests by address and by e-mail address (the same for both), and a limit on reset links that
do not check out (issue 18 items 4 and 6)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partybuild.models import SecurityPolicy, User
from partybuild.signals import security_event

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"


@pytest.fixture
def known(db):
    return User.objects.create_user(
        username="known", password="Secret-2026", name="张三", email="known@example.com"
    )


def ask(email: str, ip: str = "198.51.100.4"):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_known_and_unknown_addresses_get_the_same_answer(known):
    for_known = ask("known@example.com", ip="198.51.100.4")
    for_unknown = ask("nobody@example.com", ip="198.51.100.5")
    assert for_known.status_code == for_unknown.status_code == 302
    assert for_known["Location"] == for_unknown["Location"]
    assert for_known["Location"] == reverse("wagtailadmin_password_reset_done")
    assert [message.to for message in mail.outbox] == [["known@example.com"]]


def test_requests_are_limited_by_address_alike_for_known_and_unknown(known):
    for attempt in range(5):
        email = "known@example.com" if attempt % 2 else f"nobody{attempt}@example.com"
        assert ask(email).status_code == 302
    refused_known = ask("known@example.com")
    refused_unknown = ask("nobody9@example.com")
    assert refused_known.status_code == refused_unknown.status_code == 429
    assert refused_known["Retry-After"] and refused_unknown["Retry-After"]
    for response in (refused_known, refused_unknown):
        assert "找回密码请求过于频繁" in response.content.decode()
    assert ask("known@example.com", ip="203.0.113.20").status_code == 302


def test_requests_are_limited_by_email_address_across_addresses(known):
    policy = SecurityPolicy.current()
    policy.password_reset_requests = 2
    policy.save()
    assert ask("nobody@example.com", ip="198.51.100.1").status_code == 302
    assert ask("NOBODY@example.com", ip="198.51.100.2").status_code == 302
    assert ask("nobody@example.com", ip="198.51.100.3").status_code == 429


def test_a_request_is_a_security_event(known):
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    security_event.connect(receiver, dispatch_uid="test_reset_events")
    try:
        ask("nobody@example.com")
    finally:
        security_event.disconnect(dispatch_uid="test_reset_events")
    assert [event["event"] for event in seen] == ["password.reset_requested"]
    assert seen[0]["detail"] == {"email": "nobody@example.com"}


def test_reset_links_that_do_not_check_out_are_limited(known):
    client = Client()
    bad = reverse("wagtailadmin_password_reset_confirm", args=["MQ", "bad-token"])
    for _ in range(5):
        response = client.get(bad, REMOTE_ADDR="198.51.100.4")
        assert response.status_code == 200
    response = client.get(bad, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert "尝试次数过多" in response.content.decode()
    assert client.get(bad, REMOTE_ADDR="203.0.113.20").status_code == 200


def test_the_link_from_the_mail_still_resets_the_password(known):
    ask("known@example.com")
    link = next(line for line in mail.outbox[0].body.splitlines() if "/confirm/" in line)
    path = link[link.index("/admin/") :].strip()
    client = Client()
    set_password = client.get(path, REMOTE_ADDR="198.51.100.4")
    assert set_password.status_code == 302
    response = client.post(
        set_password["Location"],
        {"new_password1": "Brand-new-pass-2026", "new_password2": "Brand-new-pass-2026"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    known.refresh_from_db()
    assert known.check_password("Brand-new-pass-2026")
