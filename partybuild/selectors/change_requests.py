"""Reads of dossier change requests, scoped to the members the user administers."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, IntegerField, QuerySet, Value, When

from partybuild.core.privacy import mask_identifier
from partybuild.models import ChangeRequestStatus, Member, MemberChangeRequest, User
from partybuild.selectors.members import member_scope_for_user

#: Dossier fields shown masked (docs/domain.md §2) and the kind passed to mask_identifier.
MASKED_FIELDS = {"phone": "mobile"}


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


def change_request_field_label(field: str) -> str:
    """The Chinese name of a dossier field (e.g. 手机号码 for ``phone``)."""
    try:
        return str(Member._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def display_value(field: str, value, *, reveal: bool) -> str:
    """A dossier value as people read it: choice labels, masked phone numbers, 「（空）」."""
    if value in (None, ""):
        return "（空）"
    if field in MASKED_FIELDS and not reveal:
        return mask_identifier(str(value), kind=MASKED_FIELDS[field])
    model_field = Member._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def change_rows(change_request: MemberChangeRequest, *, reveal: bool) -> list[dict]:
    """One row per requested field: its name, the value now (or before approval), the request."""
    member = change_request.member
    rows = []
    for field, requested in change_request.changes.items():
        if change_request.status == ChangeRequestStatus.APPROVED:
            before = change_request.previous.get(field, "")
        else:
            before = getattr(member, field, "")
        rows.append(
            {
                "field": field,
                "label": change_request_field_label(field),
                "before": display_value(field, before, reveal=reveal),
                "requested": display_value(field, requested, reveal=reveal),
            }
        )
    return rows
