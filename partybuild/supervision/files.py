"""Who may open the attachments of inspection responses (partybuild/file_access.py)."""

from partybuild.file_access import FileOwner, file_owner_register
from partybuild.models import User
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.supervision.models import InspectionAttachment


def _inspection_may_open(user: User, attachment: InspectionAttachment) -> bool:
    assignment = attachment.assignment
    return organisation_is_in_scope(
        user=user, organisation=assignment.organisation
    ) or organisation_is_in_scope(user=user, organisation=assignment.task.issuer)


def register() -> None:
    """Called from the app's ``ready``."""
    file_owner_register(
        FileOwner(
            InspectionAttachment,
            "document",
            _inspection_may_open,
            ("assignment__organisation", "assignment__task__issuer"),
        ),
    )
