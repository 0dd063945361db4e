"""Web sessions end when idle (the admin after 30 minutes, the portal after the policy's time)
or too old (the absolute lifetime), with a Chinese message on the login page; a password change,
a disabled account and a role taken away end the account's sessions (issue 18 item 3)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from partybuild.models import Role, SecurityPolicy, UserSession
from partybuild.services.roles import role_assignment_revoke, role_update
from partybuild.signals import security_event
from tests.conftest import PASSWORD
from tests.partybuild.clock import clock_mover
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"
IDLE_MESSAGE = "您已长时间未操作，为保护账号安全已自动退出，请重新登录。"
TOO_OLD_MESSAGE = "登录时间已超过上限，为保护账号安全已自动退出，请重新登录。"


@pytest.fixture
def advance(monkeypatch):
    return clock_mover(monkeypatch)


@pytest.fixture
def events():
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    security_event.connect(receiver, dispatch_uid="test_session_events")
    yield seen
    security_event.disconnect(dispatch_uid="test_session_events")


@pytest.fixture
def secretary(make_admin, tree):
    return make_admin("secretary", tree["first"])


def signed_in(user) -> Client:
    client = Client()
    assert (
        client.post("/admin/login/", {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    return client


def test_the_admin_signs_out_after_thirty_idle_minutes(secretary, advance, events):
    client = signed_in(secretary)
    advance(datetime.timedelta(minutes=29))
    assert client.get(ADMIN_HOME).status_code == 200
    advance(datetime.timedelta(minutes=29))  # active a minute ago counts: 29 < 30
    assert client.get(ADMIN_HOME).status_code == 200
    advance(datetime.timedelta(minutes=31))
    response = client.get(ADMIN_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    login_page = client.get(response["Location"])
    assert IDLE_MESSAGE in login_page.content.decode()
    assert client.get(ADMIN_HOME).status_code == 302  # still signed out
    expired = [event for event in events if event["event"] == "session.expired"]
    assert expired[0]["actor"] == secretary
    assert expired[0]["detail"]["reason"] == "idle"
    assert not UserSession.objects.filter(user=secretary).exists()


@pytest.mark.usefixtures("portal_pages")
def test_the_portal_idle_time_is_the_policy(secretary, advance):
    policy = SecurityPolicy.current()
    policy.portal_idle_minutes = 90
    policy.save()
    client = signed_in(secretary)
    advance(datetime.timedelta(minutes=60))
    assert client.get("/me/").status_code == 200
    advance(datetime.timedelta(minutes=60))
    assert client.get("/me/").status_code == 200
    advance(datetime.timedelta(minutes=91))
    response = client.get("/me/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert IDLE_MESSAGE in response.content.decode()


def test_an_active_session_ends_at_the_absolute_lifetime(secretary, advance, events):
    client = signed_in(secretary)
    for _ in range(12 * 4):  # busy every quarter of an hour for twelve hours
        advance(datetime.timedelta(minutes=15))
        if client.get(ADMIN_HOME).status_code != 200:
            break
    response = client.get(ADMIN_HOME, follow=True)
    assert TOO_OLD_MESSAGE in response.content.decode()
    assert [
        event["detail"]["reason"] for event in events if event["event"] == "session.expired"
    ] == ["absolute"]


def test_a_session_is_recorded_for_its_account(secretary):
    client = signed_in(secretary)
    record = UserSession.objects.get(user=secretary)
    assert record.session_key == client.session.session_key
    client.post(reverse("wagtailadmin_logout"))
    assert not UserSession.objects.filter(user=secretary).exists()


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(secretary):
    elsewhere = signed_in(secretary)
    here = signed_in(secretary)
    response = here.post(
        reverse("partybuild_password_change"),
        {
            "old_password": PASSWORD,
            "new_password": "Another-passphrase-2026",
            "new_password_again": "Another-passphrase-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert elsewhere.get(ADMIN_HOME).status_code == 302
    assert here.get(ADMIN_HOME).status_code == 200
    assert UserSession.objects.filter(user=secretary).count() == 1


def test_disabling_an_account_ends_its_sessions(secretary):
    client = signed_in(secretary)
    key = client.session.session_key
    secretary.is_active = False
    secretary.save()
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(ADMIN_HOME).status_code == 302


def test_revoking_a_role_ends_the_sessions(secretary):
    client = signed_in(secretary)
    assignment = secretary.role_assignments.get(role__code="test_scope")
    role_assignment_revoke(actor=None, assignment=assignment)
    assert client.get(ADMIN_HOME).status_code == 302
    assert not UserSession.objects.filter(user=secretary).exists()


def test_disabling_a_role_ends_its_holders_sessions(secretary, superuser):
    client = signed_in(secretary)
    role = Role.objects.get(code="test_scope")
    role_update(
        actor=None,
        role=role,
        name=role.name,
        parent=role.parent,
        permissions=role.permissions.all(),
        is_enabled=False,
        order=role.order,
        note=role.note,
    )
    assert client.get(ADMIN_HOME).status_code == 302


def test_changing_a_role_otherwise_keeps_the_sessions(secretary):
    client = signed_in(secretary)
    role = Role.objects.get(code="test_scope")
    role_update(
        actor=None,
        role=role,
        name="改名后的角色",
        parent=role.parent,
        permissions=role.permissions.all(),
        is_enabled=True,
        order=role.order,
        note=role.note,
    )
    assert client.get(ADMIN_HOME).status_code == 200


def test_disabling_a_parent_role_ends_the_sessions_of_its_descendants_holders(secretary):
    client = signed_in(secretary)
    child = Role.objects.get(code="test_scope")
    parent = Role.objects.create(code="test_parent", name="上级角色")
    parent.permissions.set(child.permissions.all())
    Role.objects.filter(pk=child.pk).update(parent=parent)
    role_update(
        actor=None,
        role=parent,
        name=parent.name,
        parent=None,
        permissions=parent.permissions.all(),
        is_enabled=False,
        order=parent.order,
        note=parent.note,
    )
    assert client.get(ADMIN_HOME).status_code == 302
