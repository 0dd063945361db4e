"""Reads of 班子成员与换届: the current committee of an organisation, who its 书记 is, the
committees and re-elections of a user's subtree, the 书记 roster, and the 换届 reminders.

Every list is scoped to the user's subtree (``scope_q``); lists are built with joins and
subqueries, so their query count does not grow with their length."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from partybuild.committees.models import (
    POST_ORDER,
    CommitteeMember,
    CommitteePost,
    CommitteeTerm,
    Reelection,
    ReelectionStatus,
)
from partybuild.models import Member, Organisation, OrganisationType, User
from partybuild.selectors.members import member_for_user
from partybuild.selectors.organisations import (
    TermReminder,
    organisation_is_in_scope,
    organisation_term_reminders,
)
from partybuild.selectors.roles import path_in_scope, scope_q

#: Organisations that have a committee (a 党小组 has a 组长, not a committee: docs/domain.md §1a).
COMMITTEE_TYPES = (
    OrganisationType.COMMITTEE,
    OrganisationType.GENERAL_BRANCH,
    OrganisationType.BRANCH,
)


def committee_term_current(*, organisation: Organisation) -> CommitteeTerm | None:
    """The organisation's current term (None: none registered)."""
    return CommitteeTerm.objects.filter(organisation=organisation, closed_on__isnull=True).first()


def committee_members_sorted(members) -> list[CommitteeMember]:
    """Committee members in roster order: by post (书记 first), then by name."""
    return sorted(members, key=lambda seat: (POST_ORDER[seat.post], seat.member.name_sort_key))


def committee_current_members(*, organisation: Organisation) -> list[CommitteeMember]:
    """The members of the organisation's current committee with their posts, 书记 first."""
    return committee_members_sorted(
        CommitteeMember.objects.filter(
            term__organisation=organisation, term__closed_on__isnull=True
        ).select_related("member")
    )


def committee_current_member_ids(*, organisation: Organisation) -> QuerySet:
    """The Member pks of the organisation's current committee (a subquery)."""
    return CommitteeMember.objects.filter(
        term__organisation=organisation, term__closed_on__isnull=True
    ).values("member_id")


def committee_secretary(*, organisation: Organisation) -> Member | None:
    """The 书记 of the organisation's current committee (None: no term, or no 书记 in it)."""
    seat = (
        CommitteeMember.objects.filter(
            term__organisation=organisation,
            term__closed_on__isnull=True,
            post=CommitteePost.SECRETARY,
        )
        .select_related("member__user")
        .first()
    )
    return seat.member if seat else None


def committee_secretary_user(*, organisation: Organisation) -> User | None:
    """The active login of the organisation's current 书记 (None: no 书记, or no login)."""
    secretary = committee_secretary(organisation=organisation)
    if secretary is None or secretary.user is None or not secretary.user.is_active:
        return None
    return secretary.user


def committee_secretary_organisation_ids(*, user: User | AnonymousUser) -> set[int]:
    """The organisations whose current 书记 is ``user`` (through their member record)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        CommitteeMember.objects.filter(
            member__user=user, post=CommitteePost.SECRETARY, term__closed_on__isnull=True
        ).values_list("term__organisation_id", flat=True)
    )


def committee_secretary_organisations(*, user: User) -> QuerySet:
    """The organisations whose current 书记 is ``user``, as a subquery of their pks."""
    return CommitteeMember.objects.filter(
        member__user=user, post=CommitteePost.SECRETARY, term__closed_on__isnull=True
    ).values("term__organisation_id")


def committee_organisation_list(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations of the user's subtree that have a committee, in tree order, each with
    its current term's ``term_id``, ``current_starts_on``, ``current_ends_on``, ``secretary_name``
    and ``reelection_status`` (of a 换届 under way) annotated."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    current = CommitteeTerm.objects.filter(organisation=OuterRef("pk"), closed_on__isnull=True)
    secretary = CommitteeMember.objects.filter(
        term__organisation=OuterRef("pk"),
        term__closed_on__isnull=True,
        post=CommitteePost.SECRETARY,
    )
    open_reelection = Reelection.objects.filter(organisation=OuterRef("pk")).exclude(
        status=ReelectionStatus.COMPLETED
    )
    return (
        Organisation.objects.filter(scope_q(user=user), org_type__in=COMMITTEE_TYPES)
        .annotate(
            term_id=Subquery(current.values("pk")[:1]),
            current_starts_on=Subquery(current.values("starts_on")[:1]),
            current_ends_on=Subquery(current.values("ends_on")[:1]),
            secretary_name=Subquery(secretary.values("member__name")[:1]),
            reelection_status=Subquery(open_reelection.values("status")[:1]),
            has_term=Exists(current),
        )
        .order_by("path")
    )


def committee_term_list(*, organisation: Organisation) -> QuerySet[CommitteeTerm]:
    """All terms of an organisation, newest first, with their members."""
    return (
        CommitteeTerm.objects.filter(organisation=organisation)
        .prefetch_related("members__member")
        .order_by("-starts_on", "-pk")
    )


def secretary_roster(*, user: User | AnonymousUser) -> QuerySet[CommitteeMember]:
    """书记名册: the 书记 of each current committee in the user's subtree, in tree order."""
    if not user.is_authenticated or not user.is_active:
        return CommitteeMember.objects.none()
    return (
        CommitteeMember.objects.filter(
            scope_q(user=user, lookup="term__organisation"),
            post=CommitteePost.SECRETARY,
            term__closed_on__isnull=True,
        )
        .select_related("member", "term", "term__organisation")
        .order_by("term__organisation__path")
    )


