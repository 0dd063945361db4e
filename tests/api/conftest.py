"""App API fixtures: the six roles of the authorisation matrix and token-carrying clients.

Roles: anonymous, member of branch A (一支部), member of branch B (二支部), administrator of A,
administrator of A's parent (一总支, whose subtree holds A and B), superuser. Members have
accounts, a full ID number and a mobile number, so responses can be scanned for leaks.
"""

import datetime

import pytest
from django.test import Client
from wagtail.models import APIToken

from partybuild.core.validators import id_number_check_character
from partybuild.models import Member, User

PASSWORD = "correct-horse-battery"


def valid_id_number(birth: datetime.date, serial: str = "123") -> str:
    """A valid 18-digit ID number born on ``birth`` (odd serial digit → male)."""
    first17 = f"110105{birth:%Y%m%d}{serial}"
    return first17 + id_number_check_character(first17)


def make_member_account(
    username: str, organisation, *, phone: str, birth: datetime.date, serial: str = "123"
) -> User:
    """An account with a member dossier in ``organisation`` (male, with ID and mobile)."""
    user = User.objects.create_user(username=username, password=PASSWORD, name=f"党员{username}")
    member = Member(
        name=f"党员{username}",
        gender="male",
        birth_date=birth,
        organisation=organisation,
        user=user,
        phone=phone,
        category="full",
        joined_on=datetime.date(2010, 7, 1),
        confirmed_on=datetime.date(2011, 7, 1),
    )
    member.id_number = valid_id_number(birth, serial)
    member.save()
    return user


def token_for(user: User) -> str:
    _, plaintext = APIToken.create_token(user=user, name="test")
    return plaintext


def client_for(user: User | None) -> Client:
    """A test client that sends ``user``'s bearer token (none for anonymous)."""
    client = Client()
    if user is not None:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(user)}"
    return client


@pytest.fixture
def roles(tree, make_admin, superuser):
    """The six roles; ``anonymous`` is None. ``orgs`` gives branch A, branch B and A's parent."""
    return {
        "anonymous": None,
        "member_a": make_member_account(
            "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
        ),
        "member_b": make_member_account(
            "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
        ),
        "admin_a": make_admin("admin_a", tree["first"]),
        "admin_parent": make_admin("admin_parent", tree["general"]),
        "superuser": superuser,
    }


@pytest.fixture
def api_client():
    """``api_client(user)``: a client authenticated by a fresh token (``None``: anonymous)."""
    return client_for
