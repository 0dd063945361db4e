"""Who may open a private file: whoever may see the register object it belongs to.

A :class:`~partybuild.models.PrivateFile` knows nothing of its owner; the owners are the register
fields that point at it. Each such field is listed in :data:`FILE_OWNERS` with the rule of its
object, so a file is served when at least one object holding it lets the user see it, and to
nobody otherwise (an unlisted field grants nothing; ``tests/partybuild/test_private_files.py``
checks that every field pointing at PrivateFile is listed).

The rules are those of the objects' own pages: the applicant and the administrators of the
applicant's branch subtree for recruitment material, the administrators of the meeting's
organisation subtree and the meeting's attendees for minutes, the issuer's and the target's
administrators for inspection responses, and so on.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from partybuild.models import (
    CandidateStep,
    CandidateSubmission,
    ExperienceStatus,
    InspectionAttachment,
    MeetingAttachment,
    MeetingAttendee,
    Member,
    MicroExperience,
    MicroWish,
    PrivateFile,
    User,
)
from partybuild.selectors.members import member_for_user
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.wishes import wish_area_root, wish_visible_to_user


@dataclass(frozen=True)
class FileOwner:
    """A register field that holds private files, and who may see its objects."""

    model: type[Model]
    field: str
    may_open: Callable[[User, Model], bool]
    related: tuple[str, ...] = ()


def _member_may_open(user: User, member: Member) -> bool:
    return member.user_id == user.pk or organisation_is_in_scope(
        user=user, organisation=member.organisation
    )


def _wish_may_open(user: User, wish: MicroWish) -> bool:
    member = member_for_user(user=user, on_roll=True)
    return wish_visible_to_user(user=user, member=member).filter(pk=wish.pk).exists()


def _experience_may_open(user: User, experience: MicroExperience) -> bool:
    if experience.author.user_id == user.pk:
        return True
    if organisation_is_in_scope(user=user, organisation=experience.organisation):
        return True
    if experience.status != ExperienceStatus.APPROVED:
        return False
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        return False
    area = wish_area_root(organisation=member.organisation)
    return experience.organisation.path.startswith(area.path)


def _candidate_may_open(user: User, candidate) -> bool:
    if candidate.user_id == user.pk:
        return True
    if candidate.member_id is not None and candidate.member.user_id == user.pk:
        return True
    return organisation_is_in_scope(user=user, organisation=candidate.organisation)


def _meeting_may_open(user: User, attachment: MeetingAttachment) -> bool:
    meeting = attachment.meeting
    if organisation_is_in_scope(user=user, organisation=meeting.organisation):
        return True
    return MeetingAttendee.objects.filter(meeting=meeting, member__user=user).exists()


def _inspection_may_open(user: User, attachment: InspectionAttachment) -> bool:
    assignment = attachment.assignment
    return organisation_is_in_scope(
        user=user, organisation=assignment.organisation
    ) or organisation_is_in_scope(user=user, organisation=assignment.task.issuer)


FILE_OWNERS: tuple[FileOwner, ...] = (
    FileOwner(Member, "photo", _member_may_open, ("organisation",)),
    FileOwner(MicroWish, "image", _wish_may_open),
    FileOwner(MicroWish, "fulfilment_photo", _wish_may_open),
    FileOwner(MicroExperience, "image", _experience_may_open, ("author", "organisation")),
    FileOwner(MicroExperience, "attachment", _experience_may_open, ("author", "organisation")),
    FileOwner(
        CandidateStep,
        "document",
        lambda user, step: _candidate_may_open(user, step.candidate),
        ("candidate__organisation", "candidate__member"),
    ),
    FileOwner(
        CandidateSubmission,
        "attachment",
        lambda user, submission: _candidate_may_open(user, submission.candidate),
        ("candidate__organisation", "candidate__member"),
    ),
    FileOwner(MeetingAttachment, "document", _meeting_may_open, ("meeting__organisation",)),
    FileOwner(MeetingAttachment, "image", _meeting_may_open, ("meeting__organisation",)),
    FileOwner(
        InspectionAttachment,
        "document",
        _inspection_may_open,
        ("assignment__organisation", "assignment__task__issuer"),
    ),
)


def private_file_may_open(*, user: User | AnonymousUser, file: PrivateFile) -> bool:
    """Whether ``user`` may open ``file``: an active account that may see an object holding it."""
    if not user.is_authenticated or not user.is_active:
        return False
    for owner in FILE_OWNERS:
        holders = owner.model.objects.filter(**{owner.field: file})
        if owner.related:
            holders = holders.select_related(*owner.related)
        if any(owner.may_open(user, holder) for holder in holders[:20]):
            return True
    return False
