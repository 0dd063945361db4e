"""Who may open the attachments and photos of minutes (partybuild/file_access.py)."""

from partybuild.file_access import FileOwner, file_owner_register
from partybuild.models import User
from partybuild.orglife.models import MeetingAttachment, MeetingAttendee
from partybuild.selectors.organisations import organisation_is_in_scope


def _meeting_may_open(user: User, attachment: MeetingAttachment) -> bool:
    meeting = attachment.meeting
    if organisation_is_in_scope(user=user, organisation=meeting.organisation):
        return True
    return MeetingAttendee.objects.filter(meeting=meeting, member__user=user).exists()


def register() -> None:
    """Called from the app's ``ready``."""
    file_owner_register(
        FileOwner(MeetingAttachment, "document", _meeting_may_open, ("meeting__organisation",)),
        FileOwner(MeetingAttachment, "image", _meeting_may_open, ("meeting__organisation",)),
    )
