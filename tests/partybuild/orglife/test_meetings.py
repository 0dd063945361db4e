"""三会一课: publishing fans out one notice to exactly the expected attendees; sign-up, leave
and check-in windows; attendance; minutes locked on closing and corrected by revisions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partybuild.models import Message, User
from partybuild.orglife.models import (
    AttendeeResponse,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    MinutesRevision,
)
from partybuild.orglife.selectors.meetings import meeting_counts
from partybuild.orglife.services.meetings import (
    meeting_attendance_record,
    meeting_check_in,
    meeting_close,
    meeting_create,
    meeting_minutes_correct,
    meeting_minutes_save,
    meeting_publish,
    meeting_respond,
    meeting_update,
)

pytestmark = pytest.mark.django_db


def with_account(member, username: str | None = None) -> User:
    """Give ``member`` a login account."""
    user = User.objects.create_user(
        username=username or f"m{member.pk}", password="x-secret-123", name=member.name
    )
    member.user = user
    member.save(update_fields=["user"])
    return user


def draft_meeting(organisation, *, kind=MeetingKind.BRANCH_ASSEMBLY, starts_at=None, hours=2):
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=1)
    return meeting_create(
        organisation=organisation,
        actor=None,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        place="党员活动室",
        topic="学习党的二十大精神",
    )


def held_meeting(organisation, *, kind, starts_at, attendee_ids=None, actor=None) -> Meeting:
    """A meeting that counts for compliance: closed with minutes and attendance.

    Built directly in the database because the services refuse to publish past meetings.
    """
    meeting = Meeting.objects.create(
        organisation=organisation,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        place="会议室",
        topic="例会",
        status=MeetingStatus.CLOSED,
        minutes="会议记录",
        closed_at=starts_at + datetime.timedelta(hours=1),
    )
    from partybuild.models import Member

    members = Member.objects.filter(organisation=organisation)
    if attendee_ids is not None:
        members = members.filter(pk__in=attendee_ids)
    MeetingAttendee.objects.bulk_create(
        [MeetingAttendee(meeting=meeting, member=m, attended=True) for m in members]
    )
    return meeting


@pytest.fixture
def branch_people(tree, member_factory):
    """一支部 with two members with accounts, one without, one in its 小组, one transferred
    out, one suspended; and a member of 二支部 with an account."""
    a = member_factory("一支部")
    b = member_factory("一支部")
    c = member_factory("一支部")
    g = member_factory("一小组")
    gone = member_factory("一支部", is_on_roll=False)
    suspended = member_factory("一支部", standing="suspended")
    other = member_factory("二支部")
    users = {
        "a": with_account(a),
        "b": with_account(b),
        "g": with_account(g),
        "gone": with_account(gone),
        "suspended": with_account(suspended),
        "other": with_account(other),
    }
    return {
        "a": a,
        "b": b,
        "c": c,
        "g": g,
        "gone": gone,
        "suspended": suspended,
        "other": other,
        "users": users,
    }


def test_publish_sends_one_message_to_each_expected_attendee(tree, branch_people, make_admin):
    admin = make_admin("admin1", tree["first"])
    meeting = draft_meeting(tree["first"])
    meeting_publish(meeting=meeting, actor=admin)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert len(meeting.check_in_code) == 6 and meeting.check_in_code.isdigit()
    expected = {branch_people[k].pk for k in ("a", "b", "c", "g")}
    assert set(meeting.attendees.values_list("member_id", flat=True)) == expected
    users = branch_people["users"]
    recipients = list(
        Message.objects.filter(object_type="meeting", object_id=meeting.pk).values_list(
            "recipient_id", flat=True
        )
    )
    assert sorted(recipients) == sorted([users["a"].pk, users["b"].pk, users["g"].pk])
    assert Message.objects.filter(recipient=users["other"]).count() == 0
    assert Message.objects.filter(recipient=users["gone"]).count() == 0
    assert Message.objects.filter(recipient=users["suspended"]).count() == 0

    with pytest.raises(ValidationError) as error:
        meeting_publish(meeting=meeting, actor=admin)
    assert error.value.error_dict["status"][0].code == "meeting_not_draft"
    assert Message.objects.filter(object_id=meeting.pk, object_type="meeting").count() == 3


def test_committee_meeting_needs_explicit_attendees(tree, branch_people):
    meeting = draft_meeting(tree["first"], kind=MeetingKind.COMMITTEE)
    with pytest.raises(ValidationError) as error:
        meeting_publish(meeting=meeting, actor=None)
    assert error.value.error_dict["attendee_ids"][0].code == "committee_attendees_required"
    with pytest.raises(ValidationError) as error:
        meeting_publish(meeting=meeting, actor=None, attendee_ids=[branch_people["other"].pk])
    assert error.value.error_dict["attendee_ids"][0].code == "attendee_outside_organisation"
    assert not meeting.attendees.exists()

    meeting_publish(meeting=meeting, actor=None, attendee_ids=[branch_people["a"].pk])
    assert list(meeting.attendees.values_list("member_id", flat=True)) == [branch_people["a"].pk]
    assert Message.objects.filter(object_id=meeting.pk, object_type="meeting").count() == 1


def test_admin_of_another_branch_cannot_publish(tree, branch_people, make_admin):
    meeting = draft_meeting(tree["first"])
    with pytest.raises(PermissionDenied):
        meeting_publish(meeting=meeting, actor=make_admin("admin2", tree["second"]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert not Message.objects.exists()


def test_update_only_while_draft_and_end_after_start(tree, branch_people):
    meeting = draft_meeting(tree["first"])
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, actor=None, ends_at=meeting.starts_at)
    assert error.value.error_dict["ends_at"][0].code == "meeting_ends_before_start"
    meeting_update(meeting=meeting, actor=None, place="村部")
    meeting_publish(meeting=meeting, actor=None)
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, actor=None, place="别处")
    assert error.value.error_dict["status"][0].code == "meeting_not_draft"
    meeting.refresh_from_db()
    assert meeting.place == "村部"


def test_sign_up_and_leave_until_the_end(tree, branch_people):
    meeting = draft_meeting(tree["first"])
    meeting_publish(meeting=meeting, actor=None)
    user = branch_people["users"]["a"]

    with pytest.raises(ValidationError) as error:
        meeting_respond(meeting=meeting, user=user, response="leave", leave_reason="  ")
    assert error.value.error_dict["leave_reason"][0].code == "leave_reason_required"
    meeting_respond(meeting=meeting, user=user, response="leave", leave_reason="出差")
    meeting_respond(meeting=meeting, user=branch_people["users"]["b"], response="signed_up")
    counts = meeting_counts(meeting=meeting)
    assert (counts["signed_up_count"], counts["leave_count"], counts["no_reply_count"]) == (
        1,
        1,
        2,
    )

    just_before_end = meeting.ends_at - datetime.timedelta(seconds=1)
    meeting_respond(meeting=meeting, user=user, response="signed_up", now=just_before_end)
    with pytest.raises(ValidationError) as error:
        meeting_respond(
            meeting=meeting, user=user, response="leave", leave_reason="病", now=meeting.ends_at
        )
    assert error.value.error_dict["response"][0].code == "response_closed"
    attendee = meeting.attendees.get(member=branch_people["a"])
    assert attendee.response == AttendeeResponse.SIGNED_UP and attendee.leave_reason == ""

    with pytest.raises(PermissionDenied):
        meeting_respond(meeting=meeting, user=branch_people["users"]["other"], response="signed_up")


def test_check_in_window_and_code(tree, branch_people):
    meeting = draft_meeting(tree["first"])
    meeting_publish(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    user = branch_people["users"]["a"]
    too_early = meeting.starts_at - datetime.timedelta(minutes=30, seconds=1)
    earliest = meeting.starts_at - datetime.timedelta(minutes=30)

    with pytest.raises(ValidationError) as error:
        meeting_check_in(meeting=meeting, user=user, code=meeting.check_in_code, now=too_early)
    assert error.value.error_dict["code"][0].code == "check_in_closed"
    wrong = "000000" if meeting.check_in_code != "000000" else "111111"
    with pytest.raises(ValidationError) as error:
        meeting_check_in(meeting=meeting, user=user, code=wrong, now=earliest)
    assert error.value.error_dict["code"][0].code == "check_in_code_wrong"
    assert not meeting.attendees.get(member=branch_people["a"]).attended

    meeting_check_in(meeting=meeting, user=user, code=meeting.check_in_code, now=earliest)
    attendee = meeting.attendees.get(member=branch_people["a"])
    assert attendee.attended and attendee.checked_in_by is None
    assert attendee.response == AttendeeResponse.SIGNED_UP

    other = branch_people["users"]["b"]
    meeting_check_in(meeting=meeting, user=other, code=meeting.check_in_code, now=meeting.ends_at)
    with pytest.raises(ValidationError) as error:
        meeting_check_in(
            meeting=meeting,
            user=branch_people["users"]["g"],
            code=meeting.check_in_code,
            now=meeting.ends_at + datetime.timedelta(seconds=1),
        )
    assert error.value.error_dict["code"][0].code == "check_in_closed"
    counts = meeting_counts(meeting=meeting)
    assert counts["attended_count"] == 2
    assert str(counts["attendance_rate"]) == "0.5000"


def test_attendance_minutes_close_and_correction(tree, branch_people, make_admin):
    admin = make_admin("admin1", tree["first"])
    start = timezone.now() + datetime.timedelta(minutes=5)
    meeting = draft_meeting(tree["first"], starts_at=start)
    meeting_publish(meeting=meeting, actor=admin)
    meeting.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        meeting_close(meeting=meeting, actor=admin, now=start)
    assert error.value.error_dict["minutes"][0].code == "minutes_required"
    meeting_minutes_save(meeting=meeting, minutes="<p>学习了文件。</p>", actor=admin)
    with pytest.raises(ValidationError) as error:
        meeting_close(meeting=meeting, actor=admin, now=start)
    assert error.value.error_dict["attendance"][0].code == "attendance_required"
    with pytest.raises(ValidationError) as error:
        meeting_attendance_record(
            meeting=meeting, attended_member_ids=[branch_people["other"].pk], actor=admin
        )
    assert error.value.error_dict["attended_member_ids"][0].code == "not_attendee"
    with pytest.raises(PermissionDenied):
        meeting_attendance_record(
            meeting=meeting,
            attended_member_ids=[branch_people["a"].pk],
            actor=make_admin("admin2", tree["second"]),
        )
    meeting_attendance_record(
        meeting=meeting,
        attended_member_ids=[branch_people["a"].pk, branch_people["b"].pk, branch_people["c"].pk],
        actor=admin,
    )
    assert meeting_counts(meeting=meeting)["attendance_rate"] == pytest.approx(0.75)
    with pytest.raises(ValidationError) as error:
        meeting_close(meeting=meeting, actor=admin, now=start - datetime.timedelta(seconds=1))
    assert error.value.error_dict["status"][0].code == "meeting_not_started"
    meeting_close(meeting=meeting, actor=admin, now=start)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED

    with pytest.raises(ValidationError) as error:
        meeting_minutes_save(meeting=meeting, minutes="改过的", actor=admin)
    assert error.value.error_dict["minutes"][0].code == "minutes_locked"
    with pytest.raises(ValidationError) as error:
        meeting_minutes_correct(meeting=meeting, minutes="改过的", reason=" ", actor=admin)
    assert error.value.error_dict["reason"][0].code == "reason_required"
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>学习了文件。</p>"

    meeting_minutes_correct(
        meeting=meeting, minutes="<p>学习了两份文件。</p>", reason="漏记一份文件", actor=admin
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>学习了两份文件。</p>"
    revision = MinutesRevision.objects.get(meeting=meeting)
    assert revision.previous_minutes == "<p>学习了文件。</p>"
    assert revision.reason == "漏记一份文件" and revision.author == admin


def test_recorder_member_may_keep_attendance(tree, branch_people):
    meeting = draft_meeting(tree["first"])
    meeting_update(meeting=meeting, actor=None, recorder=branch_people["b"])
    meeting_publish(meeting=meeting, actor=None)
    meeting_attendance_record(
        meeting=meeting,
        attended_member_ids=[branch_people["a"].pk],
        actor=branch_people["users"]["b"],
    )
    attendee = meeting.attendees.get(member=branch_people["a"])
    assert attendee.attended and attendee.checked_in_by == branch_people["users"]["b"]
    with pytest.raises(PermissionDenied):
        meeting_attendance_record(
            meeting=meeting, attended_member_ids=[], actor=branch_people["users"]["a"]
        )
