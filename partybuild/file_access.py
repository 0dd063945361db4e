"""Who may open a private file: whoever may see the register object it belongs to.

A :class:`~partybuild.models.PrivateFile` knows nothing of its owner; the owners are the register
fields that point at it. Each such field is listed in :data:`FILE_OWNERS` with the rule of its
object, so a file is served when at least one object holding it lets the user see it, and to
nobody otherwise (an unlisted field grants nothing; ``tests/partybuild/test_private_files.py``
checks that every field pointing at PrivateFile is listed). Each app lists its own fields in its
``files`` module (e.g. ``partybuild/orglife/files.py``), registered when the app is ready.

The rules are those of the objects' own pages: the applicant and the administrators of the
applicant's branch subtree for recruitment material, the administrators of the meeting's
organisation subtree and the meeting's attendees for minutes, the issuer's and the target's
administrators for inspection responses, and so on.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from partybuild.models import Member, PrivateFile, User
from partybuild.selectors.organisations import organisation_is_in_scope


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


#: Every register field that holds private files; each app adds its own with
#: :func:`file_owner_register` when it is ready.
FILE_OWNERS: list[FileOwner] = []


def file_owner_register(*owners: FileOwner) -> None:
    """Make ``owners`` known to :func:`private_file_may_open` (an app's ``files`` module calls
    this from its ``AppConfig.ready``)."""
    for owner in owners:
        if owner not in FILE_OWNERS:
            FILE_OWNERS.append(owner)


file_owner_register(FileOwner(Member, "photo", _member_may_open, ("organisation",)))


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
