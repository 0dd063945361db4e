"""ID numbers are encrypted at rest; the blind index finds them and keeps them unique."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from partybuild.core.crypto import blind_index, decrypt, encrypt
from partybuild.models import Member, User
from tests.partybuild.account_forms import account_data

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


def raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return cursor.fetchall()


def test_round_trip_and_randomised_tokens():
    first, second = encrypt(ID), encrypt(ID)
    assert first != second
    assert decrypt(first) == decrypt(second) == ID
    assert encrypt("") == "" and decrypt("") == ""
    assert blind_index(ID) == blind_index(ID) != blind_index("110105194912310038")


def test_database_dump_holds_no_plaintext_id_numbers(tree):
    member = Member(name="张三", gender="female", organisation=tree["first"], birth_date=None)
    member.id_number = "11010519491231002x"
    member.full_clean()
    member.save()
    user = User(username="zhang")
    user.id_number = ID
    user.save()
    dump = repr(raw_rows("partybuild_member")) + repr(raw_rows("partybuild_user"))
    assert ID not in dump
    assert "19491231" not in dump
    assert "fernet:" in dump
    assert Member.objects.get(pk=member.pk).id_number == ID
    assert User.objects.get(pk=user.pk).id_number == ID


def test_exact_lookup_through_the_blind_index(tree):
    member = Member(name="张三", gender="female", organisation=tree["first"])
    member.id_number = ID
    member.save()
    assert Member.objects.get(Member.id_number_lookup("11010519491231002x")) == member
    assert not Member.objects.filter(Member.id_number_lookup("110105194912310038")).exists()


def test_duplicate_id_numbers_are_refused(tree):
    first = Member(name="张三", gender="female", organisation=tree["first"])
    first.id_number = ID
    first.save()
    second = Member(name="李四", gender="female", organisation=tree["second"])
    second.id_number = ID.lower()
    with pytest.raises(ValidationError, match="该公民身份号码已被登记"):
        second.full_clean()


def test_account_forms_refuse_a_duplicate_id_number(admin_client, tree):
    existing = User(username="old")
    existing.id_number = ID
    existing.save()
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        account_data(tree["first"], username="new", name="新用户", id_number=ID),
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"id_number"}
    assert "该公民身份号码已被登记" in response.content.decode()
    assert not User.objects.filter(username="new").exists()


def test_wrong_key_is_a_clear_configuration_error(tree):
    member = Member(name="张三", gender="female", organisation=tree["first"])
    member.id_number = ID
    member.save()
    with (
        override_settings(FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode()),
        pytest.raises(ImproperlyConfigured, match="wrong key"),
    ):
        Member.objects.get(pk=member.pk)
