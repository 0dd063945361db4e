"""Reads of the organisation tree, always scoped to a user.

:func:`organisation_scope_for_user` is the one place that decides which organisations a user
administers (docs/architecture.md, "Who sees what"); every admin view, API and export uses it.
"""

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.core.dates import add_months
from partybuild.core.requests import current_request
from partybuild.core.versioned_cache import ORGANISATIONS, scope_label, versioned_cache_get_or_set
from partybuild.models import Member, MemberCategory, Organisation, OrganisationType, User
from partybuild.models.members import MEMBER_ORGANISATION_TYPES, STANDINGS_NOT_COUNTED
from partybuild.models.organisations import (
    BRANCH_MAX_MEMBERS,
    BRANCH_MIN_FULL_MEMBERS,
    branch_has_committee,
    branch_size_warnings,
)
from partybuild.selectors.roles import path_in_scope, scope_q, user_scope_paths


def organisation_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations the user administers: all for a superuser, else the union of the subtrees of
    their assignments of roles in force (partybuild.selectors.roles)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(scope_q(user=user))


def organisation_is_in_scope(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether the user administers ``organisation`` (without a query where the path tells)."""
    return path_in_scope(user=user, path=organisation.path)


def organisation_tree_list(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The user's organisations in tree order, with member and child counts for the listing."""
    return (
        organisation_scope_for_user(user=user)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("path")
    )


def _parent_path(field: str = "path"):
    """The path of the outer row's parent (its own path without the last step); ``field`` names
    the outer row's path (``organisation__path`` for a member's organisation)."""
    return Substr(OuterRef(field), 1, Length(OuterRef(field)) - Organisation.steplen)


def organisation_parent_name_annotate(
    queryset: QuerySet, *, field: str = "path", name: str = "parent_name"
) -> QuerySet:
    """``queryset`` with ``name`` (default ``parent_name``): the name of the parent of the
    organisation at ``field`` (``organisation__path`` for members), None at the top; a subquery,
    so a page of rows costs no extra query. A queryset that has it already is returned as it is."""
    if name in queryset.query.annotations:
        return queryset
    parents = Organisation.objects.filter(path=_parent_path(field)).values("name")[:1]
    return queryset.annotate(**{name: Subquery(parents)})


def organisation_chooser_list(
    *, user: User | AnonymousUser, query: str = "", org_types: Sequence[str] = ()
) -> QuerySet[Organisation]:
    """The organisations the user administers for the admin's organisation chooser, in tree order,
    each with ``parent_name``; ``query`` matches the name or the code, ``org_types`` (when given)
    keeps those types only (a member's organisation: 党支部 and 党小组)."""
    organisations = organisation_scope_for_user(user=user)
    if org_types:
        organisations = organisations.filter(org_type__in=org_types)
    query = (query or "").strip()
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(code__iexact=query))
    return organisation_parent_name_annotate(organisations).order_by("path")


def _member_count(members: QuerySet[Member]) -> Coalesce:
    """A correlated COUNT of ``members`` (filtered with OuterRef)."""
    counted = members.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _on_roll_count(**lookups) -> Coalesce:
    """A correlated COUNT of on-roll members matching ``lookups`` (which use OuterRef)."""
    return _member_count(Member.objects.filter(is_on_roll=True, **lookups))


def organisation_size_annotations() -> dict[str, Coalesce]:
    """Annotations giving each organisation the size that docs/domain.md §1 judges a 党支部 by:
    ``size_full_member_count`` (正式党员) and ``size_member_count`` (all members) of its whole
    subtree (a branch and its 党小组), counting members on the roll and in good standing (not
    停止党籍 or 开除党籍). Subqueries: the number of queries does not grow with the rows."""
    members = Member.objects.filter(
        is_on_roll=True, organisation__path__startswith=OuterRef("path")
    ).exclude(standing__in=STANDINGS_NOT_COUNTED)
    return {
        "size_full_member_count": _member_count(members.filter(category=MemberCategory.FULL)),
        "size_member_count": _member_count(members),
    }


