"""Audit records for access to personal data: seeing a full value leaves a record.

Records go to Wagtail's audit log (admin › 报告 › 站点历史), so they are searchable with the rest.
"""

from collections.abc import Iterable

from wagtail.log_actions import log

from partybuild.models import Member, User

IDENTITY_REVEAL_ACTION = "partybuild.identity_reveal"


def identity_reveal_record(*, actor: User, members: Iterable[Member], context: str) -> int:
    """Record that ``actor`` saw the full ID and phone numbers of ``members``.

    ``context`` says where (e.g. "inspect", "export"). Returns the number of records written.
    """
    count = 0
    for member in members:
        log(member, IDENTITY_REVEAL_ACTION, user=actor, data={"context": context})
        count += 1
    return count
