"""App API: 登录 — issue a token for a username and password (and the 两步验证 code of an account
that has it on), confirm it, refresh it, revoke it; 修改密码 and 忘记密码 (a code by SMS, the
portal's service: partybuild.services.passwords).

A token expires after 设置 › 安全策略's idle time without use and its absolute age after the
sign-in with a password (401 ``token_expired``); ``refresh`` exchanges a live token for a new one
of the same sign-in (partybuild.services.auth)."""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from partybuild.auth_backends import LOCKED_ATTRIBUTE
from partybuild.forms import lockout_message
from partybuild.models import User
from partybuild.selectors.roles import user_scope_paths, user_scope_roots
from partybuild.services.auth import api_token_issue, api_token_refresh, api_token_revoke
from partybuild.services.passwords import (
    password_reset_code_confirm,
    password_reset_code_send,
    user_password_change,
)
from partybuild.signals import security_event
from partybuild.twofactor.forms import otp_lockout_message
from partybuild.twofactor.selectors import twofactor_required
from partybuild.twofactor.services import TwoFactorLocked, twofactor_verify
from partysite.api.errors import ApiError, error_responses

router = Router(tags=["登录"])


class CredentialsIn(Schema):
    """A username and password to sign in with."""

    username: str = Field(
        ..., min_length=1, max_length=150, description="账号，或本人的完整手机号码"
    )
    password: str = Field(..., min_length=1, max_length=128, description="密码")
    otp_code: str | None = Field(
        None,
        max_length=32,
        description="两步验证码：身份验证器的 6 位动态验证码，或一个恢复码（用后作废）。"
        "账号已开启两步验证，或须开启两步验证（管理员）时必填。",
    )


class OrganisationBrief(Schema):
    """The organisation an account administers."""

    id: int
    name: str


class UserOut(Schema):
    """The signed-in account."""

    id: int
    username: str
    name: str
    is_superuser: bool
    is_administrator: bool
    administered_organisation: OrganisationBrief | None
    member_id: int | None
    password_change_required: bool
    two_factor_enabled: bool = Field(
        ..., description="已开启两步验证（登录须输入动态验证码）；在门户或管理后台设置"
    )
    two_factor_required: bool = Field(..., description="账号须开启两步验证（管理员，且系统要求）")


class TokenOut(Schema):
    """A new bearer token and the account it signs in."""

    token: str
    user: UserOut


class LoggedOut(Schema):
    """The token in use was revoked."""

    revoked: bool


def user_data(user: User) -> dict:
    """The UserOut fields of ``user`` (select its member). ``administered_organisation`` is the
    top organisation of the account's scope (the first root of its role assignments in force)."""
    paths = user_scope_paths(user=user)
    organisation = user_scope_roots(user=user).first() if paths else None
    member = getattr(user, "member", None)
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.name or user.username,
        "is_superuser": user.is_superuser,
        "is_administrator": paths != [],
        "administered_organisation": (
            {"id": organisation.pk, "name": organisation.name} if organisation else None
        ),
        "member_id": member.pk if member is not None else None,
        "password_change_required": user.password_change_required,
        "two_factor_enabled": user.two_factor_enabled,
        "two_factor_required": twofactor_required(user=user),
    }


def _second_factor_check(request, *, user: User, code: str | None) -> None:
    """After the password: the code of an account with 两步验证 on, or the refusal of an
    administrator who must enrol first (partybuild/twofactor)."""
    if not user.two_factor_enabled:
        if twofactor_required(user=user):
            raise ApiError(
                403,
                "otp_enrolment_required",
                _("管理员账号须先在管理后台开启两步验证，才能登录 App。"),
            )
        return
    if not (code or "").strip():
        raise ApiError(
            401,
            "otp_required",
            _("该账号已开启两步验证，请输入身份验证器显示的 6 位动态验证码。"),
            fields={"otp_code": [_("请输入验证码。")]},
        )
    try:
        twofactor_verify(user=user, code=code, request=request)
    except TwoFactorLocked as locked:
        raise ApiError(
            429,
            "otp_locked",
            otp_lockout_message(locked.seconds),
            headers={"Retry-After": str(locked.seconds)},
        ) from None
    except ValidationError as error:
        raise ApiError(
            401, "otp_invalid", error.messages[0], fields={"otp_code": error.messages}
        ) from None


@router.post(
    "token",
    auth=None,
    response={200: TokenOut, **error_responses(403, 429)},
    summary="用账号和密码登录，取得令牌",
    description="令牌放在请求头 Authorization: Bearer … 中使用。按安全策略（默认 15 分钟内）："
    "同一账号在同一地址失败 5 次、同一账号累计失败 15 次，或同一地址失败 20 次后该地址试过的账号，"
    "在锁定时间内拒绝登录（429 login_locked）。"
    "令牌长时间未使用或超过有效期后失效（401 token_expired），可用 POST auth/refresh 换取新令牌。"
    "账号已开启两步验证，或须开启两步验证（管理员）时，还须提供 otp_code："
    "缺少时答复 401 otp_required，错误时 401 otp_invalid；同一账号 15 分钟内错误 5 次后，"
    "15 分钟内拒绝验证码（429 otp_locked，带 Retry-After）。须开启两步验证但尚未设置的管理员"
    "答复 403 otp_enrolment_required（先在管理后台设置）。",
)
def auth_token(request, credentials: CredentialsIn):
    user = authenticate(request, username=credentials.username, password=credentials.password)
    locked = getattr(request, LOCKED_ATTRIBUTE, None)
    if locked:
        raise ApiError(
            429, "login_locked", lockout_message(locked), headers={"Retry-After": str(locked)}
        )
    if user is None:
        raise ApiError(401, "invalid_credentials", _("账号或密码不正确。"))
    _second_factor_check(request, user=user, code=credentials.otp_code)
    user = User.objects.select_related("member").get(pk=user.pk)
    token = api_token_issue(user=user)
    security_event.send(
        sender=User,
        event="login.success",
        actor=user,
        request=request,
        target=user,
        detail={"channel": "app"},
    )
    return {"token": token, "user": user_data(user)}


