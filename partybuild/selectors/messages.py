"""Reads of 我的消息: always one account's own messages."""

from django.db.models import QuerySet

from partybuild.models import Message, User


def message_list(*, user: User, unread_only: bool = False) -> QuerySet[Message]:
    """``user``'s messages, newest first."""
    if not user.is_authenticated:
        return Message.objects.none()
    messages = Message.objects.filter(recipient=user)
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return messages.order_by("-created_at", "-pk")


def message_unread_count(*, user: User) -> int:
    return message_list(user=user, unread_only=True).count()
