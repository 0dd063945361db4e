"""Writes of 书记信箱: send a letter (stored and emailed) and reply to it.

Every letter is addressed to one organisation and reaches its secretary only: 本支部书记 is the
writer's branch; 书记信箱 is a higher organisation of the writer's branch (by default the top one,
the 管理部门). The email goes to the accounts administering exactly the addressed organisation that
have an email address — for the top organisation, to the site-wide mailbox of MemberServiceSettings
when it is set (partybuild.memberservices.selectors.letters). Only those accounts (and superusers)
list and answer the letter. Without an address the letter is refused and nothing is stored; if the
email cannot be sent, the letter is not stored either (one transaction)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse, required_text
from partybuild.jobs.mail import delivery_connection
from partybuild.memberservices.models import LetterRecipient, LetterStatus, SecretaryLetter
from partybuild.memberservices.selectors.letters import (
    letter_branch_of,
    letter_branch_secretary_emails,
    letter_is_addressed_to,
    letter_mailbox_choices,
    letter_top_organisation,
)
from partybuild.memberservices.selectors.suggestions import member_service_settings
from partybuild.memberservices.services.suggestions import CONTENT_MAX_LENGTH, TITLE_MAX_LENGTH
from partybuild.models import MessageKind, Organisation, User
from partybuild.selectors.members import member_for_user
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send


def letter_recipient_addresses(*, addressee: Organisation) -> list[str]:
    """Where a letter addressed to ``addressee`` is emailed (empty: nowhere): the configured
    mailbox for a top organisation when it is set, else the addressee's secretaries."""
    if addressee.is_root():
        address = member_service_settings().mailbox_email
        if address:
            return [address]
    return letter_branch_secretary_emails(organisation=addressee)


def letter_addressee_resolve(
    *, recipient_kind: str, organisation: Organisation, addressee: Organisation | None
) -> Organisation:
    """The organisation a letter of a member of ``organisation`` is addressed to: their branch
    for 本支部书记; for 书记信箱 ``addressee`` if it is above their branch, or by default the top
    organisation. Anything else is refused (``addressee_invalid``)."""
    branch = letter_branch_of(organisation=organisation)
    if recipient_kind == LetterRecipient.BRANCH_SECRETARY:
        if addressee is not None and addressee.pk != branch.pk:
            refuse(
                "addressee",
                _("写给本支部书记时不能选择其他党组织。"),
                "addressee_invalid",
            )
        return branch
    if addressee is None:
        return letter_top_organisation(organisation=branch)
    if not letter_mailbox_choices(organisation=organisation).filter(pk=addressee.pk).exists():
        refuse(
            "addressee",
            _("「%(name)s」不是您所在党支部的上级党组织，不能写信到其书记信箱。")
            % {"name": addressee.name},
            "addressee_invalid",
        )
    return addressee


@transaction.atomic
def letter_send(
    *,
    user: User,
    recipient_kind: str,
    subject: str,
    body: str,
    addressee: Organisation | None = None,
) -> SecretaryLetter:
    """A member writes to their branch secretary or to the 书记信箱 of ``addressee`` (a higher
    organisation of theirs; by default the top one)."""
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        raise PermissionDenied(_("只有在册党员可以使用书记信箱。"))
    if recipient_kind not in LetterRecipient.values:
        refuse("recipient_kind", _("请选择收信人。"), "recipient_kind_invalid")
    subject = required_text(subject, field="subject", max_length=TITLE_MAX_LENGTH, label=_("主题"))
    body = required_text(body, field="body", max_length=CONTENT_MAX_LENGTH, label=_("正文"))
    addressee = letter_addressee_resolve(
        recipient_kind=recipient_kind, organisation=member.organisation, addressee=addressee
    )
    addresses = letter_recipient_addresses(addressee=addressee)
    if not addresses:
        if recipient_kind == LetterRecipient.BRANCH_SECRETARY:
            message = _("「%(name)s」的书记尚未设置接收邮箱，暂时不能写信，请改写给书记信箱。") % {
                "name": addressee.name
            }
        elif addressee.is_root():
            message = _("管理部门尚未设置书记信箱的接收邮箱，暂时不能写信。")
        else:
            message = _("「%(name)s」的书记信箱尚未设置接收邮箱，暂时不能写信。") % {
                "name": addressee.name
            }
        refuse("recipient_kind", message, "mailbox_not_configured")
    letter = SecretaryLetter.objects.create(
        sender=user,
        recipient_kind=recipient_kind,
        organisation=member.organisation,
        addressee=addressee,
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
        # At once, not through the queue: the letter is refused when its mail cannot go out.
        connection=delivery_connection(),
    )


@transaction.atomic
def letter_reply(*, letter: SecretaryLetter, reply: str, actor: User) -> SecretaryLetter:
    """The secretary of the addressed organisation (or a superuser) answers; the sender gets a
    message and reads the reply in the app and the portal."""
    if not letter_is_addressed_to(user=actor, letter=letter):
        raise PermissionDenied(_("只有收信党组织的书记可以答复该信件。"))
    letter = (
        SecretaryLetter.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=letter.pk)
    )
    if letter.status == LetterStatus.REPLIED:
        refuse("reply", _("该信件已答复。"), "letter_already_replied")
    reply = required_text(reply, field="reply", max_length=CONTENT_MAX_LENGTH, label=_("答复"))
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
