"""App API: 我的 — my account, my dossier (masked), my transfers and my change requests
(我的党费 is the dues app's, partybuild/dues/api.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.member_schemas import DOSSIER_PREFETCH, MemberDossierOut, member_dossier_data
from partybuild.api.record_schemas import (
    ChangeRequestOut,
    TransferOut,
    change_request_data,
    transfer_data,
)
from partybuild.core.privacy import mask_identifier
from partybuild.models import SELF_SERVICE_FIELDS, Member, MemberChangeRequest
from partybuild.selectors.change_requests import MASKED_FIELDS
from partybuild.selectors.transfers import transfer_history_for_member
from partybuild.services.change_requests import change_request_submit
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped

router = Router(tags=["我的"])


class AccountOut(Schema):
    """The signed-in account (mobile number masked)."""

    id: int
    username: str
    name: str
    phone: str


class MeOut(Schema):
    """My account; ``member`` is my dossier, or null for an account without one."""

    account: AccountOut
    member: MemberDossierOut | None
    transfers: list[TransferOut]


class ChangeRequestIn(Schema):
    """A change request: the dossier fields to change and their new values."""

    changes: dict[str, str] = Field(
        ..., description='字段名 → 新值，如 {"phone": "13800000000"}', max_length=20
    )


class FieldChoiceOut(Schema):
    value: str
    label: str


class ChangeRequestFieldOut(Schema):
    """A dossier field a member may ask to change themselves."""

    field: str = Field(description="字段名，即 changes 的键，也是 /api/app/me/ 档案中的字段")
    label: str = Field(description="中文名称，如「手机号码」")
    max_length: int | None = Field(None, description="最多字数")
    choices: list[FieldChoiceOut] = Field(description="可选值（如学历）；为空则自由填写")
    masked: bool = Field(description="档案中显示为脱敏值（如手机号码），申请时须填写完整的新值")


def change_request_field_data() -> list[dict]:
    """The self-service fields in the dossier's order, with their choices."""
    fields = []
    for name in SELF_SERVICE_FIELDS:
        model_field = Member._meta.get_field(name)
        fields.append(
            {
                "field": name,
                "label": str(model_field.verbose_name),
                "max_length": model_field.max_length,
                "choices": [
                    {"value": value, "label": str(label)}
                    for value, label in (model_field.choices or [])
                ],
                "masked": name in MASKED_FIELDS,
            }
        )
    return fields


def _my_member(user) -> Member | None:
    """The caller's own dossier with what member_dossier_data reads, or None."""
    return (
        Member.objects.select_related("organisation")
        .prefetch_related(*DOSSIER_PREFETCH)
        .filter(user=user)
        .first()
    )


@router.get("", response={200: MeOut, **error_responses()}, summary="我的账号与党员档案")
def me_detail(request):
    user = request.user
    member = _my_member(user)
    transfers = []
    if member is not None:
        for transfer in transfer_history_for_member(user=user, member=member):
            transfer.member = member  # all are the caller's: no query per row for its member
            transfers.append(transfer_data(transfer))
    return {
        "account": {
            "id": user.pk,
            "username": user.username,
            "name": user.name or user.username,
            "phone": mask_identifier(user.phone, kind="mobile"),
        },
        "member": member_dossier_data(member) if member is not None else None,
        "transfers": transfers,
    }


@router.post(
    "change-requests",
    response={201: ChangeRequestOut, **error_responses(403)},
    summary="申请修改本人档案",
)
def me_change_request_create(request, payload: ChangeRequestIn):
    member = _my_member(request.user)
    if member is None:
        raise PermissionDenied(_("您的账号没有关联党员档案。"))
    change_request = change_request_submit(
        member=member, actor=request.user, changes=payload.changes
    )
    change_request.member = member
    return Status(201, change_request_data(change_request))


@router.get(
    "change-requests/fields",
    response={200: list[ChangeRequestFieldOut], **error_responses()},
    summary="可申请修改的档案字段",
    description="本人可申请修改的档案字段及其可选值；其他字段（如人员类别、入党日期、所在党组织）"
    "由党组织修改。",
)
def me_change_request_fields(request):
    return change_request_field_data()


@router.get(
    "change-requests",
    response={200: list[ChangeRequestOut], **error_responses()},
    summary="我的档案修改申请",
)
@paginate(AppPagination)
def me_change_request_list(request):
    requests = (
        MemberChangeRequest.objects.filter(member__user=request.user)
        .select_related("member")
        .order_by("-requested_at", "-pk")
    )
    return Mapped(requests, change_request_data)
