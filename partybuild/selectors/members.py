"""Reads of member dossiers, always scoped to the requesting user's organisation subtree."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from partybuild.models import Member, User
from partybuild.selectors.organisations import (
    organisation_parent_name_annotate,
    organisation_scope_for_user,
)
from partybuild.selectors.roles import scope_q


def member_for_user(*, user: User | AnonymousUser, on_roll: bool = False) -> Member | None:
    """The member record of an account: the dossier linked to it, with its organisation (None for
    anonymous users and for administrators without one).

    ``on_roll=True`` asks whether the account may act as a member of an organisation (submit
    suggestions and letters, open a branch's files, be counted as a notice's reader): an account
    whose membership was transferred out of the system keeps its record but no longer may.
    """
    if not user.is_authenticated:
        return None
    members = Member.objects.select_related("organisation").filter(user=user)
    if on_roll:
        members = members.filter(is_on_roll=True)
    return members.first()


def member_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Member]:
    """Members the user administers: those of their organisation's subtree (all for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Member.objects.none()
    if user.is_superuser:
        return Member.objects.all()
    return Member.objects.filter(scope_q(user=user, lookup="organisation"))


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


def member_list_filtered(
    *,
    user: User | AnonymousUser,
    organisation_id: int | None = None,
    category: str | None = None,
    standing: str | None = None,
    gender: str | None = None,
    education: str | None = None,
    joined_year: int | None = None,
    is_on_roll: bool | None = None,
    is_lost_contact: bool | None = None,
    is_abroad: bool | None = None,
    is_mobile: bool | None = None,
    query: str = "",
) -> QuerySet[Member]:
    """:func:`member_list` with the member admin's filters and search (None: not filtered).

    ``organisation_id`` takes the organisation and everything under it; an organisation the
    user does not administer (or that does not exist) gives no members. The list shows no ID
    number, so it is left encrypted in the database.
    """
    members = member_list(user=user).defer("id_number_stored")
    if organisation_id is not None:
        root = (
            organisation_scope_for_user(user=user).filter(pk=organisation_id).only("path").first()
        )
        if root is None:
            return members.none()
        members = members.filter(organisation__path__startswith=root.path)
    exact = {
        "category": category,
        "standing": standing,
        "gender": gender,
        "education": education,
        "joined_on__year": joined_year,
        "is_on_roll": is_on_roll,
        "is_lost_contact": is_lost_contact,
        "is_abroad": is_abroad,
        "is_mobile": is_mobile,
    }
    members = members.filter(**{key: value for key, value in exact.items() if value is not None})
    return member_search(members, query)


def member_chooser_list(
    *,
    user: User | AnonymousUser,
    query: str = "",
    organisation_id: int | None = None,
    on_roll: bool = False,
    category: str | None = None,
) -> QuerySet[Member]:
    """The user's members for the admin's member chooser, in roster order, searched as the member
    list searches (:func:`member_search`), each with its organisation and
    ``organisation_parent_name``. ``organisation_id`` narrows to that organisation's subtree (none
    when it is not the user's), ``on_roll`` to members on the roll, ``category`` to a category.
    The chooser shows no ID number, so it is left encrypted in the database."""
    members = member_list_filtered(
        user=user,
        organisation_id=organisation_id,
        category=category,
        is_on_roll=True if on_roll else None,
        query=query,
    )
    return organisation_parent_name_annotate(
        members, field="organisation__path", name="organisation_parent_name"
    )
