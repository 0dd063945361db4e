"""手机号码 of members, candidates and accounts are encrypted at rest like ID numbers: a raw dump
holds none, the blind index ``phone_index`` finds a number whole (never a fragment) and follows
every way a number is written, key rotation recomputes it, and the data migration encrypts the
numbers already stored. Organisation contact numbers that are mobiles are masked in the admin list
and the export, as in the API."""

import datetime
import importlib
import io
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

import partybuild.migrations
import partybuild.recruitment.migrations
from partybuild.core.crypto import TOKEN_PREFIX, blind_index
from partybuild.models import Member, User
from partybuild.models.identity import phone_lookup
from partybuild.recruitment.models import Candidate
from partybuild.services.change_requests import change_request_approve, change_request_submit
from partybuild.services.exports import member_export_xlsx, organisation_export_xlsx
from partybuild.services.imports import member_import_xlsx
from tests.api.conftest import make_member_account
from tests.api.factories import candidate_in
from tests.partybuild.test_admin_members import ADD, form_data

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
OTHER = "13987654321"


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def raw_dump(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return repr(cursor.fetchall())


def make_member(tree, *, phone: str = PHONE, name: str = "张三") -> Member:
    member = Member(name=name, gender="female", organisation=tree["first"], phone=phone)
    member.save()
    return member


def test_a_database_dump_holds_no_plaintext_phone_numbers(tree):
    member = make_member(tree)
    account = User.objects.create_user(username="zhang", password="x-long-passphrase-1")
    account.phone = OTHER
    account.save()
    candidate = candidate_in(tree["first"])
    candidate.phone = "13700001111"
    candidate.save()
    dumps = {
        "partybuild_member": raw_dump("partybuild_member"),
        "partybuild_user": raw_dump("partybuild_user"),
        "partybuild_candidate": raw_dump("partybuild_candidate"),
    }
    for table, dump in dumps.items():
        for number in (PHONE, OTHER, "13700001111", "12345678", "87654321", "00001111"):
            assert number not in dump, (table, number)
        assert TOKEN_PREFIX in dump
    assert Member.objects.get(pk=member.pk).phone == PHONE
    assert User.objects.get(pk=account.pk).phone == OTHER
    assert Candidate.objects.get(pk=candidate.pk).phone == "13700001111"
    assert Candidate.objects.get(phone_lookup("137 0000 1111")) == candidate


def test_exact_lookup_finds_the_whole_number_only(tree):
    member = make_member(tree)
    make_member(tree, phone="", name="李四")
    assert Member.objects.get(phone_lookup(PHONE)) == member
    assert Member.objects.get(phone_lookup("138-1234-5678")) == member
    assert not Member.objects.filter(phone_lookup(PHONE[:10])).exists()
    assert not Member.objects.filter(phone_lookup("")).exists()


def test_an_overlong_number_is_refused_on_the_model(tree):
    member = Member(name="张三", gender="female", organisation=tree["first"], phone="138123456789")
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert "phone" in refused.value.error_dict


def test_the_index_follows_a_changed_and_a_cleared_number(tree):
    member = make_member(tree)
    member.phone = OTHER
    member.save()
    assert Member.objects.get(phone_lookup(OTHER)) == member
    assert not Member.objects.filter(phone_lookup(PHONE)).exists()
    member.phone = ""
    member.save()
    assert raw_column("partybuild_member", "phone_index", member.pk) == ""


def test_an_approved_change_request_moves_the_index(roles):
    """The approval saves the dossier with ``update_fields``: the index is saved with it."""
    member = roles["member_a"].member
    request = change_request_submit(
        member=member, actor=roles["member_a"], changes={"phone": OTHER}
    )
    change_request_approve(request=request, actor=roles["admin_a"])
    assert Member.objects.get(phone_lookup(OTHER)) == member
    assert not Member.objects.filter(phone_lookup("13800138001")).exists()


def test_admin_create_and_edit_round_trip_the_phone(admin_client, tree):
    response = admin_client.post(ADD, form_data(tree["first"], phone="13500005555"))
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(name="赵六")
    assert member.phone == "13500005555"
    assert "13500005555" not in raw_column("partybuild_member", "phone", member.pk)
    assert Member.objects.get(phone_lookup("13500005555")) == member
    edit = reverse("members:edit", args=[member.pk])
    data = form_data(tree["first"], phone=OTHER, id_number="")
    response = admin_client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Member.objects.get(pk=member.pk).phone == OTHER
    assert Member.objects.get(phone_lookup(OTHER)) == member
    assert 'type="text" name="phone"' in admin_client.get(edit).content.decode()


def test_api_shows_the_phone_masked_after_decryption(roles, api_client):
    member = roles["member_a"].member
    response = api_client(roles["admin_a"]).get(f"/api/app/members/{member.pk}")
    assert response.status_code == 200
    assert response.json()["phone"] == "138****8001"


def test_the_excel_import_indexes_and_the_export_reads_the_phones(tree, superuser):
    account = make_member_account(
        "zhang", tree["first"], phone=PHONE, birth=datetime.date(1980, 5, 17)
    )
    member = account.member
    exported = member_export_xlsx(user=superuser, reveal=True)
    member.delete()
    result = member_import_xlsx(file=io.BytesIO(exported), actor=superuser)
    assert result.ok, result.report_lines()
    imported = Member.objects.get(phone_lookup(PHONE))
    assert imported.phone == PHONE
    assert PHONE not in raw_dump("partybuild_member")


def test_account_admin_finds_an_account_by_its_whole_number(admin_client, tree):
    account = User.objects.create_user(username="liwei", password="x-long-passphrase-1")
    account.phone = PHONE
    account.save()
    index = reverse("wagtailusers_users:index")
    assert "liwei" in admin_client.get(index, {"q": "138 1234 5678"}).content.decode()
    assert "liwei" not in admin_client.get(index, {"q": "1381234567"}).content.decode()


def test_rotation_with_reindex_recomputes_the_phone_indexes(settings, tree):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old_key
    settings.FIELD_INDEX_KEY = ""
    member = make_member(tree)
    old_token = raw_column("partybuild_member", "phone", member.pk)
    old_index = raw_column("partybuild_member", "phone_index", member.pk)

    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"
    settings.FIELD_INDEX_KEY = new_key
    assert not Member.objects.filter(phone_lookup(PHONE)).exists()
    out = StringIO()
    call_command("rotate_encryption_key", "--reindex", stdout=out)
    assert "partybuild.Member: 1" in out.getvalue()
    token = raw_column("partybuild_member", "phone", member.pk)
    assert token != old_token
    assert Fernet(new_key.encode()).decrypt(token[len(TOKEN_PREFIX) :].encode()).decode() == PHONE
    assert raw_column("partybuild_member", "phone_index", member.pk) == blind_index(PHONE)
    assert blind_index(PHONE) != old_index
    assert Member.objects.get(phone_lookup(PHONE)) == member


def _migration(package, suffix: str):
    """The migration module ending in ``suffix`` (whatever number it is given on merge)."""
    (path,) = Path(package.__file__).parent.glob(f"*_{suffix}.py")
    return importlib.import_module(f"{package.__name__}.{path.stem}")


def test_the_data_migration_encrypts_and_indexes_stored_numbers(tree):
    """As an existing installation meets it: plain numbers in the (now text) columns."""
    member = make_member(tree)
    empty = make_member(tree, phone="", name="李四")
    account = User.objects.create_user(username="zhang", password="x-long-passphrase-1")
    candidate = candidate_in(tree["first"])
    plain = [
        ("partybuild_member", member.pk, PHONE),
        ("partybuild_user", account.pk, OTHER),
        ("partybuild_candidate", candidate.pk, "13700001111"),
    ]
    with connection.cursor() as cursor:
        for table, pk, number in plain:
            cursor.execute(
                f"UPDATE {table} SET phone = %s, phone_index = '' WHERE id = %s",  # noqa: S608
                [number, pk],
            )
    editor = SimpleNamespace(connection=connection)
    kernel = _migration(partybuild.migrations, "phone_encryption")
    recruitment = _migration(partybuild.recruitment.migrations, "candidate_phone_encryption")
    for _ in range(2):  # a second run finds nothing left to encrypt
        kernel.phones_encrypt(None, editor)
        recruitment.phones_encrypt(None, editor)
        for table, pk, number in plain:
            assert raw_column(table, "phone", pk).startswith(TOKEN_PREFIX)
            assert raw_column(table, "phone_index", pk) == blind_index(number)
    assert Member.objects.get(phone_lookup(PHONE)) == member
    assert User.objects.get(phone_lookup(OTHER)) == account
    assert Candidate.objects.get(phone_lookup("13700001111")) == candidate
    assert raw_column("partybuild_member", "phone", empty.pk) == ""

    kernel.phones_decrypt(None, editor)
    recruitment.phones_decrypt(None, editor)
    for table, pk, number in plain:
        assert raw_column(table, "phone", pk) == number


def test_organisation_mobile_contacts_are_masked_in_the_admin_list_and_export(
    admin_client, tree, superuser
):
    tree["first"].contact_phone = "13912345678"
    tree["first"].save()
    tree["second"].contact_phone = "010-88887777"
    tree["second"].save()
    html = admin_client.get(reverse("organisations:index")).content.decode()
    assert "139****5678" in html and "13912345678" not in html
    assert "010-88887777" in html
    sheet = load_workbook(io.BytesIO(organisation_export_xlsx(user=superuser))).worksheets[0]
    cells = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "139****5678" in cells and "13912345678" not in cells
    assert "010-88887777" in cells
