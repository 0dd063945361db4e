"""The pages of 两步验证, the same in the admin (Wagtail's frame) and the portal (its own frame):
the code page after the password, enrolment (QR code, secret in text, confirmation, recovery
codes shown once), the account's own 两步验证 page, and an administrator's reset of an account.

The services decide (partybuild/twofactor/services.py); a view picks the frame and the
addresses of its door (``ADMIN`` or ``PORTAL``).
"""

import base64
import io
from dataclasses import dataclass

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuild.core.errors import RateLimited, add_service_errors
from partybuild.selectors.users import user_scope_for_user
from partybuild.twofactor.forms import CodeForm, PasswordConfirmForm, otp_lockout_message
from partybuild.twofactor.selectors import (
    recovery_codes_remaining,
    twofactor_required,
)
from partybuild.twofactor.services import (
    RECOVERY_CODE_COUNT,
    TwoFactorLocked,
    recovery_codes_renew,
    twofactor_disable,
    twofactor_enrolment_confirm,
    twofactor_enrolment_start,
    twofactor_reset,
    twofactor_verify,
)


@dataclass(frozen=True)
class Door:
    """Where the pages are shown: their frame template and the names of their addresses."""

    name: str
    prefix: str
    home: str
    logout: str

    def url(self, page: str) -> str:
        return reverse(f"{self.prefix}{page}")


ADMIN = Door("admin", "partybuild_twofactor_", "wagtailadmin_home", "wagtailadmin_logout")
PORTAL = Door("portal", "portal:twofactor_", "portal:me", "logout")


def _next_url(request: HttpRequest, door: Door) -> str:
    """The page the gate interrupted (``next``), when it is of this site; else the door's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(door.home)


def _render(
    request: HttpRequest, door: Door, page: str, title: str, context: dict
) -> TemplateResponse:
    return TemplateResponse(
        request,
        f"partybuild/twofactor/{door.name}_frame.html",
        {
            "door": door.name,
            "title": title,
            "body_template": f"partybuild/twofactor/{page}.html",
            "logout_url": reverse(door.logout),
            "manage_url": door.url("manage"),
            "next": _next_url(request, door),
            **context,
        },
    )


def _form_submit(request: HttpRequest, form, submit) -> object | None:
    """Run ``submit(cleaned_data)`` for a valid posted form; its refusals (a wrong code or
    password, a lock) land on the form. Returns what it returned, or None when refused."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return submit(form.cleaned_data)
    except TwoFactorLocked as locked:
        form.add_error(None, otp_lockout_message(locked.seconds))
    except RateLimited as refusal:
        form.add_error(None, refusal.message)
    except ValidationError as error:
        add_service_errors(form, error)
    return None


def qr_code_data_uri(text: str) -> str:
    """``text`` as a QR code, an SVG image (on white, for dark themes too) in a data URI, drawn
    here: nothing is fetched."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _secret_text(device: TOTPDevice) -> str:
    """The secret in the base32 an authenticator accepts when typed, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def verify(request: HttpRequest, door: Door) -> HttpResponse:
    """The code page after the password: a right code (or recovery code) verifies the session."""
    user = request.user
    if not user.two_factor_enabled or user.is_verified():
        return redirect(_next_url(request, door))
    form = CodeForm(request.POST or None)
    device = _form_submit(
        request,
        form,
        lambda data: twofactor_verify(user=user, code=data["otp_code"], request=request),
    )
    if device is not None:
        request.session.cycle_key()
        django_otp.login(request, device)
        if isinstance(device, StaticDevice):
            messages.warning(
                request,
                _("已使用一个恢复码，还剩 %(count)d 个。")
                % {"count": recovery_codes_remaining(user=user)},
            )
        return redirect(_next_url(request, door))
    return _render(request, door, "verify", _("两步验证"), {"form": form})


