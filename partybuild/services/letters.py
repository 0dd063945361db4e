"""Writes of 书记信箱: send a letter (stored and emailed) and reply to it.

The letter goes to the secretary of the sender's branch — the accounts administering exactly
that branch, with an email address (partybuild.selectors.letters) — or to the site-wide mailbox
of MemberServiceSettings. Without an address the letter is refused and nothing is stored; if
the email cannot be sent, the letter is not stored either (one transaction).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.models import LetterRecipient, LetterStatus, MessageKind, SecretaryLetter, User
from partybuild.selectors.letters import letter_branch_secretary_emails
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.suggestions import member_for_user, member_service_settings
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send
from partybuild.services.suggestions import CONTENT_MAX_LENGTH, TITLE_MAX_LENGTH, required_text


def _refuse(field: str, message: str, code: str) -> None:
    raise ValidationError({field: ValidationError(message, code=code)})


def letter_recipient_addresses(*, recipient_kind: str, organisation) -> list[str]:
    """Where a letter of this kind from ``organisation`` is emailed (empty: nowhere)."""
    if recipient_kind == LetterRecipient.BRANCH_SECRETARY:
        return letter_branch_secretary_emails(organisation=organisation)
    address = member_service_settings().mailbox_email
    return [address] if address else []


@transaction.atomic
def letter_send(*, user: User, recipient_kind: str, subject: str, body: str) -> SecretaryLetter:
    """A member writes to their branch secretary or to the site-wide mailbox."""
    member = member_for_user(user=user)
    if member is None:
        raise PermissionDenied(_("只有在册党员可以使用书记信箱。"))
    if recipient_kind not in LetterRecipient.values:
        _refuse("recipient_kind", _("请选择收信人。"), "recipient_kind_invalid")
    subject = required_text("subject", subject, TITLE_MAX_LENGTH, _("主题"))
    body = required_text("body", body, CONTENT_MAX_LENGTH, _("正文"))
    addresses = letter_recipient_addresses(
        recipient_kind=recipient_kind, organisation=member.organisation
    )
    if not addresses:
        message = (
            _("「%(name)s」的书记尚未设置接收邮箱，暂时不能写信，请改写给书记信箱。")
            % {"name": member.organisation.name}
            if recipient_kind == LetterRecipient.BRANCH_SECRETARY
            else _("管理部门尚未设置书记信箱的接收邮箱，暂时不能写信。")
        )
        _refuse("recipient_kind", message, "mailbox_not_configured")
    letter = SecretaryLetter.objects.create(
        sender=user,
        recipient_kind=recipient_kind,
        organisation=member.organisation,
        subject=subject,
        body=body,
    )
    try:
        _letter_email_send(letter=letter, member=member, addresses=addresses)
    except OSError as error:  # smtplib's errors are OSErrors too
        raise ValidationError(
            {
                "recipient_kind": ValidationError(
                    _("邮件发送失败，请稍后再试。"), code="email_send_failed"
                )
            }
        ) from error
    letter.email_sent_at = timezone.now()
    letter.save(update_fields=["email_sent_at"])
    audit_record(instance=letter, action="partybuild.letter.send", actor=user)
    return letter


def _letter_email_send(*, letter: SecretaryLetter, member, addresses: list[str]) -> None:
    send_mail(
        subject=_("【书记信箱】%(subject)s") % {"subject": letter.subject},
        message=render_to_string(
            "partybuild/emails/secretary_letter.txt",
            {
                "letter": letter,
                "member": member,
                "created_at": timezone.localtime(letter.created_at),
            },
        ),
        from_email=None,
        recipient_list=addresses,
        fail_silently=False,
    )


@transaction.atomic
def letter_reply(*, letter: SecretaryLetter, reply: str, actor: User) -> SecretaryLetter:
    """An administrator of the sender's organisation (or above) answers; the sender gets a
    message and reads the reply in the app and the portal."""
    if not organisation_is_in_scope(user=actor, organisation=letter.organisation):
        raise PermissionDenied(_("只有写信人所在党组织及其上级党组织的管理员可以答复该信件。"))
    letter = (
        SecretaryLetter.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=letter.pk)
    )
    if letter.status == LetterStatus.REPLIED:
        _refuse("reply", _("该信件已答复。"), "letter_already_replied")
    reply = required_text("reply", reply, CONTENT_MAX_LENGTH, _("答复"))
    letter.reply = reply
    letter.replied_by = actor
    letter.replied_at = timezone.now()
    letter.status = LetterStatus.REPLIED
    letter.save(update_fields=["reply", "replied_by", "replied_at", "status"])
    audit_record(instance=letter, action="partybuild.letter.reply", actor=actor)
    message_send(
        recipients=[letter.sender_id],
        kind=MessageKind.SYSTEM,
        title=_("您写给书记信箱的信「%(subject)s」已答复") % {"subject": letter.subject},
        body=reply,
        object_type="secretary_letter",
        object_id=letter.pk,
    )
    return letter
