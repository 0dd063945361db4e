"""Self-service dossier changes: a member asks, an administrator of their organisation decides.

Only :data:`~partybuild.models.SELF_SERVICE_FIELDS` may be asked for. Values are validated as the
dossier validates them (the model's field validators and ``Member.clean``) by applying them to a
fresh copy of the member, so a request that would be refused on approval is refused on
submission. Only approval changes the dossier; every request stays as history, with the values
before the change recorded in ``previous``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.models import (
    SELF_SERVICE_FIELDS,
    ChangeRequestStatus,
    Member,
    MemberChangeRequest,
    User,
)
from partybuild.selectors.change_requests import change_request_field_label
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_change_request_decided


def _normalise(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _named(field: str, error: ValidationError) -> list[ValidationError]:
    """The field's errors, each message starting with the field's Chinese name."""
    label = change_request_field_label(field)
    named = []
    for item in error.error_list:
        for message in item.messages:
            text = message if label in message else f"{label}：{message}"
            named.append(ValidationError(text, code=item.code))
    return named


def _apply_and_validate(*, member: Member, changes: dict[str, str]) -> None:
    """Set ``changes`` on ``member`` (not saved) and raise the errors of those fields."""
    for field, value in changes.items():
        setattr(member, field, value)
    untouched = [f.name for f in Member._meta.concrete_fields if f.name not in changes]
    try:
        member.full_clean(exclude=untouched, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        # Problems elsewhere in the dossier are the organisation's to fix, not the member's.
        errors = {
            field: _named(field, ValidationError(field_errors))
            for field, field_errors in error.error_dict.items()
            if field in changes
        }
        if errors:
            raise ValidationError(errors) from None


def _lock_member(member: Member) -> Member:
    return (
        Member.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=member.pk)
    )


def _lock_request(request: MemberChangeRequest) -> MemberChangeRequest:
    return (
        MemberChangeRequest.objects.select_for_update(of=("self",))
        .select_related("member", "member__organisation")
        .get(pk=request.pk)
    )


def _require_pending(request: MemberChangeRequest) -> None:
    if request.status != ChangeRequestStatus.PENDING:
        raise ValidationError(
            _("该申请已是「%(status)s」状态，不能再审核。"),
            code="change_request_not_pending",
            params={"status": request.get_status_display()},
        )


def _check_may_decide(*, actor: User | None, request: MemberChangeRequest) -> None:
    if actor is None:  # the system
        return
    if not organisation_is_in_scope(user=actor, organisation=request.member.organisation):
        raise PermissionDenied(_("您无权审核该党员的档案修改申请。"))
    if request.requested_by_id == actor.pk:
        raise PermissionDenied(_("不能审核本人提交的档案修改申请，请由上级党组织审核。"))


@transaction.atomic
def change_request_submit(
    *, member: Member, actor: User, changes: dict[str, Any]
) -> MemberChangeRequest:
    """The member asks to change fields of their own dossier; the request waits for a decision."""
    if (
        actor is None
        or not actor.is_authenticated
        or not actor.is_active
        or member.user_id is None
        or member.user_id != actor.pk
    ):
        raise PermissionDenied(_("只能申请修改本人的党员档案。"))
    candidate = _lock_member(member)
    if not candidate.is_on_roll:
        raise ValidationError(
            _("您的组织关系已转出，档案不再接受修改申请。"), code="member_not_on_roll"
        )

    not_allowed = {
        field: ValidationError(
            _("「%(label)s」不能由本人申请修改，请联系所在党支部。"),
            code="field_not_self_service",
            params={"label": change_request_field_label(field)},
        )
        for field in changes
        if field not in SELF_SERVICE_FIELDS
    }
    if not_allowed:
        raise ValidationError(not_allowed)

    wanted = {
        field: _normalise(value)
        for field, value in changes.items()
        if _normalise(value) != (getattr(candidate, field) or "")
    }
    if not wanted:
        raise ValidationError(_("没有需要修改的内容。"), code="no_changes")

    pending_fields = set()
    for pending in MemberChangeRequest.objects.filter(
        member=candidate, status=ChangeRequestStatus.PENDING
    ).only("changes"):
        pending_fields.update(pending.changes)
    clashes = {
        field: ValidationError(
            _("「%(label)s」已有待审核的修改申请，请等待审核结果后再申请。"),
            code="change_pending_exists",
            params={"label": change_request_field_label(field)},
        )
        for field in wanted
        if field in pending_fields
    }
    if clashes:
        raise ValidationError(clashes)

    _apply_and_validate(member=candidate, changes=wanted)
    return MemberChangeRequest.objects.create(
        member=candidate,
        changes=wanted,
        requested_by=actor,
        status=ChangeRequestStatus.PENDING,
    )


@transaction.atomic
def change_request_approve(
    *, request: MemberChangeRequest, actor: User | None
) -> MemberChangeRequest:
    """Apply the requested values to the dossier, recording the values they replace."""
    request = _lock_request(request)
    _check_may_decide(actor=actor, request=request)
    _require_pending(request)
    member = _lock_member(request.member)
    changes = {
        field: value for field, value in request.changes.items() if field in SELF_SERVICE_FIELDS
    }
    previous = {field: getattr(member, field) or "" for field in changes}
    _apply_and_validate(member=member, changes=changes)
    member.save(update_fields=[*changes, "updated_at"])
    request.previous = previous
    request.status = ChangeRequestStatus.APPROVED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["previous", "status", "decided_by", "decided_at"])
    data = {"request": request.pk, "fields": sorted(request.changes)}
    for instance in (request, member):
        audit_record(
            instance=instance, action="partybuild.change_request.approve", actor=actor, data=data
        )
    message_change_request_decided(change_request=request)
    return request


@transaction.atomic
def change_request_reject(
    *, request: MemberChangeRequest, actor: User | None, reason: str
) -> MemberChangeRequest:
    """Refuse the request with a reason the member sees; the dossier is not changed."""
    request = _lock_request(request)
    _check_may_decide(actor=actor, request=request)
    _require_pending(request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"decision_reason": ValidationError(_("请填写驳回理由。"), code="reason_required")}
        )
    request.status = ChangeRequestStatus.REJECTED
    request.decision_reason = reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        instance=request,
        action="partybuild.change_request.reject",
        actor=actor,
        data={"request": request.pk, "reason": reason},
    )
    message_change_request_decided(change_request=request)
    return request