def reelection_list(*, user: User | AnonymousUser) -> QuerySet[Reelection]:
    """换届 of organisations of the user's subtree, newest first."""
    if not user.is_authenticated or not user.is_active:
        return Reelection.objects.none()
    return (
        Reelection.objects.filter(scope_q(user=user, lookup="organisation"))
        .select_related("organisation", "previous_term", "new_term")
        .order_by("-requested_on", "-pk")
    )


def reelection_open(*, organisation: Organisation) -> Reelection | None:
    """The organisation's 换届 under way (None: none)."""
    return (
        Reelection.objects.filter(organisation=organisation)
        .exclude(status=ReelectionStatus.COMPLETED)
        .first()
    )


def reelection_approver_refusal(*, user: User, organisation: Organisation) -> str | None:
    """Why ``user`` may not approve (批复) a 换届 of ``organisation`` (None: they may).

    A 批复 comes from the higher organisation (docs/domain.md §1a): an administrator whose scope
    covers the organisation's parent, or a superuser — never one who administers only the
    organisation itself or its subtree."""
    from django.utils.translation import gettext as _

    if user.is_superuser:
        return None
    parent_path = organisation.path[: -Organisation.steplen]
    if not parent_path or not path_in_scope(user=user, path=parent_path):
        return _("换届的请示和选举结果须由上级党组织批复。")
    return None


@dataclass(frozen=True)
class ReelectionReminder:
    """换届提醒 of one organisation: the kernel's reminder and the 换届 under way, if any."""

    reminder: TermReminder
    reelection_status: str | None


def committee_reelection_reminders(
    *, user: User | AnonymousUser, today: datetime.date | None = None
) -> list[ReelectionReminder]:
    """Organisations of the user's subtree whose term ends within 6 months or has ended
    (the kernel's rule, docs/domain.md §1) and whose 换届 is not completed — with the status of
    the 换届 under way."""
    today = today or timezone.localdate()
    reminders = [
        reminder
        for reminder in organisation_term_reminders(user=user, today=today)
        if reminder.organisation.org_type in COMMITTEE_TYPES
    ]
    if not reminders:
        return []
    statuses = dict(
        Reelection.objects.filter(
            organisation__in=[reminder.organisation for reminder in reminders]
        )
        .exclude(status=ReelectionStatus.COMPLETED)
        .values_list("organisation_id", "status")
    )
    return [
        ReelectionReminder(
            reminder=reminder, reelection_status=statuses.get(reminder.organisation.pk)
        )
        for reminder in reminders
    ]


def member_branch_directory(*, user: User) -> tuple[Organisation, list[CommitteeMember]] | None:
    """What a member sees of their own branch: the branch (a 党小组's parent) and its current
    committee, names and posts only (None: the user is no member on the roll)."""
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        return None
    organisation = member.organisation
    if organisation.org_type == OrganisationType.GROUP:
        organisation = organisation.get_parent() or organisation
    return organisation, committee_current_members(organisation=organisation)


def committee_may_manage(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether ``user`` administers ``organisation`` (registers its committee, runs its 换届)."""
    return organisation_is_in_scope(user=user, organisation=organisation)
