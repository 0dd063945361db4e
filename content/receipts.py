"""通知公告 audiences and read receipts: who must read a notice, and who has.

A notice with no target organisations is for every member on the roll; otherwise for the
members on the roll of the target organisations and of every organisation below them.

Selectors (reads) come first, then the services (writes): recording a reading and telling the
audience about a newly published notice.
"""

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext as _

from content.announcements import page_publication_announce, subtree_members
from content.models import NoticePage, NoticeReceipt
from partybuild.models import Member, MessageKind, Organisation, User
from partybuild.selectors.members import member_for_user, member_scope_for_user
from partybuild.selectors.roles import user_administers, user_scope_paths
from partybuild.services.messages import message_mark_read_about

#: How many unread names a summary lists by default (the totals always count everyone).
UNREAD_NAMES_LIMIT = 200

#: ``Message.object_type`` of the messages announcing a notice.
NOTICE_OBJECT_TYPE = "notice"


def _ancestor_paths(path: str) -> list[str]:
    step = Organisation.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def notice_targets_member_filter(*, member: Member) -> Q:
    """A Q over NoticePage selecting the notices addressed to ``member``."""
    return Q(target_organisations__isnull=True) | Q(
        target_organisations__path__in=_ancestor_paths(member.organisation.path)
    )


def notice_list_for_member(*, user: User) -> QuerySet[NoticePage]:
    """Live notices addressed to ``user``'s member dossier, newest first, annotated ``is_read``.

    Empty for accounts without a dossier on the roll. Constant query count: ``is_read`` is an
    EXISTS subquery, not a per-row lookup.
    """
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        return NoticePage.objects.none().annotate(is_read=Value(False, output_field=BooleanField()))
    addressed = (
        NoticePage.objects.live()
        .public()
        .filter(notice_targets_member_filter(member=member))
        .values("pk")
    )
    return (
        NoticePage.objects.filter(pk__in=addressed)
        .annotate(
            is_read=Exists(NoticeReceipt.objects.filter(notice=OuterRef("pk"), member=member))
        )
        .order_by("-date", "-first_published_at", "-pk")
    )


def notice_unread_count(*, user: User) -> int:
    """How many notices addressed to ``user`` they have not read yet."""
    return notice_list_for_member(user=user).filter(is_read=False).count()


def notice_audience(*, notice: NoticePage) -> QuerySet[Member]:
    """The members on the roll who must read ``notice`` (no targets: every member)."""
    targets = list(notice.target_organisations.values_list("path", flat=True))
    if not targets:
        return Member.objects.filter(is_on_roll=True)
    return subtree_members(paths=targets)


#: Who reads receipts (they name the members who have not read): the content's editors and
#: reviewers, and the administrators of the member register, within their scope.
RECEIPT_PERMISSIONS = ("partybuild.edit_content", "partybuild.view_member")


def user_reads_receipts(user: User) -> bool:
    """Whether ``user`` holds, through a role in force, one of ``RECEIPT_PERMISSIONS``: a scope
    alone (an 审计管理员's) shows no member's reading."""
    return any(user_administers(user, permission) for permission in RECEIPT_PERMISSIONS)


def notice_scope_for_administrator(*, user: User) -> QuerySet[Member] | None:
    """The members whose reading an administrator may see (their subtree; a superuser: all),
    or None for a user who may not read receipts."""
    if not user_reads_receipts(user):
        return None
    return member_scope_for_user(user=user)


def notice_is_administered(*, notice: NoticePage, user: User) -> bool:
    """Whether ``user`` administers part of ``notice``'s audience: a superuser always; an
    organisation administrator when the notice is for everyone, or one of its targets lies in
    their subtree, or their organisation lies below one of its targets."""
    if not user_reads_receipts(user):
        return False
    if user.is_superuser:
        return True
    roots = user_scope_paths(user=user)
    targets = list(notice.target_organisations.values_list("path", flat=True))
    return not targets or any(
        path.startswith(root) or root.startswith(path) for path in targets for root in roots
    )


