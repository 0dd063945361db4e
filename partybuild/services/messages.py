"""Writes of 我的消息: sending messages to accounts and marking them read."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuild.models import Message, MessageKind, Organisation, User
from partybuild.selectors.change_requests import change_request_field_label
from partybuild.selectors.roles import administrators_of


@transaction.atomic
def message_send(
    *,
    recipients: Iterable[User | int],
    kind: MessageKind | str,
    title: str,
    body: str = "",
    object_type: str = "",
    object_id: int | None = None,
) -> int:
    """Send one message to each recipient (accounts or their ids); returns how many were sent.

    Inactive accounts and duplicates are skipped. One INSERT for all recipients.
    """
    ids = {recipient if isinstance(recipient, int) else recipient.pk for recipient in recipients}
    ids = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    Message.objects.bulk_create(
        [
            Message(
                recipient_id=recipient_id,
                kind=kind,
                title=str(title)[:255],
                body=str(body),
                object_type=object_type,
                object_id=object_id,
            )
            for recipient_id in sorted(ids)
        ]
    )
    return len(ids)


#: How many messages one batch of a fan-out writes (:func:`message_send_once`).
FAN_OUT_BATCH_SIZE = 1000


def message_send_once(
    *,
    recipients: Iterable[int],
    kind: MessageKind | str,
    title: str,
    body: str = "",
    object_type: str,
    object_id: int,
    batch_size: int = FAN_OUT_BATCH_SIZE,
) -> int:
    """A fan-out (a notice to every member of its audience): send the message to each active
    account of ``recipients`` that has none of this ``kind`` about this object yet, in batches
    of ``batch_size``, each its own transaction; returns how many were sent.

    Idempotent: a fan-out killed half-way and run again sends only what the first run did not,
    so nobody gets the message twice. Three queries per batch, whatever its size.
    """
    ordered = sorted(set(recipients))
    sent = 0
    for start in range(0, len(ordered), batch_size):
        batch = ordered[start : start + batch_size]
        with transaction.atomic():
            already = set(
                Message.objects.filter(
                    recipient_id__in=batch, kind=kind, object_type=object_type, object_id=object_id
                ).values_list("recipient_id", flat=True)
            )
            sent += message_send(
                recipients=[pk for pk in batch if pk not in already],
                kind=kind,
                title=title,
                body=body,
                object_type=object_type,
                object_id=object_id,
            )
    return sent


def message_mark_read(*, message: Message, user: User) -> Message:
    """Mark one of ``user``'s messages read (idempotent; the first reading time is kept)."""
    if message.recipient_id != user.pk:
        raise Message.DoesNotExist
    if message.read_at is None:
        message.read_at = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def message_mark_read_about(*, user: User, object_type: str, object_id: int) -> int:
    """Mark ``user``'s unread messages about one object read (reading a notice answers the
    message that announced it); returns how many changed."""
    return Message.objects.filter(
        recipient=user, object_type=object_type, object_id=object_id, read_at__isnull=True
    ).update(read_at=timezone.now())


def message_mark_all_read(*, user: User) -> int:
    """Mark all of ``user``'s unread messages read; returns how many changed."""
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def message_change_request_decided(*, change_request) -> int:
    """Tell the member that their dossier change request was approved or rejected."""
    member = change_request.member
    if member.user_id is None:
        return 0
    fields = "、".join(change_request_field_label(field) for field in change_request.changes)
    if change_request.status == "approved":
        title = _("您的档案修改申请已通过")
        body = _("已更新：%(fields)s。") % {"fields": fields}
    else:
        title = _("您的档案修改申请被驳回")
        body = _("申请修改：%(fields)s。驳回理由：%(reason)s") % {
            "fields": fields,
            "reason": change_request.decision_reason,
        }
    return message_send(
        recipients=[member.user_id],
        kind=MessageKind.CHANGE_REQUEST,
        title=title,
        body=body,
        object_type="change_request",
        object_id=change_request.pk,
    )


#: Transfer events → the member's message title.
_TRANSFER_TITLES = {
    "start": gettext_lazy("您的组织关系转接已发起，等待「{to}」接收"),
    "accept": gettext_lazy("您的组织关系已转入「{to}」"),
    "return": gettext_lazy("您的组织关系转接被「{to}」退回"),
    "revoke": gettext_lazy("您的组织关系转接已由「{from_}」撤回"),
    "record_outgoing": gettext_lazy("您的组织关系已转出到「{to}」"),
    "record_incoming": gettext_lazy("您的组织关系已从「{from_}」转入「{to}」"),
    "expire": gettext_lazy("您转往「{to}」的组织关系介绍信已过有效期，须由「{from_}」重新开具"),
}


def message_transfer_changed(*, transfer, event: str) -> int:
    """Tell the member (and, for a new transfer, the receiving administrators) what happened."""
    to_name = transfer.to_organisation.name if transfer.to_organisation else ""
    from_name = transfer.from_organisation.name if transfer.from_organisation else ""
    to_name = to_name or transfer.external_organisation
    from_name = from_name or transfer.external_organisation
    title = str(_TRANSFER_TITLES[event]).format(to=to_name, from_=from_name)
    body = (
        _("退回或撤回理由：%(reason)s") % {"reason": transfer.decision_reason}
        if transfer.decision_reason and event in ("return", "revoke")
        else transfer.decision_reason
    )
    sent = 0
    if transfer.member.user_id is not None:
        sent += message_send(
            recipients=[transfer.member.user_id],
            kind=MessageKind.TRANSFER,
            title=title,
            body=body,
            object_type="transfer",
            object_id=transfer.pk,
        )
    if event == "start" and transfer.to_organisation is not None:
        path = transfer.to_organisation.path
        ancestors = [
            path[:end] for end in range(Organisation.steplen, len(path) + 1, Organisation.steplen)
        ]
        administrators = administrators_of(
            organisations=Organisation.objects.filter(path__in=ancestors)
        ).values_list("pk", flat=True)
        sent += message_send(
            recipients=list(administrators),
            kind=MessageKind.TRANSFER,
            title=_("「%(name)s」的组织关系待您接收") % {"name": transfer.member.name},
            body=_("转出党组织：%(name)s") % {"name": from_name},
            object_type="transfer",
            object_id=transfer.pk,
        )
    return sent
