"""Writes of 三会一课 (docs/domain.md §5): drafting, publishing the notice, sign-up and leave,
check-in and attendance, minutes with their lock on closing and later corrections.

Expected attendees are fixed when the notice is published: by default the on-roll members of
the meeting's organisation and everything under it (a branch's meeting includes the members of
its 党小组) whose standing lets them take part in organisation life (not 停止党籍 or 开除党籍).
A 支部委员会 meeting expects the organisation's current committee (班子成员, partybuild.committees);
without a registered committee it must be published with its attendees given explicitly
(``attendee_ids``). Any meeting may be published with an explicit list (members of the
organisation's subtree), e.g. to invite someone to attend (列席) a 支委会.
"""

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from partybuild.core.errors import refuse
from partybuild.jobs.enqueue import task_enqueue
from partybuild.models import MessageKind, Organisation, SecurityPolicy, User
from partybuild.orglife.models import (
    AttendeeResponse,
    Meeting,
    MeetingAttachment,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    MinutesRevision,
)
from partybuild.orglife.selectors.meetings import (
    meeting_committee_attendees,
    meeting_default_attendees,
)
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send_once
from partybuild.services.ratelimit import ratelimit_check, ratelimit_hit

#: Members may check in this long before the meeting starts.
CHECK_IN_EARLY = datetime.timedelta(minutes=30)
CHECK_IN_CODE_DIGITS = 6
#: The shared rate limiter's name and window for wrong check-in codes (meeting_check_in).
CHECK_IN_LIMIT_SCOPE = "meeting.check_in"
CHECK_IN_LIMIT_WINDOW = datetime.timedelta(minutes=15)
MEETING_FIELDS = ("kind", "starts_at", "ends_at", "place", "topic", "host", "recorder")


def _lock(meeting: Meeting) -> None:
    """Lock the meeting's row and reload the caller's instance, so they see the new state."""
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk"))
    meeting.refresh_from_db()


def _check_scope(*, actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("您无权管理该党组织的会议。"))


def _validate_fields(*, organisation: Organisation, fields: dict[str, Any]) -> None:
    if fields["kind"] not in MeetingKind.values:
        refuse("kind", _("会议类型不正确。"), "meeting_kind")
    if fields["ends_at"] <= fields["starts_at"]:
        refuse("ends_at", _("结束时间应晚于开始时间。"), "meeting_ends_before_start")
    if not str(fields.get("topic") or "").strip():
        refuse("topic", _("请填写会议主题。"), "required")
    for role in ("host", "recorder"):
        person = fields.get(role)
        if person is not None and not person.organisation.path.startswith(organisation.path):
            refuse(role, _("主持人和记录人应为本组织的党员。"), "member_outside_organisation")


