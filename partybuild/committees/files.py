"""Who may open a 换届's 请示 document (partybuild/file_access.py): the administrators of the
organisation and of those above it."""

from partybuild.committees.models import Reelection
from partybuild.file_access import FileOwner, file_owner_register
from partybuild.models import User
from partybuild.selectors.organisations import organisation_is_in_scope


def _reelection_may_open(user: User, reelection: Reelection) -> bool:
    return organisation_is_in_scope(user=user, organisation=reelection.organisation)


def register() -> None:
    """Called from the app's ``ready``."""
    file_owner_register(
        FileOwner(Reelection, "request_document", _reelection_may_open, ("organisation",))
    )