def enrol(request: HttpRequest, door: Door) -> HttpResponse:
    """Enrol (or replace, with the password) the authenticator: scan the QR code or type the
    secret, confirm with a code; the recovery codes are then shown, once."""
    user = request.user
    device = twofactor_enrolment_start(user=user)
    form = CodeForm(request.POST or None, recovery=False, ask_password=user.two_factor_enabled)
    codes = _form_submit(
        request,
        form,
        lambda data: twofactor_enrolment_confirm(
            user=user, code=data["otp_code"], request=request, password=data.get("password")
        ),
    )
    if codes is not None:
        request.session.cycle_key()
        django_otp.login(request, TOTPDevice.objects.get(pk=device.pk))
        messages.success(request, _("两步验证已开启。"))
        return _render(request, door, "codes", _("恢复码"), {"codes": codes, "enrolled": True})
    return _render(
        request,
        door,
        "enrol",
        _("设置两步验证"),
        {
            "form": form,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": _secret_text(device),
            "required": twofactor_required(user=user),
            "replacing": user.two_factor_enabled,
        },
    )


def manage(request: HttpRequest, door: Door) -> HttpResponse:
    """The account's own 两步验证 page: whether it is on, the recovery codes left, and the
    actions (set up or replace the authenticator, new recovery codes, turn it off)."""
    user = request.user
    return _render(
        request,
        door,
        "manage",
        _("两步验证"),
        {
            "enabled": user.two_factor_enabled,
            "required": twofactor_required(user=user),
            "codes_left": recovery_codes_remaining(user=user),
            "code_count": RECOVERY_CODE_COUNT,
            "enrol_url": door.url("enrol"),
            "recovery_codes_url": door.url("recovery_codes"),
            "disable_url": door.url("disable"),
        },
    )


def _password_confirm_page(
    request: HttpRequest, door: Door, form: PasswordConfirmForm, *, title: str, action: str
) -> TemplateResponse:
    return _render(
        request,
        door,
        "confirm_password",
        title,
        {"form": form, "action": action, "submit_label": title},
    )


def recovery_codes(request: HttpRequest, door: Door) -> HttpResponse:
    """New recovery codes (the old ones stop working), after the password; shown once."""
    if not request.user.two_factor_enabled:
        return redirect(door.url("manage"))
    form = PasswordConfirmForm(request.POST or None)
    codes = _form_submit(
        request,
        form,
        lambda data: recovery_codes_renew(
            user=request.user, password=data["password"], request=request
        ),
    )
    if codes is not None:
        return _render(request, door, "codes", _("恢复码"), {"codes": codes, "enrolled": False})
    return _password_confirm_page(
        request,
        door,
        form,
        title=_("重新生成恢复码"),
        action=_("生成新的恢复码后，原来的恢复码全部失效。"),
    )


def disable(request: HttpRequest, door: Door) -> HttpResponse:
    """Turn one's own 两步验证 off, after the password (refused while it is compulsory for the
    account)."""
    user = request.user
    if not user.two_factor_enabled:
        return redirect(door.url("manage"))
    if twofactor_required(user=user):
        messages.error(request, _("管理员账号须开启两步验证，不能关闭。"))
        return redirect(door.url("manage"))
    form = PasswordConfirmForm(request.POST or None)
    done = _form_submit(
        request,
        form,
        lambda data: (
            twofactor_disable(user=user, password=data["password"], request=request) or True
        ),
    )
    if done:
        messages.success(request, _("两步验证已关闭。"))
        return redirect(door.url("manage"))
    return _password_confirm_page(
        request,
        door,
        form,
        title=_("关闭两步验证"),
        action=_("关闭后，登录时只需输入密码，账号的安全性会降低。"),
    )


def account_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """重置两步验证 of an account in the administrator's scope (404 outside it), for holders of
    ``partybuild.change_user``: its authenticator and recovery codes are removed."""
    if not request.user.has_perm("partybuild.change_user"):
        raise PermissionDenied
    account = get_object_or_404(
        user_scope_for_user(user=request.user).exclude(pk=request.user.pk), pk=pk
    )
    if request.method == "POST":
        twofactor_reset(account=account, actor=request.user, request=request)
        messages.success(
            request,
            _("已重置 %(account)s 的两步验证。") % {"account": account.get_full_name()},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(request, "partybuild/twofactor/admin_reset.html", {"account": account})