def organisation_has_committee(organisation: Organisation) -> bool:
    """Whether a 党支部 annotated by :func:`organisation_size_annotations` has a 支部委员会
    (docs/domain.md §1: 7+ 正式党员)."""
    return organisation.org_type == OrganisationType.BRANCH and branch_has_committee(
        full_members=organisation.size_full_member_count
    )


def organisation_size_warnings(organisation: Organisation) -> list[str]:
    """The size warnings of an organisation annotated by :func:`organisation_size_annotations`
    (docs/domain.md §1; only a 党支部 has any)."""
    if organisation.org_type != OrganisationType.BRANCH:
        return []
    return branch_size_warnings(
        full_members=organisation.size_full_member_count,
        members=organisation.size_member_count,
    )


def organisation_sizes_attach(*, organisations: list[Organisation]) -> list[Organisation]:
    """Give each of ``organisations`` the attributes that :func:`organisation_size_annotations`
    would (``size_full_member_count``, ``size_member_count``), by one aggregate query over their
    subtrees instead of two correlated counts per organisation: at 5,000 branches the
    correlated form took 20 s on PostgreSQL (bench/RESULTS.md), this one a single scan."""
    totals = _subtree_totals(
        organisations=organisations,
        members=Member.objects.filter(is_on_roll=True).exclude(standing__in=STANDINGS_NOT_COUNTED),
        counts={"all": Count("pk"), "full": Count("pk", filter=Q(category=MemberCategory.FULL))},
    )
    for organisation in organisations:
        subtree = totals[organisation.pk]["subtree"]
        organisation.size_full_member_count = subtree["full"]
        organisation.size_member_count = subtree["all"]
    return organisations


def organisation_branches_with_size_warnings(*, user: User | AnonymousUser) -> list[Organisation]:
    """The 党支部 in the user's scope with a size warning (docs/domain.md §1), in tree order,
    each with the attributes of :func:`organisation_sizes_attach` (two queries)."""
    branches = organisation_sizes_attach(
        organisations=list(
            organisation_scope_for_user(user=user)
            .filter(org_type=OrganisationType.BRANCH)
            .order_by("path")
        )
    )
    return [
        branch
        for branch in branches
        if branch.size_full_member_count < BRANCH_MIN_FULL_MEMBERS
        or branch.size_member_count > BRANCH_MAX_MEMBERS
    ]


