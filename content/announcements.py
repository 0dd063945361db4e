"""Inbox messages announcing a newly published 通知公告 or 党建动态: the one path both take.

A notice reaches its audience (content/receipts.py); a dynamic reaches the members and the
administrators of the organisations it concerns (its 涉及党组织 and the organisations below
them). Each page is announced once: publishing later edits, or again after unpublishing, sends
nothing.

The fan-out runs in the background (:func:`page_announce_task`, queued by the first
publication in content/signals.py), in batches, and is idempotent: a run killed half-way and
run again sends each recipient the message once.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_tasks import task

from partybuild.models import Member, MessageKind, Organisation
from partybuild.selectors.roles import administrators_of, paths_q
from partybuild.services.messages import message_send_once

#: ``Message.object_type`` of the messages announcing a dynamic.
DYNAMIC_OBJECT_TYPE = "dynamic"


def subtree_members(*, paths: list[str]) -> QuerySet[Member]:
    """The members on the roll of the organisations under ``paths`` (their subtrees)."""
    return Member.objects.filter(is_on_roll=True).filter(paths_q(paths, "organisation"))


def page_publication_announce(
    *,
    page,
    object_type: str,
    kind: MessageKind | str,
    title: str,
    members: QuerySet[Member],
    also: Iterable[int] = (),
) -> int:
    """Send one message about ``page`` to each of ``members`` with an active account and to the
    accounts ``also`` who have none about it yet; returns how many were sent (nothing when
    ``page`` was announced to them all before)."""
    recipients = set(
        members.filter(user__isnull=False, user__is_active=True).values_list("user_id", flat=True)
    )
    recipients.update(also)
    return message_send_once(
        recipients=recipients,
        kind=kind,
        title=title,
        body=page.summary,
        object_type=object_type,
        object_id=page.pk,
    )


def dynamic_concerned_paths(*, dynamic) -> list[str]:
    """The paths of the organisations ``dynamic`` concerns (none: a site-wide report that
    names no organisation reminds nobody)."""
    return list(dynamic.target_organisations.values_list("path", flat=True))


def dynamic_publication_notify(*, dynamic) -> int:
    """Remind the members and administrators of the organisations ``dynamic`` concerns, and of
    those below them, that it was published; returns how many messages were sent."""
    paths = dynamic_concerned_paths(dynamic=dynamic)
    if not paths:
        return 0
    administrators = administrators_of(
        organisations=Organisation.objects.filter(paths_q(paths))
    ).values_list("pk", flat=True)
    return page_publication_announce(
        page=dynamic,
        object_type=DYNAMIC_OBJECT_TYPE,
        kind=MessageKind.SYSTEM,
        title=_("新党建动态：%(title)s") % {"title": dynamic.title},
        members=subtree_members(paths=paths),
        also=administrators,
    )


@task()
def page_announce_task(page_id: int) -> int:
    """Announce the first publication of 通知公告 or 党建动态 ``page_id`` (the background part of
    content.signals.article_published); returns how many messages were sent."""
    from content.models import DynamicPage, NoticePage
    from content.receipts import notice_publication_notify

    notice = NoticePage.objects.filter(pk=page_id).first()
    if notice is not None:
        return notice_publication_notify(notice=notice)
    dynamic = DynamicPage.objects.filter(pk=page_id).first()
    if dynamic is not None:
        return dynamic_publication_notify(dynamic=dynamic)
    return 0
