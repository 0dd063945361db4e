"""The code form of 两步验证 (sign-in and enrolment)."""

import math

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


def otp_lockout_message(seconds: int) -> str:
    """What a person reads while code entry is locked."""
    return _("验证码错误次数过多，请 %(minutes)d 分钟后再试。") % {
        "minutes": max(1, math.ceil(seconds / 60))
    }


SIGN_IN_HELP = _lazy(
    "输入身份验证器显示的 6 位数字；手机不在身边时，可输入一个恢复码（每个限用一次）。"
)
ENROLMENT_HELP = _lazy("输入身份验证器显示的 6 位数字，确认设置成功。")


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator, or (``recovery`` allowed) a recovery code."""

    otp_code = forms.CharField(
        label=_lazy("验证码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def __init__(self, *args, recovery: bool = True, ask_password: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_code"].help_text = SIGN_IN_HELP if recovery else ENROLMENT_HELP
        if ask_password:
            self.fields["password"] = password_field()


def password_field() -> forms.CharField:
    """The account's current password, typed again before a change that weakens it."""
    return forms.CharField(
        label=_lazy("登录密码"),
        strip=False,
        max_length=128,
        help_text=_lazy("为确认是您本人操作，请再次输入登录密码。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordConfirmForm(forms.Form):
    """The account's password, typed again (turning 两步验证 off, new recovery codes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"] = password_field()
