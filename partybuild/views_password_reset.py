"""忘记密码 on the portal: a code sent by SMS to the account's phone, then a new password with it
(partybuild.services.passwords: the same answer for unknown accounts, rate limits)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild.core.errors import RateLimited, add_service_errors
from partybuild.services.passwords import password_reset_code_confirm, password_reset_code_send

#: The account asked for, kept between the two pages so the member types it once.
SESSION_ACCOUNT = "password_reset_account"


class ResetRequestForm(forms.Form):
    """The account whose password is forgotten: its 账号 or 手机号码."""

    account = forms.CharField(label=_("账号或手机号码"), max_length=150)


class ResetConfirmForm(forms.Form):
    """The code received and the new password, twice."""

    account = forms.CharField(label=_("账号或手机号码"), max_length=150)
    code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, strip=False)
    new_password_again = forms.CharField(
        label=_("再次输入新密码"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") != cleaned.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return cleaned


#: Each step's page title and button.
STEP_WORDS = {
    "request": (_("找回密码"), _("发送验证码")),
    "confirm": (_("重置密码"), _("重置密码")),
}


def _render(request: HttpRequest, form: forms.Form, *, step: str, status: int) -> HttpResponse:
    """The one page of both steps (templates/partybuild/portal/password_reset.html)."""
    title, button = STEP_WORDS[step]
    context = {"form": form, "step": step, "title": title, "button": button}
    return render(request, "partybuild/portal/password_reset.html", context, status=status)


def password_reset_request(request: HttpRequest) -> HttpResponse:
    """找回密码, step 1: the account; always on to step 2 with the same message."""
    form = ResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["account"]
        try:
            password_reset_code_send(account=account, request=request)
        except RateLimited as refusal:
            form.add_error(None, refusal.message)
            status = 429
        else:
            request.session[SESSION_ACCOUNT] = account
            messages.info(
                request,
                _("如果该账号存在并登记了手机号码，验证码已发送到该手机，10 分钟内有效。"),
            )
            return redirect(reverse("password_reset_confirm"))
    return _render(request, form, step="request", status=status)


def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    """找回密码, step 2: the code and the new password; then to the login page."""
    initial = {"account": request.session.get(SESSION_ACCOUNT, "")}
    form = ResetConfirmForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_code_confirm(
                account=form.cleaned_data["account"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except RateLimited as refusal:
            form.add_error(None, refusal.message)
            status = 429
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            request.session.pop(SESSION_ACCOUNT, None)
            messages.success(request, _("密码已重置，请用新密码登录。"))
            return redirect(reverse("login"))
    elif request.method == "POST":
        status = 400
    return _render(request, form, step="confirm", status=status)