@transaction.atomic
def meeting_create(*, organisation: Organisation, actor: User | None, **fields: Any) -> Meeting:
    """Draft a meeting of ``organisation`` (kind, starts_at, ends_at, place, topic, host,
    recorder)."""
    _check_scope(actor=actor, organisation=organisation)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
    fields.setdefault("host", None)
    fields.setdefault("recorder", None)
    fields.setdefault("place", "")
    _validate_fields(organisation=organisation, fields=fields)
    return Meeting.objects.create(organisation=organisation, created_by=actor, **fields)


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User | None, **fields: Any) -> Meeting:
    """Change a draft meeting; a published notice is not changed silently."""
    _check_scope(actor=actor, organisation=meeting.organisation)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
    if meeting.status != MeetingStatus.DRAFT:
        refuse("status", _("会议通知已发布，不能再修改会议信息。"), "meeting_not_draft")
    merged = {field: getattr(meeting, field) for field in MEETING_FIELDS} | fields
    _validate_fields(organisation=meeting.organisation, fields=merged)
    for field, value in fields.items():
        setattr(meeting, field, value)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_publish(
    *,
    meeting: Meeting,
    actor: User | None,
    attendee_ids: Iterable[int] | None = None,
) -> Meeting:
    """Publish the notice: fix the expected attendees, generate the check-in code and queue
    the task that sends each attendee with an account exactly one message."""
    _check_scope(actor=actor, organisation=meeting.organisation)
    _lock(meeting)
    if meeting.status != MeetingStatus.DRAFT:
        refuse("status", _("该会议通知已经发布。"), "meeting_not_draft")
    if meeting.ends_at <= timezone.now():
        refuse("ends_at", _("会议已结束，不能再发布通知。"), "meeting_in_past")
    candidates = meeting_default_attendees(organisation=meeting.organisation)
    if attendee_ids is None:
        if meeting.kind == MeetingKind.COMMITTEE:
            members = list(meeting_committee_attendees(organisation=meeting.organisation))
            if not members:
                refuse(
                    "attendee_ids",
                    _("「%(name)s」尚未登记班子成员，支部委员会会议请选择参会的支部委员。"),
                    "committee_attendees_required",
                    name=meeting.organisation.name,
                )
        else:
            members = list(candidates)
    else:
        wanted = set(attendee_ids)
        members = list(candidates.filter(pk__in=wanted))
        if len(members) != len(wanted):
            refuse(
                "attendee_ids", _("参会人员应为本组织在册的党员。"), "attendee_outside_organisation"
            )
    if not members:
        refuse("attendee_ids", _("该会议没有应参会的党员。"), "no_attendees")
    MeetingAttendee.objects.bulk_create(
        [MeetingAttendee(meeting=meeting, member=member) for member in members]
    )
    meeting.status = MeetingStatus.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.check_in_code = "".join(
        secrets.choice("0123456789") for _digit in range(CHECK_IN_CODE_DIGITS)
    )
    meeting.save(update_fields=["status", "published_at", "check_in_code"])
    # Each attendee's message is sent by a background task, in batches (meeting_notice_send).
    task_enqueue(meeting_notice_task, meeting.pk)
    audit_record(
        instance=meeting,
        action="partybuild.meeting.publish",
        actor=actor,
        data={"attendees": len(members)},
    )
    return meeting


def meeting_notice_send(*, meeting: Meeting) -> int:
    """会议通知: send each expected attendee with an account the meeting's notice, in batches;
    returns how many were sent. Idempotent: run again (a retried task), it sends only to those
    who have no notice of this meeting yet."""
    start = timezone.localtime(meeting.starts_at)
    recipients = MeetingAttendee.objects.filter(
        meeting=meeting, member__user__isnull=False
    ).values_list("member__user_id", flat=True)
    return message_send_once(
        recipients=list(recipients),
        kind=MessageKind.MEETING,
        title=_("会议通知：%(kind)s") % {"kind": meeting.get_kind_display()},
        body=_("%(org)s定于%(start)s在%(place)s召开%(kind)s，主题：%(topic)s。请及时报名或请假。")
        % {
            "org": meeting.organisation.name,
            "start": f"{start:%Y-%m-%d %H:%M}",
            "place": meeting.place,
            "kind": meeting.get_kind_display(),
            "topic": meeting.topic,
        },
        object_type="meeting",
        object_id=meeting.pk,
    )


@task()
def meeting_notice_task(meeting_id: int) -> int:
    """The background part of :func:`meeting_publish`: the attendees' messages."""
    meeting = Meeting.objects.select_related("organisation").filter(pk=meeting_id).first()
    return 0 if meeting is None else meeting_notice_send(meeting=meeting)


def _attendee_for(*, meeting: Meeting, user: User) -> MeetingAttendee:
    attendee = (
        MeetingAttendee.objects.select_for_update()
        .filter(meeting=meeting, member__user=user)
        .first()
    )
    if attendee is None:
        raise PermissionDenied(_("您不是该会议的参会人员。"))
    return attendee


