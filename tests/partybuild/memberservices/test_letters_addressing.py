"""书记信箱 reaches the addressed organisation's secretary only (issue 14, item 8).

A member of 一支部 writes to 一总支's 书记信箱: 一总支's administrator gets the email and sees and
answers the letter (admin and app API); 一支部's administrator — the writer's own branch
secretary — and the organisations above 一总支 do not (not listed, 404 on the detail and the
reply). A letter to 本支部书记 is the branch's only, the other way round."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from partybuild.memberservices.models import LetterRecipient, LetterStatus, SecretaryLetter
from partybuild.memberservices.services.letters import letter_send
from partybuild.models import User
from tests.api.conftest import client_for, make_member_account
from tests.conftest import migration_state_apps
from tests.partybuild.memberservices.test_suggestions import set_service_settings
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, make_admin):
    def admin(username, organisation):
        user = make_admin(username, organisation)
        user.email = f"{username}@example.com"
        user.save(update_fields=["email"])
        return user

    set_service_settings(mailbox_email="guanli@example.gov.cn")
    return {
        "member": make_member_account(
            "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
        ),
        "first": admin("first_admin", tree["first"]),
        "general": admin("general_admin", tree["general"]),
        "organ": admin("organ_admin", tree["organ"]),
    }


def _admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _write_to_general(people, tree):
    response = client_for(people["member"]).post(
        "/api/app/letters/",
        {
            "recipient_kind": "mailbox",
            "addressee_id": tree["general"].pk,
            "subject": "致总支书记的信",
            "body": "建议总支统一组织学习。",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response


def test_the_member_is_offered_the_higher_organisations(people):
    response = client_for(people["member"]).get("/api/app/letters/addressees")
    assert [item["name"] for item in response.json()] == ["县委", "机关党委", "一总支"]


def test_letter_to_the_general_branch_mailbox_is_emailed_to_its_secretary_only(people, tree):
    body = _write_to_general(people, tree).json()
    assert body["addressee"] == "一总支" and body["recipient_label"] == "一总支书记信箱"
    assert [email.to for email in mail.outbox] == [["general_admin@example.com"]]
    assert "一总支书记信箱" in mail.outbox[0].body
    assert SecretaryLetter.objects.get().addressee == tree["general"]


def test_the_addressed_secretary_sees_and_answers_it_in_the_api(people, tree):
    letter_id = _write_to_general(people, tree).json()["id"]
    general = client_for(people["general"])
    assert [i["id"] for i in general.get("/api/app/letters/managed").json()["items"]] == [letter_id]
    response = general.post(
        f"/api/app/letters/{letter_id}/reply", {"reply": "已安排"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "replied"


def test_the_writers_branch_secretary_does_not_see_it_in_the_api(people, tree):
    letter_id = _write_to_general(people, tree).json()["id"]
    for role in ("first", "organ"):
        other = client_for(people[role])
        assert other.get("/api/app/letters/managed").json()["count"] == 0, role
        response = other.post(
            f"/api/app/letters/{letter_id}/reply", {"reply": "x"}, content_type="application/json"
        )
        assert response.status_code == 404, role
    assert SecretaryLetter.objects.get().status == LetterStatus.SENT


def test_admin_lists_it_for_the_addressee_only(people, tree):
    letter_id = _write_to_general(people, tree).json()["id"]
    detail = f"/admin/secretary_letters/{letter_id}/"
    for role in ("first", "organ"):
        client = _admin_client(people[role])
        assert "致总支书记的信" not in client.get("/admin/secretary_letters/").content.decode()
        assert client.get(detail).status_code == 404, role
        assert client.post(f"{detail}reply/", {"reply": "x"}).status_code == 404, role
    client = _admin_client(people["general"])
    assert "致总支书记的信" in client.get("/admin/secretary_letters/").content.decode()
    assert "一总支书记信箱" in client.get(detail).content.decode()
    assert client.post(f"{detail}reply/", {"reply": "收到"}).status_code == 302
    assert SecretaryLetter.objects.get().status == LetterStatus.REPLIED


def test_letter_to_the_branch_secretary_is_the_branch_s_only(people, tree):
    letter = letter_send(
        user=people["member"],
        recipient_kind=LetterRecipient.BRANCH_SECRETARY,
        subject="致支部书记",
        body="正文",
    )
    assert letter.addressee == tree["first"]
    assert [email.to for email in mail.outbox] == [["first_admin@example.com"]]
    assert client_for(people["first"]).get("/api/app/letters/managed").json()["count"] == 1
    assert client_for(people["general"]).get("/api/app/letters/managed").json()["count"] == 0


def test_the_default_mailbox_is_the_top_organisation_s(people, tree):
    letter = letter_send(
        user=people["member"], recipient_kind=LetterRecipient.MAILBOX, subject="默认", body="正文"
    )
    assert letter.addressee == tree["county"]
    assert [email.to for email in mail.outbox] == [["guanli@example.gov.cn"]]
    for role in ("first", "general", "organ"):
        assert client_for(people[role]).get("/api/app/letters/managed").json()["count"] == 0


@pytest.mark.parametrize("target", ["second", "third", "first", "group"])
def test_a_mailbox_that_is_not_above_the_writer_is_refused(people, tree, target):
    response = client_for(people["member"]).post(
        "/api/app/letters/",
        {
            "recipient_kind": "mailbox",
            "addressee_id": tree[target].pk,
            "subject": "主题",
            "body": "正文",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "addressee_invalid"
    assert "addressee" in response.json()["fields"]
    assert not SecretaryLetter.objects.exists() and mail.outbox == []


@pytest.mark.usefixtures("portal_pages")
def test_portal_form_addresses_the_chosen_mailbox(people, tree):
    client = Client()
    client.force_login(people["member"])
    page = client.get("/me/letters/").content.decode()
    assert "一总支" in page and "二支部" not in page
    response = client.post(
        "/me/letters/",
        {
            "recipient_kind": "mailbox",
            "addressee": tree["general"].pk,
            "subject": "门户来信",
            "body": "正文",
        },
    )
    assert response.status_code == 302
    assert SecretaryLetter.objects.get(subject="门户来信").addressee == tree["general"]
    assert [email.to for email in mail.outbox] == [["general_admin@example.com"]]
    assert "一总支书记信箱" in client.get("/me/letters/").content.decode()


def test_migration_addresses_older_letters(people, tree):
    import importlib

    migration = importlib.import_module("partybuild.migrations.0015_anonymous_suggestions")
    to_branch = letter_send(
        user=people["member"], recipient_kind="branch_secretary", subject="旧一", body="正文"
    )
    to_mailbox = letter_send(
        user=people["member"], recipient_kind="mailbox", subject="旧二", body="正文"
    )
    in_group = make_member_account(
        "member_g", tree["group"], phone="13800138009", birth=datetime.date(1981, 1, 1)
    )
    from_group = letter_send(
        user=in_group, recipient_kind="branch_secretary", subject="旧三", body="正文"
    )
    SecretaryLetter.objects.update(addressee=None)
    migration._address_letters(
        migration_state_apps("partybuild", "0015_anonymous_suggestions"), None
    )
    addressees = dict(SecretaryLetter.objects.values_list("pk", "addressee"))
    assert addressees == {
        to_branch.pk: tree["first"].pk,
        to_mailbox.pk: tree["county"].pk,
        from_group.pk: tree["first"].pk,
    }
