"""Reads of dossier change requests, scoped to the members the user administers."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, QuerySet, Value, When

from partybuild.models import ChangeRequestStatus, MemberChangeRequest, User
from partybuild.selectors.members import member_scope_for_user


def change_request_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[MemberChangeRequest]:
    """Requests of the members the user administers, with what the listing shows."""
    return MemberChangeRequest.objects.filter(
        member__in=member_scope_for_user(user=user)
    ).select_related("member", "member__organisation", "requested_by", "decided_by")


def change_request_list_for_review(
    *, user: User | AnonymousUser, status: str | None = None
) -> QuerySet[MemberChangeRequest]:
    """The requests the user may decide: pending ones first, then newest first."""
    requests = change_request_scope_for_user(user=user)
    if status is not None:
        requests = requests.filter(status=status)
    return requests.annotate(
        waiting=Case(
            When(status=ChangeRequestStatus.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("waiting", "-requested_at", "-pk")
