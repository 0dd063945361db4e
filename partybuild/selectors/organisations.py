"""Reads of the organisation tree, always scoped to a user.

:func:`organisation_scope_for_user` is the one place that decides which organisations a user
administers (ARCHITECTURE.md, "Who sees what"); every admin view, API and export goes through it.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.dates import add_months
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


@dataclass(frozen=True)
class TermReminder:
    """An organisation whose term of office ends soon (换届提醒, DOMAIN.md §1)."""

    organisation: Organisation
    days_left: int
    level: str  # "overdue", "one_month" or "six_months"

    @property
    def level_label(self) -> str:
        return {
            "overdue": _("已到期，请尽快换届"),
            "one_month": _("1个月内届满"),
            "six_months": _("6个月内届满"),
        }[self.level]


def organisation_term_reminders(
    *, user: User | AnonymousUser, today: datetime.date | None = None
) -> list[TermReminder]:
    """Organisations in scope whose term ends within 6 months, or has ended (DOMAIN.md §1).

    DOMAIN.md §1 asks for reminders 6 months and 1 month before a term ends.
    """
    today = today or timezone.localdate()
    horizon = add_months(today, 6)
    one_month = add_months(today, 1)
    queryset = (
        organisation_scope_for_user(user=user)
        .filter(term_end__isnull=False, term_end__lte=horizon)
        .order_by("term_end", "path")
    )
    reminders = []
    for organisation in queryset:
        if organisation.term_end < today:
            level = "overdue"
        elif organisation.term_end <= one_month:
            level = "one_month"
        else:
            level = "six_months"
        reminders.append(
            TermReminder(
                organisation=organisation,
                days_left=(organisation.term_end - today).days,
                level=level,
            )
        )
    return reminders
