"""Reads of 三会一课: meetings an administrator manages (scoped to their subtree, with live
sign-up and attendance counts) and the meetings a member is expected at."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from partybuild.committees.selectors import committee_current_member_ids
from partybuild.models import Member, MemberStanding, Organisation, User
from partybuild.orglife.models import AttendeeResponse, Meeting, MeetingAttendee, MeetingStatus
from partybuild.selectors.organisations import organisation_scope_for_user


def meeting_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Meeting]:
    """Meetings of the organisations the user administers."""
    return Meeting.objects.filter(organisation__in=organisation_scope_for_user(user=user))


def meeting_with_counts(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate expected, 报名, 请假, 未回复 and attended counts (one grouped join)."""
    return queryset.annotate(
        expected_count=Count("attendees"),
        signed_up_count=Count(
            "attendees", filter=Q(attendees__response=AttendeeResponse.SIGNED_UP)
        ),
        leave_count=Count("attendees", filter=Q(attendees__response=AttendeeResponse.LEAVE)),
        no_reply_count=Count("attendees", filter=Q(attendees__response=AttendeeResponse.NONE)),
        attended_count=Count("attendees", filter=Q(attendees__attended=True)),
    )


def meeting_list_managed(
    *,
    user: User | AnonymousUser,
    kind: str | None = None,
    status: str | None = None,
    organisation_id: int | None = None,
) -> QuerySet[Meeting]:
    """The user's meetings, newest first, with counts and organisation."""
    meetings = meeting_scope_for_user(user=user)
    if kind:
        meetings = meetings.filter(kind=kind)
    if status:
        meetings = meetings.filter(status=status)
    if organisation_id:
        meetings = meetings.filter(organisation_id=organisation_id)
    return meeting_with_counts(meetings.select_related("organisation")).order_by(
        "-starts_at", "-pk"
    )


def meeting_attendance_rate(*, expected: int, attended: int) -> Decimal:
    """Attended ÷ expected, 0 when nobody was expected."""
    if not expected:
        return Decimal("0")
    return (Decimal(attended) / Decimal(expected)).quantize(Decimal("0.0001"))


def meeting_counts(*, meeting: Meeting) -> dict:
    """The live counts of one meeting, with its attendance rate."""
    counts = meeting_with_counts(Meeting.objects.filter(pk=meeting.pk)).values(
        "expected_count", "signed_up_count", "leave_count", "no_reply_count", "attended_count"
    )[0]
    counts["attendance_rate"] = meeting_attendance_rate(
        expected=counts["expected_count"], attended=counts["attended_count"]
    )
    return counts


def meeting_attendees(*, meeting: Meeting) -> QuerySet[MeetingAttendee]:
    return meeting.attendees.select_related("member", "member__organisation").order_by(
        "member__organisation__path", "member__name_sort_key", "pk"
    )


def meeting_list_for_member(*, user: User | AnonymousUser) -> QuerySet[Meeting]:
    """Published and closed meetings the user (as a member) is expected at, with their own
    response, leave reason and attendance annotated; newest first."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    mine = MeetingAttendee.objects.filter(meeting=OuterRef("pk"), member__user=user)
    return (
        Meeting.objects.filter(
            Exists(mine), status__in=(MeetingStatus.PUBLISHED, MeetingStatus.CLOSED)
        )
        .select_related("organisation")
        .annotate(
            my_response=Subquery(mine.values("response")[:1]),
            my_leave_reason=Subquery(mine.values("leave_reason")[:1]),
            my_attended=Subquery(mine.values("attended")[:1]),
        )
        .order_by("-starts_at", "-pk")
    )


#: Standings that keep a member out of organisation life.
EXCLUDED_STANDINGS = (MemberStanding.SUSPENDED, MemberStanding.EXPELLED)


def meeting_default_attendees(*, organisation: Organisation):
    """Members expected at a meeting of ``organisation`` unless a list is given (see above)."""
    return Member.objects.filter(
        organisation__path__startswith=organisation.path, is_on_roll=True
    ).exclude(standing__in=EXCLUDED_STANDINGS)


def meeting_committee_attendees(*, organisation: Organisation):
    """Members expected at a 支部委员会 of ``organisation``: its current committee (班子成员,
    partybuild.committees) as far as they may take part (on the roll of the organisation's
    subtree, not 停止党籍 or 开除党籍). Empty when no committee is registered."""
    return meeting_default_attendees(organisation=organisation).filter(
        pk__in=committee_current_member_ids(organisation=organisation)
    )
