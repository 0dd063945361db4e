"""Reads of 留言板: a branch's visible posts for its members, moderation lists for
administrators, and the count behind the per-hour limit."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from partybuild.memberservices.models import BoardPost
from partybuild.models import Organisation, User
from partybuild.selectors.organisations import organisation_scope_for_user


def board_post_list_visible(*, organisation: Organisation) -> QuerySet[BoardPost]:
    """The visible posts of one branch's board, newest first."""
    return (
        BoardPost.objects.filter(organisation=organisation, hidden=False)
        .select_related("author", "organisation")
        .order_by("-created_at", "-pk")
    )


def board_post_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[BoardPost]:
    """Posts on the boards of the organisations the user administers."""
    return BoardPost.objects.filter(organisation__in=organisation_scope_for_user(user=user))


def board_post_list_managed(
    *, user: User | AnonymousUser, hidden: bool | None = None
) -> QuerySet[BoardPost]:
    """The moderators' list (hidden posts included unless ``hidden`` says otherwise)."""
    queryset = board_post_scope_for_user(user=user).select_related(
        "author", "organisation", "hidden_by"
    )
    if hidden is not None:
        queryset = queryset.filter(hidden=hidden)
    return queryset.order_by("-created_at", "-pk")


def board_posts_since(*, user: User, since: datetime.datetime) -> QuerySet[BoardPost]:
    """The user's posts created after ``since`` (hidden ones count too), oldest first."""
    return BoardPost.objects.filter(author=user, created_at__gt=since).order_by("created_at")
