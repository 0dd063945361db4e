"""Reads of the 积分 ledger: a member's balance and entries, and leaderboards."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from partybuild.memberservices.models import PointsEntry
from partybuild.models import Member, Organisation, User
from partybuild.selectors.members import member_scope_for_user


def points_balance(*, member: Member) -> int:
    """The sum of the member's entries (0 without any)."""
    return PointsEntry.objects.filter(member=member).aggregate(total=Coalesce(Sum("points"), 0))[
        "total"
    ]


def points_entries(*, member: Member) -> QuerySet[PointsEntry]:
    """The member's entries, newest first."""
    return PointsEntry.objects.filter(member=member).order_by("-created_at", "-pk")


def points_leaderboard(
    *,
    user: User | AnonymousUser,
    organisation: Organisation | None = None,
    limit: int = 20,
) -> list[dict]:
    """Members with the most points, as ``{"member", "organisation", "points"}`` rows.

    ``organisation`` (its whole subtree: a branch's board or a committee's) must be within what
    ``user`` administers; without it, the user's whole scope. One aggregate query.
    """
    members = member_scope_for_user(user=user)
    if organisation is not None:
        members = members.filter(organisation__path__startswith=organisation.path)
    rows = (
        members.filter(points_entries__isnull=False)
        .annotate(total=Sum("points_entries__points"))
        .select_related("organisation")
        .order_by("-total", "name_sort_key", "pk")[:limit]
    )
    return [
        {"member": member, "organisation": member.organisation, "points": member.total}
        for member in rows
    ]


def points_leaderboard_for_member(*, member: Member, limit: int = 20) -> list[dict]:
    """The leaderboard a member sees: the members of their own organisation (their branch)."""
    rows = (
        Member.objects.filter(organisation=member.organisation, points_entries__isnull=False)
        .annotate(total=Sum("points_entries__points"))
        .select_related("organisation")
        .order_by("-total", "name_sort_key", "pk")[:limit]
    )
    return [{"member": row, "organisation": row.organisation, "points": row.total} for row in rows]
