"""E-mail through the queue: ``EMAIL_BACKEND = "partybuild.jobs.mail.QueuedEmailBackend"``
hands every message to a background task, which sends it with ``EMAIL_DELIVERY_BACKEND`` (SMTP
in production). Wagtail's moderation notifications and any other mail the code sends go out
without holding up the request, and an unreachable mail server fails the task (kept by the
queue), not the page.

Two call sites send directly, through :func:`delivery_connection`: a 书记信箱 letter, which is
refused when its e-mail cannot be sent (the member must know at once), and the password-reset
link, a secret that must not be kept in clear in the queue's table or in Redis.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task

from partybuild.jobs.enqueue import task_enqueue

QUEUED_EMAIL_BACKEND = "partybuild.jobs.mail.QueuedEmailBackend"


def delivery_connection(**kwargs: Any):
    """A connection that sends at once: the delivery backend behind the queue when mail is
    queued, else the configured backend itself."""
    backend = settings.EMAIL_BACKEND
    if backend == QUEUED_EMAIL_BACKEND:
        backend = settings.EMAIL_DELIVERY_BACKEND
    return get_connection(backend, **kwargs)


def _message_data(message: EmailMultiAlternatives) -> dict[str, Any]:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), str(mimetype)]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message for :func:`email_send_task` (after the request commits). Messages
    with attachments are sent at once (none of ours has any)."""

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if message.attachments:
                count += delivery_connection(fail_silently=self.fail_silently).send_messages(
                    [message]
                )
                continue
            task_enqueue(email_send_task, _message_data(message))
            count += 1
        return count


@task()
def email_send_task(message: dict[str, Any]) -> int:
    """Send one queued e-mail with the delivery backend (raises when it cannot: the queue
    keeps the failure)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
        connection=delivery_connection(),
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    return email.send()
