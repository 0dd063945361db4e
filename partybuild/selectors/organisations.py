"""Reads of the organisation tree, always scoped to a user.

:func:`organisation_scope_for_user` is the one place that decides which organisations a user
administers (ARCHITECTURE.md, "Who sees what"); every admin view, API and export goes through it.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from partybuild.models import Organisation, User


def organisation_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations the user administers: all for a superuser, else their own subtree."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    root = user.administered_organisation
    if root is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(path__startswith=root.path)


def organisation_is_in_scope(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether the user administers ``organisation`` (without a query where the path tells)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    root = user.administered_organisation
    return root is not None and organisation.path.startswith(root.path)


def organisation_tree_list(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The user's organisations in tree order, with member and child counts for the listing."""
    return (
        organisation_scope_for_user(user=user)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("path")
    )


def organisation_parent_choices(
    *, user: User | AnonymousUser, exclude: Organisation | None = None
) -> QuerySet[Organisation]:
    """Possible parents: in scope, not 党小组, and not inside ``exclude`` (a move target)."""
    queryset = organisation_scope_for_user(user=user).exclude(org_type="group").order_by("path")
    if exclude is not None and exclude.pk:
        queryset = queryset.exclude(path__startswith=exclude.path)
    return queryset
