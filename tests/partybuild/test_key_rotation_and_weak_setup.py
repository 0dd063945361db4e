"""Production refuses weak setups (partybuild/startup.py), and the field encryption key rotates
(a list of keys: decrypt with any, encrypt with the first; ``rotate_encryption_key``)."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from partybuild.core.crypto import TOKEN_PREFIX, blind_index
from partybuild.demo.data import DEMO_PASSWORD
from partybuild.models import Member, User
from partybuild.startup import refuse_weak_setup, startup_checks, weak_setup_problems
from partysite.settings.insecure_keys import DEVELOPMENT_FIELD_ENCRYPTION_KEY

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def production_like(settings):
    settings.REFUSE_WEAK_SETUP = True
    settings.DEBUG = False
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    return settings


def test_a_sound_setup_starts(production_like):
    assert weak_setup_problems() == []
    refuse_weak_setup()
    startup_checks()


def test_debug_is_refused(production_like):
    production_like.DEBUG = True
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        refuse_weak_setup()


@pytest.mark.parametrize("setting", ["FIELD_ENCRYPTION_KEY", "FIELD_INDEX_KEY"])
def test_a_key_published_in_the_repository_is_refused(production_like, setting):
    if setting == "FIELD_ENCRYPTION_KEY":
        production_like.FIELD_ENCRYPTION_KEY = f"{NEW_KEY},{DEVELOPMENT_FIELD_ENCRYPTION_KEY}"
    else:
        production_like.FIELD_INDEX_KEY = DEVELOPMENT_FIELD_ENCRYPTION_KEY
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY"):
        refuse_weak_setup()


def test_an_active_demo_account_with_the_demo_password_is_refused(production_like):
    demo = User.objects.create_user(username="ui_secretary", password=DEMO_PASSWORD, name="黄")
    with pytest.raises(ImproperlyConfigured, match="ui_secretary"):
        refuse_weak_setup()
    demo.set_password("Another-pass-2026")
    demo.save()
    refuse_weak_setup()
    demo.set_password(DEMO_PASSWORD)
    demo.is_active = False
    demo.save()
    refuse_weak_setup()
    # Any other account with that password: the validators refuse it wherever one is chosen.
    User.objects.create_user(username="someone", password=DEMO_PASSWORD, name="某人")
    refuse_weak_setup()


def test_not_asked_outside_production(settings):
    settings.REFUSE_WEAK_SETUP = False
    settings.DEBUG = True
    refuse_weak_setup()


def _raw_id_column(member: Member) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM partybuild_member WHERE id = %s", [member.pk])
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_with_the_new_key_and_keeps_the_index(settings, tree):
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    member = Member(name="张三", gender="female", organisation=tree["first"])
    member.id_number = ID
    member.save()
    index = member.id_number_index
    old_token = _raw_id_column(member)

    settings.FIELD_ENCRYPTION_KEY = f"{NEW_KEY},{OLD_KEY}"  # deployed: new first, old kept
    assert Member.objects.get(pk=member.pk).id_number == ID  # decrypted with the old key
    assert Member.objects.filter(Member.id_number_lookup(ID)).get() == member  # index unchanged
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "partybuild.Member: 1" in out.getvalue()
    token = _raw_id_column(member)
    assert token != old_token and token.startswith(TOKEN_PREFIX)
    assert Fernet(NEW_KEY.encode()).decrypt(token[len(TOKEN_PREFIX) :].encode()).decode() == ID

    # The old key dropped: values still read; the index stays keyed by the original key.
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_INDEX_KEY = OLD_KEY
    assert Member.objects.get(pk=member.pk).id_number == ID
    assert Member.objects.filter(Member.id_number_lookup(ID)).get() == member

    # A new index key: --reindex recomputes every index under it.
    settings.FIELD_INDEX_KEY = NEW_KEY
    assert not Member.objects.filter(Member.id_number_lookup(ID)).exists()
    call_command("rotate_encryption_key", "--reindex", stdout=StringIO())
    reloaded = Member.objects.get(pk=member.pk)
    assert reloaded.id_number_index == blind_index(ID) != index
    assert Member.objects.filter(Member.id_number_lookup(ID)).get() == member
