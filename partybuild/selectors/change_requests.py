"""Reads of dossier change requests, scoped to the members the user administers."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from partybuild.models import MemberChangeRequest, User
from partybuild.selectors.members import member_scope_for_user


def change_request_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[MemberChangeRequest]:
    """Requests of the members the user administers, with what the listing shows."""
    return MemberChangeRequest.objects.filter(
        member__in=member_scope_for_user(user=user)
    ).select_related("member", "member__organisation", "requested_by", "decided_by")
