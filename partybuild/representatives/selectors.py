"""Reads of 党代表: administrators see the representatives of their subtree (a representative
belongs to the subtree of his constituency) with their activities and proposals; a member sees
his own terms and the representatives serving his constituency."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partybuild.models import Organisation, User
from partybuild.representatives.models import (
    Congress,
    ContactActivity,
    Proposal,
    Representative,
)
from partybuild.selectors.members import member_for_user
from partybuild.selectors.roles import scope_q


def in_office_q(*, today: datetime.date, prefix: str = "") -> Q:
    """Representatives (``prefix`` to reach them) serving on ``today``: within the congress's
    term and not ended early."""
    return Q(
        **{
            f"{prefix}congress__term_start__lte": today,
            f"{prefix}congress__term_end__gte": today,
        }
    ) & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": today}))


def congress_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Congress]:
    """Congresses held by organisations the user administers."""
    if not user.is_authenticated:
        return Congress.objects.none()
    return Congress.objects.filter(scope_q(user=user, lookup="organisation")).select_related(
        "organisation"
    )


def congress_choices() -> QuerySet[Congress]:
    """The congresses a representative may be registered to (a branch's representative sits in
    a congress held higher up, outside its administrators' subtree)."""
    return Congress.objects.select_related("organisation").order_by("-term_start", "pk")


def representative_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Representative]:
    """Representatives whose constituency lies in the user's subtree."""
    if not user.is_authenticated:
        return Representative.objects.none()
    return Representative.objects.filter(scope_q(user=user, lookup="constituency"))


def representative_list(
    *, user: User | AnonymousUser, in_office: bool | None = None
) -> QuerySet[Representative]:
    """The user's representatives with their activity and proposal counts."""
    queryset = (
        representative_scope_for_user(user=user)
        .select_related("member", "member__organisation", "congress", "constituency")
        .annotate(
            activity_count=Count("activities", distinct=True),
            proposal_count=Count("proposals", distinct=True),
        )
    )
    if in_office is not None:
        serving = in_office_q(today=timezone.localdate())
        queryset = queryset.filter(serving) if in_office else queryset.exclude(serving)
    return queryset.order_by("congress__level", "-congress__term_start", "constituency__path", "pk")


def representative_list_for_member(*, user: User | AnonymousUser) -> QuerySet[Representative]:
    """The terms of the account's own member record, newest congress first."""
    if not user.is_authenticated:
        return Representative.objects.none()
    return (
        Representative.objects.filter(member__user=user)
        .select_related("member", "congress", "constituency")
        .order_by("-congress__term_start", "pk")
    )


def _ancestor_paths(organisation: Organisation) -> list[str]:
    step = Organisation.steplen
    return [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]


def representative_list_for_constituency(
    *, user: User | AnonymousUser, today: datetime.date | None = None
) -> QuerySet[Representative]:
    """The representatives in office elected by the member's organisation or one above it (his
    constituency); nothing for an account without an on-roll member record."""
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        return Representative.objects.none()
    today = today or timezone.localdate()
    return (
        Representative.objects.filter(
            in_office_q(today=today),
            constituency__path__in=_ancestor_paths(member.organisation),
        )
        .select_related("member", "congress", "constituency")
        .order_by("congress__level", "constituency__path", "member__name_sort_key", "pk")
    )


def contact_activity_list(
    *, user: User | AnonymousUser, representative: Representative | None = None
) -> QuerySet[ContactActivity]:
    """Activities of the user's representatives (or of one of them)."""
    queryset = ContactActivity.objects.filter(
        scope_q(user=user, lookup="representative__constituency")
        if user.is_authenticated
        else Q(pk__in=[])
    ).select_related("representative__member", "representative__congress")
    if representative is not None:
        queryset = queryset.filter(representative=representative)
    return queryset.order_by("-date", "-pk")


def proposal_list(
    *,
    user: User | AnonymousUser,
    representative: Representative | None = None,
    status: str | None = None,
) -> QuerySet[Proposal]:
    """Proposals of the user's representatives (or of one of them)."""
    queryset = Proposal.objects.filter(
        scope_q(user=user, lookup="representative__constituency")
        if user.is_authenticated
        else Q(pk__in=[])
    ).select_related("representative__member", "representative__congress")
    if representative is not None:
        queryset = queryset.filter(representative=representative)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-submitted_on", "-pk")