@router.get(
    "whoami", response={200: UserOut, **error_responses()}, summary="确认令牌，返回当前账号"
)
def auth_whoami(request):
    user = User.objects.select_related("member").get(pk=request.user.pk)
    return user_data(user)


@router.post(
    "refresh",
    response={200: TokenOut, **error_responses()},
    summary="续期令牌：换发新令牌并吊销当前令牌",
    description="当前令牌须仍有效（未超过空闲失效时间和最长有效期）。新令牌的空闲时间重新计算，"
    "最长有效期仍自最初用账号密码登录时起算（设置 › 安全策略），到期后须重新登录。",
)
def auth_token_refresh(request):
    token = api_token_refresh(token=request.auth, request=request)
    user = User.objects.select_related("member").get(pk=request.user.pk)
    return {"token": token, "user": user_data(user)}


@router.post(
    "logout", response={200: LoggedOut, **error_responses()}, summary="退出登录，吊销当前令牌"
)
def auth_logout(request):
    api_token_revoke(token=request.auth)
    security_event.send(
        sender=User,
        event="logout",
        actor=request.user,
        request=request,
        target=request.user,
        detail={"channel": "app"},
    )
    return {"revoked": True}


class PasswordChangeIn(Schema):
    """The current password and the new one."""

    old_password: str = Field(..., min_length=1, max_length=128, description="原密码")
    new_password: str = Field(..., min_length=1, max_length=128, description="新密码")


@router.post(
    "password",
    response={200: TokenOut, **error_responses()},
    summary="修改我的密码",
    description="新密码须符合密码规则。修改后本账号的全部令牌（含当前令牌）失效，响应给出新令牌；"
    "使用管理员发放的初始密码或重置密码的账号，修改前其他接口均答复 403 password_change_required。",
)
def auth_password_change(request, body: PasswordChangeIn):
    user = user_password_change(
        user=request.user, old_password=body.old_password, new_password=body.new_password
    )
    user = User.objects.select_related("administered_organisation", "member").get(pk=user.pk)
    return {"token": api_token_issue(user=user), "user": user_data(user)}


class PasswordForgotIn(Schema):
    """The account whose password is forgotten."""

    account: str = Field(..., min_length=1, max_length=150, description="账号或手机号码")


class PasswordForgotOut(Schema):
    """The same answer whether or not the account exists."""

    message: str


class ForgottenPasswordResetIn(Schema):
    """The code received by SMS and the new password."""

    account: str = Field(..., min_length=1, max_length=150, description="账号或手机号码")
    code: str = Field(..., min_length=1, max_length=16, description="短信验证码（6 位数字）")
    new_password: str = Field(..., min_length=1, max_length=128, description="新密码")


class ForgottenPasswordResetOut(Schema):
    """The password was reset: sign in with it."""

    message: str


@router.post(
    "password/forgot",
    auth=None,
    response={200: PasswordForgotOut, **error_responses(429)},
    summary="忘记密码：向账号登记的手机发送验证码",
    description="账号填登录账号或完整的手机号码。无论账号是否存在、是否登记了手机号码，答复都相同"
    "（不泄露哪些账号存在）；验证码 10 分钟内有效，只能使用一次，新验证码使旧的作废。"
    "同一账号或同一地址每小时请求次数有限（设置 › 安全策略），超过后答复 429 rate_limited，"
    "带 Retry-After。",
)
def auth_password_forgot(request, body: PasswordForgotIn):
    password_reset_code_send(account=body.account, request=request)
    return {"message": _("如果该账号存在并登记了手机号码，验证码已发送到该手机，10 分钟内有效。")}


@router.post(
    "password/reset",
    auth=None,
    response={200: ForgottenPasswordResetOut, **error_responses(429)},
    summary="忘记密码：用短信验证码设置新密码",
    description="验证码错误、已使用、已过期或账号不存在时一律答复 422 reset_code_invalid；"
    "新密码须符合密码规则（422，fields.new_password）。15 分钟内同一账号或地址错误 5 次后"
    "答复 429 rate_limited。成功后该账号的全部会话和令牌失效，须用新密码重新登录。",
)
def auth_password_reset(request, body: ForgottenPasswordResetIn):
    password_reset_code_confirm(
        account=body.account, code=body.code, new_password=body.new_password, request=request
    )
    return {"message": _("密码已重置，请用新密码登录。")}
