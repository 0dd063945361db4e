"""App API: 党员登录账号 — an administrator makes logins for members of their subtree and resets a
member's password (partybuild/services/member_logins.py, partybuild/services/passwords.py).

The one-time passwords are in the response once and never again; the account name is masked like
a mobile number where it is one (the member knows their own number), as on the xlsx list.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field, model_validator

from partybuild.api.access import require_administrator
from partybuild.models import Member
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.services.member_logins import (
    member_logins_create,
    member_logins_create_for_organisation,
)
from partybuild.services.passwords import IssuedPassword, user_password_reset
from partysite.api.errors import ApiError, error_responses
from partysite.api.types import IdField, ObjectId

router = Router(tags=["党员登录账号"])


class MemberLoginsIn(Schema):
    """Either the members (ids) or one organisation whose members on the roll without a login
    get one."""

    member_ids: list[IdField] | None = Field(None, max_length=500, description="党员 id")
    organisation_id: IdField | None = Field(
        None, description="党组织 id：为其及下级组织在册且无账号的党员创建"
    )
    by_sms: bool = Field(False, description="有手机号码的党员通过短信收到密码")

    @model_validator(mode="after")
    def one_of(self):
        if (self.member_ids is None) == (self.organisation_id is None):
            raise ValueError("member_ids 与 organisation_id 须且只须给出一个")
        return self


class PasswordResetIn(Schema):
    """How the new password reaches the member."""

    by_sms: bool = Field(False, description="通过短信发送（须有手机号码）")


class IssuedLoginOut(Schema):
    """A login with its one-time password (null when it was sent by text message)."""

    member_id: int | None
    name: str
    organisation: str
    account: str = Field(..., description="账号（为手机号码时脱敏）")
    password: str | None = Field(None, description="一次性密码，只返回这一次")
    sent_by_sms: bool


def _issued_data(issued: IssuedPassword) -> dict:
    return {
        "member_id": issued.member.pk if issued.member is not None else None,
        "name": issued.member.name if issued.member is not None else str(issued.account),
        "organisation": issued.organisation_name,
        "account": issued.masked_account,
        "password": None if issued.sent_by_sms else issued.password,
        "sent_by_sms": issued.sent_by_sms,
    }


@router.post(
    "",
    response={201: list[IssuedLoginOut], **error_responses(403, 404)},
    summary="为党员创建登录账号",
    description="账号为「dy」加六位党员档案编号，党员也可以用本人的手机号码登录。整批创建：有党员"
    "已有账号、不在册或账号重复时整批不创建（422，逐一列出）。一次性密码只在此返回一次，首次登录须修改。",
)
def member_logins_create_op(request, body: MemberLoginsIn):
    require_administrator(request.user, "partybuild.change_member")
    if body.organisation_id is not None:
        organisation = get_object_or_404(
            organisation_scope_for_user(user=request.user), pk=body.organisation_id
        )
        issued = member_logins_create_for_organisation(
            organisation=organisation, actor=request.user, by_sms=body.by_sms
        )
    else:
        members = list(Member.objects.filter(pk__in=body.member_ids))
        if len(members) != len(set(body.member_ids)):
            raise Member.DoesNotExist
        issued = member_logins_create(members=members, actor=request.user, by_sms=body.by_sms)
    return Status(201, [_issued_data(item) for item in issued])


@router.post(
    "{member_id}/reset-password",
    response={200: IssuedLoginOut, **error_responses(403, 404, 409)},
    summary="重置党员的密码",
    description="生成新的一次性密码（只返回这一次），原密码和该党员的全部令牌失效，下次登录须修改。",
)
def member_login_password_reset(request, member_id: ObjectId, body: PasswordResetIn):
    require_administrator(request.user, "partybuild.change_member")
    member = get_object_or_404(member_scope_for_user(user=request.user), pk=member_id)
    if member.user_id is None:
        raise ApiError(409, "member_without_login", _("该党员还没有登录账号，请先创建。"))
    if member.user_id == request.user.pk:
        raise PermissionDenied(_("不能重置自己的密码，请使用修改密码。"))
    issued = user_password_reset(account=member.user, actor=request.user, by_sms=body.by_sms)
    return _issued_data(issued)
