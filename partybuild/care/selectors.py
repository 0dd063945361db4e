"""Reads of 党内关怀, always scoped to a user's subtree (docs/domain.md §9): 困难党员 with the
yearly review flag (an SQL annotation), 帮扶 and 慰问 records, the 光荣在党50年 纪念章 list of a
year and the 政治生日 of a month. Lists have a constant query count."""

import datetime

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from partybuild.care.models import CareVisit, HardshipMember
from partybuild.core.dates import add_months
from partybuild.models import Member, MemberCategory, User
from partybuild.models.members import STANDINGS_NOT_COUNTED
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.roles import scope_q

#: A 困难党员 record is reviewed at least once every this many months.
REVIEW_MONTHS = 12

#: 光荣在党50年: 党龄 (from the 转正日期) of at least this many years …
MEDAL_YEARS = 50
#: … reached on or before this day (month, day) of the year the medal is given.
MEDAL_DAY = (7, 1)


def hardship_review_cutoff(today: datetime.date) -> datetime.date:
    """Records last reviewed on or before this day are due for review: the same day 12 months
    earlier (a review on 29 February is due from 1 March of the next year)."""
    return add_months(today, -REVIEW_MONTHS)


def hardship_is_review_due(*, record: HardshipMember, today: datetime.date | None = None) -> bool:
    """The rule of ``review_due`` for one record."""
    today = today or timezone.localdate()
    return record.closed_on is None and record.reviewed_on <= hardship_review_cutoff(today)


def hardship_list(
    *,
    user: User,
    kind: str | None = None,
    level: str | None = None,
    active: bool | None = True,
    review_due: bool | None = None,
    organisation_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[HardshipMember]:
    """困难党员 of the user's subtree, annotated ``review_due`` (in force and last reviewed 12
    months ago or more)."""
    today = today or timezone.localdate()
    due = Q(closed_on__isnull=True, reviewed_on__lte=hardship_review_cutoff(today))
    records = (
        HardshipMember.objects.filter(scope_q(user=user, lookup="member__organisation"))
        .select_related("member", "member__organisation")
        .annotate(
            review_due=Case(
                When(due, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
    )
    if kind:
        records = records.filter(kind=kind)
    if level:
        records = records.filter(level=level)
    if active is not None:
        records = records.filter(closed_on__isnull=active)
    if review_due is not None:
        records = records.filter(due) if review_due else records.exclude(due)
    if organisation_id:
        records = records.filter(member__organisation_id=organisation_id)
    return records.order_by("member__organisation__path", "-registered_on", "-pk")


def hardship_review_due(*, user: User, today: datetime.date | None = None):
    """Records of the user's subtree due for their yearly review, longest waiting first."""
    return hardship_list(user=user, review_due=True, today=today).order_by("reviewed_on", "pk")


def care_visit_list(
    *,
    user: User,
    kind: str | None = None,
    year: int | None = None,
    organisation_id: int | None = None,
) -> QuerySet[CareVisit]:
    """帮扶 and 慰问 of members of the user's subtree, newest first."""
    visits = CareVisit.objects.filter(
        scope_q(user=user, lookup="member__organisation")
    ).select_related("member", "member__organisation", "organisation")
    if kind:
        visits = visits.filter(kind=kind)
    if year:
        visits = visits.filter(visited_on__year=year)
    if organisation_id:
        visits = visits.filter(member__organisation_id=organisation_id)
    return visits.order_by("-visited_on", "-pk")


def _counted_members(*, user: User, organisation_id: int | None) -> QuerySet[Member]:
    members = (
        member_scope_for_user(user=user)
        .filter(is_on_roll=True)
        .exclude(standing__in=STANDINGS_NOT_COUNTED)
        .select_related("organisation")
    )
    if organisation_id:
        members = members.filter(organisation_id=organisation_id)
    return members


def medal_window(year: int) -> tuple[datetime.date, datetime.date]:
    """(after, up_to): the 转正日期 of members whose 党龄 reaches 50 years after 1 July of the
    previous year and on or before 1 July of ``year`` (docs/domain.md §9)."""
    month, day = MEDAL_DAY
    return (
        datetime.date(year - MEDAL_YEARS - 1, month, day),
        datetime.date(year - MEDAL_YEARS, month, day),
    )


def medal_list(*, user: User, year: int, organisation_id: int | None = None) -> QuerySet[Member]:
    """光荣在党50年纪念章 of ``year``: 正式党员 of the user's subtree on the roll whose 党龄,
    counted from the 转正日期, reaches 50 years in the year up to 1 July (on 1 July included)."""
    after, up_to = medal_window(year)
    return (
        _counted_members(user=user, organisation_id=organisation_id)
        .filter(
            category=MemberCategory.FULL,
            confirmed_on__gt=after,
            confirmed_on__lte=up_to,
        )
        .order_by("organisation__path", "confirmed_on", "name_sort_key", "pk")
    )


def anniversary_list(
    *, user: User, month: datetime.date, organisation_id: int | None = None
) -> QuerySet[Member]:
    """政治生日 of ``month``: members of the user's subtree on the roll admitted (入党日期) in
    that calendar month of an earlier year, by branch and day."""
    return (
        _counted_members(user=user, organisation_id=organisation_id)
        .filter(joined_on__month=month.month, joined_on__year__lt=month.year)
        .order_by("organisation__path", "joined_on__day", "name_sort_key", "pk")
    )
