"""App API fixtures: the six roles of the authorisation matrix and token-carrying clients.

Roles: anonymous, member of branch A (一支部), member of branch B (二支部), administrator of A,
administrator of A's parent (一总支, whose subtree holds A and B), superuser. Members have
accounts, a full ID number and a mobile number, so responses can be scanned for leaks.
"""

import datetime

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
