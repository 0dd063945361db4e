"""Sign-in forms that say when the lockout, not a wrong password, refused the attempt."""

import math

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.forms.auth import LoginForm

from partybuild.auth_backends import LOCKED_ATTRIBUTE
from partybuild.core.errors import add_service_errors
from partybuild.services.passwords import user_password_change


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
    """Wagtail admin sign-in (WAGTAILADMIN_USER_LOGIN_FORM). Wagtail's form declares its
    password field without a label, which Django then derives from the field's name in English
    ("Password"): ours says 密码."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _lazy("密码")


class PortalLoginForm(LockoutMessageMixin, AuthenticationForm):
    """The member portal's sign-in at /login/."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重新输入。",
    }


class PasswordChangeForm(forms.Form):
    """修改密码 for the admin and the portal: the old password and the new one twice; the rules
    (Django's validators, the forced-change flag) are partybuild.services.passwords'."""

    old_password = forms.CharField(
        label=_lazy("原密码"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    new_password = forms.CharField(
        label=_lazy("新密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=password_validators_help_text_html,
    )
    new_password_again = forms.CharField(
        label=_lazy("再次输入新密码"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return cleaned

    def save(self):
        """Change the password through the service; its refusals land on the form's fields.
        Returns the user, or None when refused."""
        try:
            return user_password_change(
                user=self.user,
                old_password=self.cleaned_data["old_password"],
                new_password=self.cleaned_data["new_password"],
            )
        except ValidationError as error:
            add_service_errors(self, error)
            return None


def password_change_handle(request, *, done_url: str) -> tuple[PasswordChangeForm, str | None]:
    """The admin's and the portal's 修改密码: the bound form, and where to go once the password is
    changed (None while the form is shown). The session stays signed in afterwards."""
    form = PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。"))
        return form, done_url
    return form, None