def organisation_list_with_counts(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The user's organisations in tree order, each with ``member_count`` (on-roll members
    directly in it), ``subtree_member_count`` (including its lower organisations) and
    ``parent_in_scope_id`` (its parent's id, or None at the top of what the user administers).

    One query whatever the number of organisations: the counts and the parent are subqueries.
    """
    scope = organisation_scope_for_user(user=user)
    return scope.annotate(
        member_count=_on_roll_count(organisation=OuterRef("pk")),
        subtree_member_count=_on_roll_count(organisation__path__startswith=OuterRef("path")),
        parent_in_scope_id=Subquery(
            organisation_scope_for_user(user=user).filter(path=_parent_path()).values("pk")[:1]
        ),
    ).order_by("path")


def organisation_list_with_parent(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The user's organisations in tree order, each with ``parent_in_scope_id`` (as in
    :func:`organisation_list_with_counts`) but no member counts: a page of them is counted by
    :func:`organisation_member_counts` in one query."""
    return (
        organisation_scope_for_user(user=user)
        .annotate(
            parent_in_scope_id=Subquery(
                organisation_scope_for_user(user=user).filter(path=_parent_path()).values("pk")[:1]
            )
        )
        .order_by("path")
    )


#: At most this many subtrees in the filter of :func:`_subtree_totals`: a page of 5,000
#: branches as 5,000 ``LIKE`` terms cost seconds to send and plan.
_COVERING_PATHS_MOST = 16


def _covering_paths(paths: list[str]) -> list[str]:
    """Paths of at most :data:`_COVERING_PATHS_MOST` subtrees that hold every one of ``paths``
    (their own tops, or ancestors of them when there are too many); [] for the whole tree."""
    steplen = Organisation.steplen
    candidates = sorted(paths)
    while True:
        tops: list[str] = []
        for path in candidates:
            if not tops or not path.startswith(tops[-1]):
                tops.append(path)
        if len(tops) <= _COVERING_PATHS_MOST:
            return tops
        shorter = sorted({path[: max(len(path) - steplen, steplen)] for path in tops})
        if shorter == tops:  # all of them roots
            return []
        candidates = shorter


def _subtree_totals(
    *, organisations: list[Organisation], members: QuerySet[Member], counts: dict[str, Count]
) -> dict[int, dict[str, dict[str, int]]]:
    """For each of ``organisations``, the aggregates ``counts`` of ``members`` directly in it
    (``"direct"``) and in its whole subtree (``"subtree"``), by one query grouping ``members``
    by organisation, summed per subtree in Python: a subtree's organisations are consecutive in
    path order, so each sum is a difference of running totals."""
    if not organisations:
        return {}
    zero = dict.fromkeys(counts, 0)
    within = Q()
    for path in _covering_paths([organisation.path for organisation in organisations]):
        within |= Q(organisation__path__startswith=path)
    per_organisation = (
        members.filter(within)
        .order_by()
        .values("organisation__path")
        .annotate(**counts)
        .order_by("organisation__path")
    )
    paths: list[str] = []
    running = [zero]
    direct: dict[str, dict[str, int]] = {}
    for row in per_organisation:
        path = row.pop("organisation__path")
        paths.append(path)
        running.append({key: running[-1][key] + row[key] for key in counts})
        direct[path] = row
    totals = {}
    for organisation in organisations:
        first = bisect.bisect_left(paths, organisation.path)
        # "~" sorts after every character of a path (0-9, A-Z)
        end = bisect.bisect_left(paths, organisation.path + "~")
        totals[organisation.pk] = {
            "direct": direct.get(organisation.path, zero),
            "subtree": {key: running[end][key] - running[first][key] for key in counts},
        }
    return totals


def organisation_member_counts(*, organisations: list[Organisation]) -> dict[int, tuple[int, int]]:
    """For each of ``organisations``: (on-roll members directly in it, on-roll members in its
    subtree), by one aggregate query over the subtrees."""
    totals = _subtree_totals(
        organisations=organisations,
        members=Member.objects.filter(is_on_roll=True),
        counts={"n": Count("pk")},
    )
    return {pk: (total["direct"]["n"], total["subtree"]["n"]) for pk, total in totals.items()}


def organisation_transfer_targets(*, query: str = "") -> QuerySet[Organisation]:
    """Organisations anywhere in the system that may receive a member (党支部 and 党小组), in tree
    order, each with ``parent_name``; ``query`` matches the name or the code.

    Not scoped: a transfer may go to any branch in the system, as in the admin's 发起转接 form.
    """
    targets = Organisation.objects.filter(org_type__in=MEMBER_ORGANISATION_TYPES)
    query = (query or "").strip()
    if query:
        targets = targets.filter(Q(name__icontains=query) | Q(code__iexact=query))
    return targets.annotate(
        parent_name=Subquery(Organisation.objects.filter(path=_parent_path()).values("name")[:1])
    ).order_by("path")


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
    """An organisation whose term of office ends soon (换届提醒, docs/domain.md §1)."""

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
    """Organisations in scope whose term ends within 6 months, or has ended (docs/domain.md §1).

    docs/domain.md §1 asks for reminders 6 months and 1 month before a term ends. Read once per
    request and user (the admin home's 换届提醒 panel and the committees' 我的任务 both ask).
    """
    today = today or timezone.localdate()
    return versioned_cache_get_or_set(
        name=f"organisation_term_reminders:{today:%Y%m%d}",
        scope=scope_label(user_scope_paths(user=user)),
        topics=(ORGANISATIONS,),
        compute=lambda: _term_reminders(user=user, today=today),
        memo=current_request(),
    )


def _term_reminders(*, user: User | AnonymousUser, today: datetime.date) -> list[TermReminder]:
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
