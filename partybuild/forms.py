"""Sign-in forms that say when the lockout, not a wrong password, refused the attempt."""

import math

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from wagtail.admin.forms.auth import LoginForm

from partybuild.auth_backends import LOCKED_ATTRIBUTE


def lockout_message(seconds: int) -> str:
    return _("登录失败次数过多，请 %(minutes)d 分钟后再试。") % {
        "minutes": max(1, math.ceil(seconds / 60))
    }


class LockoutMessageMixin:
    """Replaces the generic invalid-login error while the lockout holds."""

    def get_invalid_login_error(self):
        seconds = getattr(self.request, LOCKED_ATTRIBUTE, None)
        if seconds:
            return forms.ValidationError(lockout_message(seconds), code="login_locked")
        return super().get_invalid_login_error()


class AdminLoginForm(LockoutMessageMixin, LoginForm):
    """Wagtail admin sign-in (WAGTAILADMIN_USER_LOGIN_FORM)."""


class PortalLoginForm(LockoutMessageMixin, AuthenticationForm):
    """The member portal's sign-in at /login/."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重新输入。",
    }
