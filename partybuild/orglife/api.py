"""App API: 三会一课 — for members the meetings they are expected at, the notice's details,
signing up, asking for leave and checking in with the meeting's code; for administrators the
meetings of their subtree with live counts and a meeting's attendance.

A meeting the caller is not expected at is 404 on the member operations; outside the caller's
subtree it is 404 on the administrators' ones; members are 403 there."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field
from wagtail.rich_text import expand_db_html

from partybuild.api.access import require_administrator
from partybuild.orglife.models import AttendeeResponse, Meeting, MeetingKind, MeetingStatus
from partybuild.orglife.selectors.meetings import (
    meeting_attendance_rate,
    meeting_attendees,
    meeting_counts,
    meeting_list_for_member,
)
from partybuild.orglife.selectors.meetings import meeting_list_managed as managed_meetings
from partybuild.orglife.services import meetings as services
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["三会一课"])


class MyMeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    organisation: str
    topic: str
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    status_label: str
    my_response: str
    my_response_label: str
    my_leave_reason: str
    attended: bool


class MeetingDetailOut(MyMeetingOut):
    host: str
    recorder: str
    minutes_html: str = Field(description="会议结束后可见的会议记录（HTML）")
    may_respond: bool
    may_check_in: bool


class LeaveIn(Schema):
    reason: str = Field(..., max_length=200)


class CheckInIn(Schema):
    code: str = Field(..., max_length=10)


class ManagedMeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    organisation_id: int
    organisation: str
    topic: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    status_label: str
    expected: int
    signed_up: int
    leave: int
    no_reply: int
    attended: int
    attendance_rate: Decimal


class MeetingManagedQuery(Schema):
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None


class AttendeeOut(Schema):
    member_id: int
    name: str
    organisation: str
    response: str
    response_label: str
    leave_reason: str
    attended: bool
    checked_in_at: datetime.datetime | None
    self_check_in: bool


class AttendanceOut(Schema):
    meeting_id: int
    topic: str
    status: str
    check_in_code: str
    expected: int
    signed_up: int
    leave: int
    no_reply: int
    attended: int
    attendance_rate: Decimal
    attendees: list[AttendeeOut]


def my_meeting_data(meeting: Meeting) -> dict:
    response = meeting.my_response or AttendeeResponse.NONE
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "organisation": meeting.organisation.name,
        "topic": meeting.topic,
        "place": meeting.place,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "my_response": response,
        "my_response_label": str(AttendeeResponse(response).label),
        "my_leave_reason": meeting.my_leave_reason or "",
        "attended": bool(meeting.my_attended),
    }


def _mine(request, meeting_id: int) -> Meeting:
    return get_object_or_404(
        meeting_list_for_member(user=request.user).select_related("host", "recorder"),
        pk=meeting_id,
    )


def _detail(request, meeting_id: int) -> dict:
    meeting = _mine(request, meeting_id)
    now = timezone.now()
    is_open = meeting.status == MeetingStatus.PUBLISHED
    closed = meeting.status == MeetingStatus.CLOSED
    return my_meeting_data(meeting) | {
        "host": meeting.host.name if meeting.host else "",
        "recorder": meeting.recorder.name if meeting.recorder else "",
        "minutes_html": expand_db_html(meeting.minutes) if closed else "",
        "may_respond": is_open and now < meeting.ends_at,
        "may_check_in": is_open
        and meeting.starts_at - services.CHECK_IN_EARLY <= now <= meeting.ends_at,
    }


@router.get(
    "mine",
    response={200: list[MyMeetingOut], **error_responses()},
    summary="我的会议",
)
@paginate(AppPagination)
def meeting_list_mine(request):
    return Mapped(meeting_list_for_member(user=request.user), my_meeting_data)


@router.get(
    "managed",
    response={200: list[ManagedMeetingOut], **error_responses(403)},
    summary="本组织的会议及报名情况（管理员）",
)
@paginate(AppPagination)
def meeting_list_managed(request, query: Query[MeetingManagedQuery]):
    require_administrator(request.user, "orglife.view_meeting")
    return Mapped(
        managed_meetings(user=request.user, kind=query.kind, status=query.status),
        lambda m: {
            "id": m.pk,
            "kind": m.kind,
            "kind_label": m.get_kind_display(),
            "organisation_id": m.organisation_id,
            "organisation": m.organisation.name,
            "topic": m.topic,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "status": m.status,
            "status_label": m.get_status_display(),
            "expected": m.expected_count,
            "signed_up": m.signed_up_count,
            "leave": m.leave_count,
            "no_reply": m.no_reply_count,
            "attended": m.attended_count,
            "attendance_rate": meeting_attendance_rate(
                expected=m.expected_count, attended=m.attended_count
            ),
        },
    )


@router.get(
    "{meeting_id}",
    response={200: MeetingDetailOut, **error_responses(404)},
    summary="会议详情（本人参加的会议）",
)
def meeting_detail(request, meeting_id: ObjectId):
    return _detail(request, meeting_id)


@router.post(
    "{meeting_id}/sign-up",
    response={200: MeetingDetailOut, **error_responses(404)},
    summary="报名参加会议",
)
def meeting_sign_up(request, meeting_id: ObjectId):
    meeting = _mine(request, meeting_id)
    services.meeting_respond(
        meeting=meeting, user=request.user, response=AttendeeResponse.SIGNED_UP
    )
    return _detail(request, meeting_id)


@router.post(
    "{meeting_id}/leave",
    response={200: MeetingDetailOut, **error_responses(404)},
    summary="请假",
)
def meeting_leave(request, meeting_id: ObjectId, payload: LeaveIn):
    meeting = _mine(request, meeting_id)
    services.meeting_respond(
        meeting=meeting,
        user=request.user,
        response=AttendeeResponse.LEAVE,
        leave_reason=payload.reason,
    )
    return _detail(request, meeting_id)


@router.post(
    "{meeting_id}/check-in",
    response={200: MeetingDetailOut, **error_responses(404, 429)},
    summary="会议签到（凭签到码）",
    description="15 分钟内输错签到码达到安全策略规定的次数（默认 5 次）后，暂停签到（429，"
    "Retry-After 给出秒数），其间签到码正确也不受理。",
)
def meeting_check_in(request, meeting_id: ObjectId, payload: CheckInIn):
    meeting = _mine(request, meeting_id)
    services.meeting_check_in(
        meeting=meeting, user=request.user, code=payload.code, request=request
    )
    return _detail(request, meeting_id)


@router.get(
    "{meeting_id}/attendance",
    response={200: AttendanceOut, **error_responses(403, 404)},
    summary="会议报名与出勤情况（管理员）",
)
def meeting_attendance(request, meeting_id: ObjectId):
    require_administrator(request.user, "orglife.view_meeting")
    meeting = get_object_or_404(managed_meetings(user=request.user), pk=meeting_id)
    counts = meeting_counts(meeting=meeting)
    return {
        "meeting_id": meeting.pk,
        "topic": meeting.topic,
        "status": meeting.status,
        "check_in_code": meeting.check_in_code,
        "expected": counts["expected_count"],
        "signed_up": counts["signed_up_count"],
        "leave": counts["leave_count"],
        "no_reply": counts["no_reply_count"],
        "attended": counts["attended_count"],
        "attendance_rate": counts["attendance_rate"],
        "attendees": [
            {
                "member_id": a.member_id,
                "name": a.member.name,
                "organisation": a.member.organisation.name,
                "response": a.response,
                "response_label": a.get_response_display(),
                "leave_reason": a.leave_reason,
                "attended": a.attended,
                "checked_in_at": a.checked_in_at,
                "self_check_in": a.attended and a.checked_in_by_id is None,
            }
            for a in meeting_attendees(meeting=meeting)
        ],
    }
