"""No phone number in clear in the database (issue 18): member logins are named ``dy`` and the
dossier number and sign in with the whole phone number through the authentication backend;
dossier change requests keep their values in an ``EncryptedJSONField``; a micro-wish owner's
number is an ``EncryptedCharField``. The data migrations convert existing rows, and key rotation
rewrites the new encrypted columns too."""

import datetime
import importlib
import json
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps as global_apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

import partybuild.memberservices.migrations
import partybuild.migrations
from partybuild.core.crypto import TOKEN_PREFIX, field_encryption_keys, field_index_key
from partybuild.memberservices.models import MicroWish
from partybuild.memberservices.services.wishes import wish_create
from partybuild.models import Member, MemberChangeRequest, SecurityEvent, User
from partybuild.services.change_requests import change_request_approve, change_request_submit
from partybuild.services.member_logins import member_logins_create
from tests.api.conftest import make_member_account
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
NEW_PHONE = "13987654321"
TOKEN_URL = "/api/app/auth/token"


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def raw_dump(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return repr(cursor.fetchall())


def _migration(package, suffix: str):
    """The migration module ending in ``suffix`` (whatever number it is given on merge)."""
    (path,) = Path(package.__file__).parent.glob(f"*_{suffix}.py")
    return importlib.import_module(f"{package.__name__}.{path.stem}")


def api_sign_in(username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return Client().post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def portal_sign_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    client.post("/login/", {"username": username, "password": password})
    return client


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def new_member(tree, *, phone: str = PHONE, name: str = "张三", key: str = "first") -> Member:
    member = Member(name=name, gender="female", organisation=tree[key], phone=phone)
    member.save()
    return member


# --- member logins -----------------------------------------------------------------------------


@pytest.fixture
def admin_first(api_admin, tree):
    return api_admin("admin_first", tree["first"])


def member_login(tree, admin, *, phone: str = PHONE, name: str = "张三") -> User:
    member = new_member(tree, phone=phone, name=name)
    (issued,) = member_logins_create(members=[member], actor=admin)
    account = User.objects.get(pk=issued.account.pk)
    account.set_password(PASSWORD)
    account.password_change_required = False
    account.save()
    return account


def test_a_member_login_is_named_without_the_phone_which_is_not_in_clear(tree, admin_first):
    account = member_login(tree, admin_first)
    assert account.username == f"dy{account.member.pk:06d}"
    assert account.phone == PHONE
    assert PHONE not in raw_dump("partybuild_user")
    assert PHONE[-8:] not in raw_dump("partybuild_user")


def test_a_member_signs_in_with_the_phone_in_the_portal_and_the_app(tree, admin_first):
    account = member_login(tree, admin_first)
    for typed in (PHONE, "138 1234 5678", "138-1234-5678", account.username):
        assert signed_in_as(portal_sign_in(typed)) == account.pk, typed
        response = api_sign_in(typed)
        assert response.status_code == 200, (typed, response.content)
        assert response.json()["user"]["username"] == account.username
    assert signed_in_as(portal_sign_in(PHONE, "wrong-password")) is None
    assert api_sign_in(PHONE, "wrong-password").status_code == 401
    assert signed_in_as(portal_sign_in(PHONE[:10])) is None  # only the whole number


def test_the_dossier_number_signs_in_when_the_account_has_none(tree):
    account = make_member_account(
        "zhang", tree["first"], phone=PHONE, birth=datetime.date(1980, 5, 17)
    )
    assert account.phone == ""
    assert api_sign_in(PHONE).json()["user"]["username"] == "zhang"


def test_an_ambiguous_or_inactive_phone_signs_in_to_nobody(tree, admin_first):
    first = member_login(tree, admin_first)
    second = member_login(tree, admin_first, name="李四")
    second.phone = PHONE  # a shared family phone
    second.save()
    Member.objects.filter(pk=second.member.pk).update(phone="")
    assert api_sign_in(PHONE).status_code == 401
    assert signed_in_as(portal_sign_in(PHONE)) is None
    assert api_sign_in(first.username).status_code == 200
    second.is_active = False
    second.save()
    assert api_sign_in(PHONE).json()["user"]["username"] == first.username


def test_an_account_named_like_a_phone_wins_over_the_phone(tree, admin_first):
    account = member_login(tree, admin_first)
    named = User.objects.create_user(username=PHONE, password="another-pass-word-9")
    assert api_sign_in(PHONE).status_code == 401  # the password of the account so named
    assert api_sign_in(PHONE, "another-pass-word-9").json()["user"]["username"] == named.username
    assert api_sign_in(account.username).status_code == 200


def test_the_lockout_stays_keyed_on_what_was_typed(tree, admin_first):
    account = member_login(tree, admin_first)
    for _attempt in range(5):
        assert api_sign_in(PHONE, "wrong-password").status_code == 401
    assert api_sign_in(PHONE).status_code == 429
    assert api_sign_in(account.username).status_code == 200


def test_a_failed_phone_sign_in_leaves_no_phone_in_the_security_trail(tree, admin_first):
    account = member_login(tree, admin_first)
    api_sign_in("138 1234 5678", "wrong-password")
    api_sign_in("13700009999", "wrong-password")  # nobody's number
    known, unknown = SecurityEvent.objects.filter(event="login.failure").order_by("pk")
    assert (known.actor, known.actor_username) == (account, account.username)
    assert (unknown.actor, unknown.actor_username) == (None, "137****9999")
    assert "13700009999" not in raw_dump("partybuild_securityevent")


def test_the_migration_renames_accounts_named_by_their_phone(tree):
    by_member_phone = make_member_account(
        PHONE, tree["first"], phone=PHONE, birth=datetime.date(1980, 5, 17)
    )
    by_own_phone = make_member_account(
        "13700001111", tree["second"], phone="", birth=datetime.date(1981, 5, 17), serial="133"
    )
    by_own_phone.phone = "13700001111"
    by_own_phone.save()
    kept = make_member_account(
        "zhang", tree["first"], phone=NEW_PHONE, birth=datetime.date(1982, 5, 17), serial="153"
    )
    squatter = User.objects.create_user(username=f"dy{by_own_phone.member.pk:06d}")
    User.objects.filter(pk__in=[by_member_phone.pk, by_own_phone.pk]).update(name="张三")
    migration = _migration(partybuild.migrations, "member_account_names_without_phones")
    editor = SimpleNamespace(connection=connection)
    for _run in range(2):  # a second run finds nothing left to rename
        migration.account_names_rename(global_apps, editor)
        renamed = User.objects.get(pk=by_member_phone.pk)
        assert renamed.username == f"dy{by_member_phone.member.pk:06d}"
        assert renamed.phone == PHONE
        own = User.objects.get(pk=by_own_phone.pk)
        assert own.username == f"dy{by_own_phone.member.pk:06d}-2"
        assert own.phone == "13700001111"
        assert User.objects.get(pk=kept.pk).username == "zhang"
        assert User.objects.get(pk=squatter.pk).username == squatter.username
    assert PHONE not in raw_dump("partybuild_user")
    assert api_sign_in(PHONE).json()["user"]["username"] == renamed.username
    assert api_sign_in("13700001111").json()["user"]["username"] == own.username


# --- change requests ---------------------------------------------------------------------------


def test_change_request_values_are_encrypted_at_rest(roles):
    member = roles["member_a"].member
    request = change_request_submit(
        member=member, actor=roles["member_a"], changes={"phone": NEW_PHONE, "employer": "县医院"}
    )
    assert NEW_PHONE not in raw_column("partybuild_memberchangerequest", "changes", request.pk)
    change_request_approve(request=request, actor=roles["admin_a"])
    for column in ("changes", "previous"):
        raw = raw_column("partybuild_memberchangerequest", column, request.pk)
        assert raw.startswith(TOKEN_PREFIX), column
    dump = raw_dump("partybuild_memberchangerequest")
    assert NEW_PHONE not in dump and "13800138001" not in dump and "县医院" not in dump
    stored = MemberChangeRequest.objects.get(pk=request.pk)
    assert stored.changes == {"phone": NEW_PHONE, "employer": "县医院"}
    assert stored.previous == {"phone": "13800138001", "employer": ""}
    assert MemberChangeRequest.objects.filter(pk=request.pk).values_list(
        "changes", flat=True
    ).get() == {"phone": NEW_PHONE, "employer": "县医院"}
    (serialised,) = json.loads(serializers.serialize("json", [stored]))
    assert serialised["fields"]["changes"] == {"phone": NEW_PHONE, "employer": "县医院"}


def test_the_migration_encrypts_stored_change_request_values(roles):
    member = roles["member_a"].member
    request = change_request_submit(
        member=member, actor=roles["member_a"], changes={"phone": NEW_PHONE}
    )
    plain = {"changes": '{"phone": "13987654321"}', "previous": "{}"}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partybuild_memberchangerequest SET changes = %s, previous = %s WHERE id = %s",
            [plain["changes"], plain["previous"], request.pk],
        )
    migration = _migration(partybuild.migrations, "change_request_encryption")
    editor = SimpleNamespace(connection=connection)
    for _run in range(2):
        migration.changes_encrypt(None, editor)
        for column in plain:
            raw = raw_column("partybuild_memberchangerequest", column, request.pk)
            assert raw.startswith(TOKEN_PREFIX)
    stored = MemberChangeRequest.objects.get(pk=request.pk)
    assert (stored.changes, stored.previous) == ({"phone": NEW_PHONE}, {})
    migration.changes_decrypt(None, editor)
    for column, value in plain.items():
        assert raw_column("partybuild_memberchangerequest", column, request.pk) == value


# --- micro-wishes ------------------------------------------------------------------------------


def new_wish(tree) -> MicroWish:
    return wish_create(
        organisation=tree["first"],
        actor=None,
        title="三国演义",
        value="50",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        owner_name="张亮",
        owner_phone=PHONE,
        situation="学习历史",
        mailing_address="慈利县城西",
    )


def test_the_wish_owner_phone_is_encrypted_at_rest(tree):
    wish = new_wish(tree)
    assert raw_column("partybuild_microwish", "owner_phone", wish.pk).startswith(TOKEN_PREFIX)
    assert PHONE not in raw_dump("partybuild_microwish")
    assert MicroWish.objects.get(pk=wish.pk).owner_phone == PHONE


def test_the_migration_encrypts_stored_wish_owner_phones(tree):
    wish = new_wish(tree)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partybuild_microwish SET owner_phone = %s WHERE id = %s", [PHONE, wish.pk]
        )
    migration = _migration(partybuild.memberservices.migrations, "wish_owner_phone_encryption")
    editor = SimpleNamespace(connection=connection)
    for _run in range(2):
        migration.phones_encrypt(None, editor)
        assert raw_column("partybuild_microwish", "owner_phone", wish.pk).startswith(TOKEN_PREFIX)
    assert MicroWish.objects.get(pk=wish.pk).owner_phone == PHONE
    migration.phones_decrypt(None, editor)
    assert raw_column("partybuild_microwish", "owner_phone", wish.pk) == PHONE


# --- key rotation ------------------------------------------------------------------------------


def test_rotation_rewrites_change_requests_and_wishes(settings, roles, tree):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    current = ",".join(field_encryption_keys())  # the fixtures' rows are under these
    settings.FIELD_INDEX_KEY = field_index_key()
    settings.FIELD_ENCRYPTION_KEY = f"{old_key},{current}"
    request = change_request_submit(
        member=roles["member_a"].member, actor=roles["member_a"], changes={"phone": NEW_PHONE}
    )
    wish = new_wish(tree)
    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key},{current}"
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "partybuild.MemberChangeRequest: 1" in out.getvalue()
    assert "memberservices.MicroWish: 1" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEY = new_key  # the old keys can be dropped
    token = raw_column("partybuild_memberchangerequest", "changes", request.pk)
    plain = Fernet(new_key.encode()).decrypt(token[len(TOKEN_PREFIX) :].encode()).decode()
    assert json.loads(plain) == {"phone": NEW_PHONE}
    assert MemberChangeRequest.objects.get(pk=request.pk).changes == {"phone": NEW_PHONE}
    assert MicroWish.objects.get(pk=wish.pk).owner_phone == PHONE