@transaction.atomic
def meeting_respond(
    *,
    meeting: Meeting,
    user: User,
    response: str,
    leave_reason: str = "",
    now: datetime.datetime | None = None,
) -> MeetingAttendee:
    """The member signs up (``signed_up``) or asks for leave (``leave``, reason required);
    possible while the notice is published and the meeting has not ended."""
    now = now or timezone.now()
    attendee = _attendee_for(meeting=meeting, user=user)
    if response not in (AttendeeResponse.SIGNED_UP, AttendeeResponse.LEAVE):
        refuse("response", _("请选择报名或请假。"), "response_invalid")
    if meeting.status != MeetingStatus.PUBLISHED or now >= meeting.ends_at:
        refuse("response", _("会议已结束，不能再报名或请假。"), "response_closed")
    leave_reason = (leave_reason or "").strip()
    if response == AttendeeResponse.LEAVE and not leave_reason:
        refuse("leave_reason", _("请假请填写事由。"), "leave_reason_required")
    if response == AttendeeResponse.LEAVE and attendee.attended:
        refuse("response", _("您已签到，不能再请假。"), "already_checked_in")
    attendee.response = response
    attendee.leave_reason = leave_reason if response == AttendeeResponse.LEAVE else ""
    attendee.responded_at = now
    attendee.save(update_fields=["response", "leave_reason", "responded_at"])
    return attendee


def meeting_check_in(
    *,
    meeting: Meeting,
    user: User,
    code: str,
    now: datetime.datetime | None = None,
    request=None,
) -> MeetingAttendee:
    """The member checks in with the meeting's code, from 30 minutes before the start until
    the end. Checking in again is harmless.

    Wrong codes are counted per member and meeting by the shared rate limiter
    (``CHECK_IN_LIMIT_SCOPE``): after 设置 › 安全策略's ``check_in_code_failures`` (5) within
    15 minutes, every attempt — a right code too — raises RateLimited until the lock ends, so a
    six-digit code cannot be guessed by trying. A wrong code is counted outside the check-in's
    transaction, so the refusal does not undo it."""
    now = now or timezone.now()
    with transaction.atomic():
        _attendee_for(meeting=meeting, user=user)
    if (
        meeting.status != MeetingStatus.PUBLISHED
        or not meeting.starts_at - CHECK_IN_EARLY <= now <= meeting.ends_at
    ):
        refuse("code", _("不在签到时间内（会议开始前30分钟至会议结束）。"), "check_in_closed")
    keys = [f"{meeting.pk}:{user.pk}"]
    limit = SecurityPolicy.current().check_in_code_failures
    ratelimit_check(
        scope=CHECK_IN_LIMIT_SCOPE,
        keys=keys,
        limit=limit,
        window=CHECK_IN_LIMIT_WINDOW,
        request=request,
        actor=user,
        message=_("签到码错误次数过多，请 %(minutes)d 分钟后再试。"),
    )
    if not secrets.compare_digest(str(code or "").strip(), meeting.check_in_code):
        ratelimit_hit(scope=CHECK_IN_LIMIT_SCOPE, keys=keys, window=CHECK_IN_LIMIT_WINDOW)
        refuse("code", _("签到码不正确。"), "check_in_code_wrong")
    return _attendee_check_in(meeting=meeting, user=user, now=now)


@transaction.atomic
def _attendee_check_in(*, meeting: Meeting, user: User, now: datetime.datetime) -> MeetingAttendee:
    attendee = _attendee_for(meeting=meeting, user=user)
    if not attendee.attended:
        attendee.attended = True
        attendee.checked_in_at = now
        attendee.checked_in_by = None
        if attendee.response == AttendeeResponse.NONE:
            attendee.response = AttendeeResponse.SIGNED_UP
            attendee.responded_at = now
        attendee.save()
    return attendee


def _check_recorder(*, meeting: Meeting, actor: User) -> None:
    """The organisation's administrators and the meeting's recorder keep the record."""
    if meeting.recorder_id and meeting.recorder.user_id == actor.pk:
        return
    _check_scope(actor=actor, organisation=meeting.organisation)


