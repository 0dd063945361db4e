"""书记信箱: a letter is stored and emailed to the configured mailbox or the branch secretary;
without an address nothing is stored; replies reach the sender as a message."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from partybuild.memberservices.models import LetterRecipient, LetterStatus, SecretaryLetter
from partybuild.memberservices.selectors.letters import letter_list_managed, letter_list_mine
from partybuild.memberservices.services.letters import letter_reply, letter_send
from partybuild.models import Message
from tests.api.conftest import make_member_account
from tests.partybuild.memberservices.test_suggestions import set_service_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_a(tree):
    return make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def test_letter_to_mailbox_is_stored_and_emailed(member_a):
    set_service_settings(mailbox_email="shujixinxiang@example.gov.cn")
    letter = letter_send(
        user=member_a,
        recipient_kind=LetterRecipient.MAILBOX,
        subject="关于党员活动日安排",
        body="建议把活动日调整到周六。",
    )
    assert letter.status == LetterStatus.SENT and letter.email_sent_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["shujixinxiang@example.gov.cn"]
    assert "关于党员活动日安排" in email.subject
    assert "建议把活动日调整到周六。" in email.body and "一支部" in email.body
    assert list(letter_list_mine(user=member_a)) == [letter]


def test_no_mailbox_configured_refused_and_nothing_stored(member_a):
    with pytest.raises(ValidationError) as error:
        letter_send(
            user=member_a, recipient_kind=LetterRecipient.MAILBOX, subject="主题", body="正文"
        )
    assert _codes(error.value) == {"mailbox_not_configured"}
    assert not SecretaryLetter.objects.exists()
    assert mail.outbox == []


def test_letter_to_branch_secretary_goes_to_branch_administrators(member_a, make_admin, tree):
    secretary = make_admin("secretary_a", tree["first"])
    with pytest.raises(ValidationError) as error:
        letter_send(
            user=member_a,
            recipient_kind=LetterRecipient.BRANCH_SECRETARY,
            subject="主题",
            body="正文",
        )
    assert _codes(error.value) == {"mailbox_not_configured"}
    assert not SecretaryLetter.objects.exists()

    secretary.email = "shuji@example.com"
    secretary.save()
    parent = make_admin("parent", tree["general"])
    parent.email = "parent@example.com"
    parent.save()
    letter_send(
        user=member_a, recipient_kind=LetterRecipient.BRANCH_SECRETARY, subject="主题", body="正文"
    )
    assert [email.to for email in mail.outbox] == [["shuji@example.com"]]


def test_reply_sends_message_and_refuses_twice(member_a, make_admin, tree):
    set_service_settings(mailbox_email="box@example.com")
    admin = make_admin("admin_county", tree["county"])  # the addressee of the default 书记信箱
    letter = letter_send(
        user=member_a, recipient_kind=LetterRecipient.MAILBOX, subject="主题", body="正文"
    )
    letter_reply(letter=letter, reply="收到，已安排。", actor=admin)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REPLIED and letter.replied_by == admin
    message = Message.objects.get(recipient=member_a)
    assert message.object_type == "secretary_letter" and message.body == "收到，已安排。"
    with pytest.raises(ValidationError) as error:
        letter_reply(letter=letter, reply="再次答复", actor=admin)
    assert _codes(error.value) == {"letter_already_replied"}


def test_reply_outside_scope_refused(member_a, make_admin, tree):
    set_service_settings(mailbox_email="box@example.com")
    admin_b = make_admin("admin_b", tree["second"])
    letter = letter_send(
        user=member_a, recipient_kind=LetterRecipient.MAILBOX, subject="主题", body="正文"
    )
    with pytest.raises(PermissionDenied):
        letter_reply(letter=letter, reply="答复", actor=admin_b)
    with pytest.raises(PermissionDenied):
        letter_reply(letter=letter, reply="答复", actor=member_a)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert list(letter_list_managed(user=admin_b)) == []


def test_letter_not_stored_when_the_email_cannot_be_sent(member_a, settings):
    set_service_settings(mailbox_email="box@example.com")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with pytest.raises(ValidationError) as error:
        letter_send(
            user=member_a, recipient_kind=LetterRecipient.MAILBOX, subject="主题", body="正文"
        )
    assert _codes(error.value) == {"email_send_failed"}
    assert not SecretaryLetter.objects.exists()
