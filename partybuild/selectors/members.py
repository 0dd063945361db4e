"""Reads of member dossiers, always scoped to the requesting user's organisation subtree."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from partybuild.models import Member, User


def member_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Member]:
    """Members the user administers: those of their organisation's subtree (all for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Member.objects.none()
    if user.is_superuser:
        return Member.objects.all()
    root = user.administered_organisation
    if root is None:
        return Member.objects.none()
    return Member.objects.filter(organisation__path__startswith=root.path)


def member_is_in_scope(*, user: User | AnonymousUser, member: Member) -> bool:
    """Whether the user administers ``member``."""
    return member_scope_for_user(user=user).filter(pk=member.pk).exists()


def member_list(*, user: User | AnonymousUser) -> QuerySet[Member]:
    """The user's members for listings and exports, in roster order, with their organisation."""
    return (
        member_scope_for_user(user=user)
        .select_related("organisation")
        .order_by("organisation__path", "name_sort_key", "pk")
    )


def member_search(queryset: QuerySet[Member], query: str) -> QuerySet[Member]:
    """Members whose name contains ``query`` or whose pinyin initials do (「hzc」 → 黄主才)."""
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q(name__icontains=query)
    compact = query.replace(" ", "").lower()
    if compact.isascii() and compact.isalnum():
        condition |= Q(name_initials__contains=compact)
    return queryset.filter(condition)