@transaction.atomic
def meeting_attendance_record(
    *, meeting: Meeting, attended_member_ids: Iterable[int], actor: User
) -> int:
    """Record who attended: the given expected attendees attended, the others did not
    (a member's own check-in is kept as theirs). Returns the number attended."""
    _check_recorder(meeting=meeting, actor=actor)
    if meeting.status != MeetingStatus.PUBLISHED:
        refuse("status", _("只有已发布且未结束的会议可以登记出勤。"), "meeting_not_published")
    wanted = set(attended_member_ids)
    attendees = list(MeetingAttendee.objects.select_for_update().filter(meeting=meeting))
    if wanted - {attendee.member_id for attendee in attendees}:
        refuse("attended_member_ids", _("只能登记本会议参会人员的出勤。"), "not_attendee")
    now = timezone.now()
    changed = []
    for attendee in attendees:
        attended = attendee.member_id in wanted
        if attended == attendee.attended:
            continue
        attendee.attended = attended
        attendee.checked_in_at = now if attended else None
        attendee.checked_in_by = actor if attended else None
        changed.append(attendee)
    MeetingAttendee.objects.bulk_update(changed, ["attended", "checked_in_at", "checked_in_by"])
    audit_record(
        instance=meeting,
        action="partybuild.meeting.attendance",
        actor=actor,
        data={"attended": len(wanted)},
    )
    return len(wanted)


@transaction.atomic
def meeting_minutes_save(*, meeting: Meeting, minutes: str, actor: User) -> Meeting:
    """Write the minutes of a meeting that is not closed yet."""
    _check_recorder(meeting=meeting, actor=actor)
    if meeting.status == MeetingStatus.CLOSED:
        refuse("minutes", _("会议已结束，会议记录已锁定，请通过更正提交修改。"), "minutes_locked")
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    return meeting


@transaction.atomic
def meeting_attachment_add(
    *, meeting: Meeting, actor: User, document=None, image=None, caption: str = ""
) -> MeetingAttachment:
    """Attach a document or photo to the minutes (not after closing)."""
    _check_recorder(meeting=meeting, actor=actor)
    if meeting.status == MeetingStatus.CLOSED:
        refuse("minutes", _("会议已结束，会议记录已锁定。"), "minutes_locked")
    if (document is None) == (image is None):
        refuse("document", _("请上传一个文件或一张照片。"), "attachment_required")
    return MeetingAttachment.objects.create(
        meeting=meeting, document=document, image=image, caption=caption, uploaded_by=actor
    )


@transaction.atomic
def meeting_close(
    *, meeting: Meeting, actor: User, now: datetime.datetime | None = None
) -> Meeting:
    """Close a held meeting: needs minutes and attendance; the minutes are locked after."""
    _check_recorder(meeting=meeting, actor=actor)
    now = now or timezone.now()
    _lock(meeting)
    if meeting.status != MeetingStatus.PUBLISHED:
        refuse("status", _("只有已发布且未结束的会议可以结束。"), "meeting_not_published")
    if now < meeting.starts_at:
        refuse("status", _("会议尚未开始，不能结束。"), "meeting_not_started")
    if not meeting.minutes.strip():
        refuse("minutes", _("请先填写会议记录。"), "minutes_required")
    if not meeting.attendees.filter(attended=True).exists():
        refuse("attendance", _("请先登记出勤情况。"), "attendance_required")
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.save(update_fields=["status", "closed_at"])
    audit_record(instance=meeting, action="partybuild.meeting.close", actor=actor)
    return meeting


@transaction.atomic
def meeting_minutes_correct(
    *, meeting: Meeting, minutes: str, reason: str, actor: User
) -> MinutesRevision:
    """Correct a closed meeting's minutes: a revision with the reason keeps the old text."""
    _check_scope(actor=actor, organisation=meeting.organisation)
    _lock(meeting)
    if meeting.status != MeetingStatus.CLOSED:
        refuse("status", _("会议未结束，请直接修改会议记录。"), "meeting_not_closed")
    reason = (reason or "").strip()
    if not reason:
        refuse("reason", _("请填写更正原因。"), "reason_required")
    if not (minutes or "").strip():
        refuse("minutes", _("会议记录不能为空。"), "minutes_required")
    if minutes == meeting.minutes:
        refuse("minutes", _("会议记录没有变化。"), "minutes_unchanged")
    revision = MinutesRevision.objects.create(
        meeting=meeting,
        previous_minutes=meeting.minutes,
        minutes=minutes,
        reason=reason,
        author=actor,
    )
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    audit_record(
        instance=meeting,
        action="partybuild.meeting.minutes_correct",
        actor=actor,
        data={"reason": reason},
    )
    return revision