def notice_receipt_summary(
    *,
    notice: NoticePage,
    members: QuerySet[Member],
    unread_limit: int | None = UNREAD_NAMES_LIMIT,
) -> dict:
    """The reading of ``notice`` by its audience, limited to ``members``.

    Returns the totals (``audience``, ``read``, ``unread``, ``rate`` between 0 and 1), one row
    per organisation (``organisation_id``, ``organisation``, ``audience``, ``read``, ``unread``)
    in tree order, and the unread members (``member_id``, ``name``, ``organisation``) in roster
    order — at most ``unread_limit`` of them (None: all), with ``unread_members_truncated``
    telling whether some were left out. Three queries whatever the audience size.
    """
    audience = notice_audience(notice=notice).filter(pk__in=members.values("pk"))
    has_read = Exists(NoticeReceipt.objects.filter(notice=notice, member=OuterRef("pk")))
    grouped = (
        audience.order_by()
        .values("organisation_id", "organisation__name", "organisation__path")
        .annotate(audience=Count("pk"), read=Count("pk", filter=Q(has_read)))
        .order_by("organisation__path")
    )
    rows = [
        {
            "organisation_id": row["organisation_id"],
            "organisation": row["organisation__name"],
            "audience": row["audience"],
            "read": row["read"],
            "unread": row["audience"] - row["read"],
        }
        for row in grouped
    ]
    total = sum(row["audience"] for row in rows)
    read = sum(row["read"] for row in rows)
    unread_rows = (
        audience.filter(~has_read)
        .order_by("organisation__path", "name_sort_key", "pk")
        .values_list("pk", "name", "organisation__name")
    )
    if unread_limit is not None:
        unread_rows = unread_rows[:unread_limit]
    unread_members = [
        {"member_id": member_id, "name": name, "organisation": organisation}
        for member_id, name, organisation in unread_rows
    ]
    return {
        "audience": total,
        "read": read,
        "unread": total - read,
        "rate": round(read / total, 4) if total else 0.0,
        "organisations": rows,
        "unread_members": unread_members,
        "unread_members_truncated": len(unread_members) < total - read,
    }


def notice_is_addressed_to(*, notice: NoticePage, member: Member) -> bool:
    """Whether ``notice`` is a live, public notice addressed to ``member`` (the rule of
    :func:`notice_list_for_member`)."""
    return (
        NoticePage.objects.live()
        .public()
        .filter(pk=notice.pk)
        .filter(notice_targets_member_filter(member=member))
        .exists()
    )


def notice_receipt_record(*, notice: NoticePage, user: User) -> bool:
    """Record that ``user``'s dossier read ``notice`` (once); True when this was the first time.

    The one service of both readers — the app API's notice detail and the portal's notice page:
    nothing is recorded for an account without a dossier on the roll, or for a notice that is not
    live, public and addressed to the member. The member's message announcing the notice is
    marked read. Idempotent under repeats and concurrent first
    readings: the unique constraint on (notice, member) decides, and the loser of a race is a
    no-op.
    """
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        return False
    # The message that announced the notice is read with it (the 消息 tab's count follows).
    message_mark_read_about(user=user, object_type=NOTICE_OBJECT_TYPE, object_id=notice.pk)
    if NoticeReceipt.objects.filter(notice=notice, member=member).exists():
        return False
    if not notice_is_addressed_to(notice=notice, member=member):
        return False
    try:
        with transaction.atomic():
            _, created = NoticeReceipt.objects.get_or_create(notice=notice, member=member)
    except IntegrityError:
        return False
    return created


def notice_publication_notify(*, notice: NoticePage) -> int:
    """Send each audience member with an active account a message about ``notice``; returns how
    many were sent. Does nothing when the notice was announced before."""
    return page_publication_announce(
        page=notice,
        object_type=NOTICE_OBJECT_TYPE,
        kind=MessageKind.NOTICE,
        title=_("新通知：%(title)s") % {"title": notice.title},
        members=notice_audience(notice=notice),
    )
