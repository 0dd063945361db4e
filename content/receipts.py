"""通知公告 audiences and read receipts: who must read a notice, and who has.

A notice with no target organisations is for every member on the roll; otherwise for the
members on the roll of the target organisations and of every organisation below them.
"""

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from content.models import NoticePage, NoticeReceipt
from partybuild.models import Member, Organisation, User


def _ancestor_paths(path: str) -> list[str]:
    step = Organisation.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _member_of(user: User) -> Member | None:
    if not user.is_authenticated:
        return None
    member = getattr(user, "member", None)
    if member is None or not member.is_on_roll:
        return None
    return member


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
    member = _member_of(user)
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
    """The members on the roll who must read ``notice``."""
    targets = list(notice.target_organisations.values_list("path", flat=True))
    members = Member.objects.filter(is_on_roll=True)
    if not targets:
        return members
    subtree = Q()
    for path in targets:
        subtree |= Q(organisation__path__startswith=path)
    return members.filter(subtree)


def notice_receipt_record(*, notice: NoticePage, user: User) -> bool:
    """Record that ``user``'s dossier read ``notice`` (once); True when this was the first time."""
    member = _member_of(user)
    if member is None:
        return False
    try:
        with transaction.atomic():
            _, created = NoticeReceipt.objects.get_or_create(notice=notice, member=member)
    except IntegrityError:  # a concurrent first reading won the race
        return False
    return created


def notice_scope_for_administrator(*, user: User) -> QuerySet[Member] | None:
    """The members whose reading an administrator may see, or None for a non-administrator."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Member.objects.all()
    root = user.administered_organisation
    if root is None:
        return None
    return Member.objects.filter(organisation__path__startswith=root.path)


def notice_receipt_summary(*, notice: NoticePage, members: QuerySet[Member]) -> dict:
    """Totals, per-organisation rows and the names of unread members of ``notice``'s audience,
    limited to ``members``. Three queries whatever the audience size."""
    audience = notice_audience(notice=notice).filter(pk__in=members.values("pk"))
    read_ids = set(
        NoticeReceipt.objects.filter(notice=notice, member__in=audience).values_list(
            "member_id", flat=True
        )
    )
    rows: dict[int, dict] = {}
    unread = []
    for member_id, name, org_id, org_name in audience.order_by(
        "organisation__path", "name_sort_key", "pk"
    ).values_list("pk", "name", "organisation_id", "organisation__name"):
        row = rows.setdefault(
            org_id,
            {"organisation_id": org_id, "organisation": org_name, "audience": 0, "read": 0},
        )
        row["audience"] += 1
        if member_id in read_ids:
            row["read"] += 1
        else:
            unread.append({"member_id": member_id, "name": name, "organisation": org_name})
    for row in rows.values():
        row["unread"] = row["audience"] - row["read"]
    total = sum(row["audience"] for row in rows.values())
    read = sum(row["read"] for row in rows.values())
    return {
        "audience": total,
        "read": read,
        "unread": total - read,
        "rate": round(read / total, 4) if total else 0.0,
        "organisations": list(rows.values()),
        "unread_members": unread,
    }
