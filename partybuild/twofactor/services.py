"""Writes of 两步验证: enrolling an authenticator, checking a code, recovery codes, turning it off
and an administrator's reset.

Wrong codes are rows of OtpFailure and fall under 安全策略's per-account rule, the one of
passwords (partybuild.services.auth.failures_lockout_remaining; by default 5 within 15 minutes):
once it holds, every code is refused — the right one too — until the lock ends. Each step sends
``security_event`` (partybuild/signals.py): ``otp.enabled``, ``otp.disabled``, ``otp.reset``,
``otp.failure``, ``otp.locked`` (when a failure sets the lock), ``otp.recovery_used`` and
``otp.recovery_renewed``. Turning 两步验证 off, renewing the recovery codes and replacing the
authenticator ask for the account's password again (partybuild.services.passwords
``user_password_confirm``); their refusals are recorded as failures.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuild.core.errors import refuse
from partybuild.models import OtpFailure, User
from partybuild.services.auth import failures_lockout_remaining, failures_window
from partybuild.services.passwords import user_password_confirm
from partybuild.services.security_events import (
    refusals_recorded,
    security_event_refusal_record,
)
from partybuild.signals import security_event
from partybuild.twofactor.selectors import (
    recovery_codes_remaining,
    twofactor_pending_device,
    twofactor_required,
)

#: How many recovery codes an enrolment or a renewal issues.
RECOVERY_CODE_COUNT = 10


class TwoFactorLocked(Exception):
    """Code entry is locked for the account: ``seconds`` left."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def _event(
    event: str,
    *,
    actor: User | None,
    request,
    target: User,
    outcome: str = "success",
    detail: dict[str, Any] | None = None,
) -> None:
    security_event.send(
        sender=User,
        event=event,
        actor=actor,
        request=request,
        outcome=outcome,
        target=target,
        detail=detail or {},
    )


def code_normalise(code: str | None) -> str:
    """A code as typed (spaces, hyphens, capitals) in the form the devices store it."""
    return "".join((code or "").split()).replace("-", "").lower()


def twofactor_lockout_remaining(*, user: User) -> int:
    """Seconds until ``user`` may enter a code again; 0 when not locked."""
    return failures_lockout_remaining(failures=OtpFailure.objects.filter(user=user))


def _failure_record(*, user: User, request, stage: str) -> None:
    """Count one wrong code (older rows that no longer matter are purged on the way)."""
    with transaction.atomic():
        OtpFailure.objects.filter(created_at__lt=timezone.now() - 2 * failures_window()).delete()
        OtpFailure.objects.create(user=user)
    _event(
        "otp.failure",
        actor=user,
        request=request,
        target=user,
        outcome="failure",
        detail={"stage": stage},
    )
    seconds = twofactor_lockout_remaining(user=user)
    if seconds:
        _event(
            "otp.locked",
            actor=user,
            request=request,
            target=user,
            outcome="failure",
            detail={"stage": stage, "seconds": seconds},
        )


def _refuse_wrong_code() -> None:
    refuse("otp_code", _("验证码不正确或已过期，请重新输入。"), "otp_invalid")


def _check_not_locked(*, user: User) -> None:
    seconds = twofactor_lockout_remaining(user=user)
    if seconds:
        raise TwoFactorLocked(seconds)


def _recovery_codes_replace(*, user: User) -> list[str]:
    """Replace ``user``'s recovery codes by new ones; returns them (only their rows keep them)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("恢复码")), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def twofactor_enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator ``user`` enrols: the pending one if any (so the QR code stays the same
    when the page is opened again), else a new unconfirmed one with a fresh secret."""
    pending = twofactor_pending_device(user=user)
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(user=user, name=str(_("身份验证器")), confirmed=False)


def twofactor_enrolment_confirm(
    *, user: User, code: str, request=None, password: str | None = None
) -> list[str]:
    """Confirm the pending authenticator with a code it shows: it replaces any earlier one, the
    account gets new recovery codes (returned, to be shown once) and 两步验证 is on. Replacing
    an authenticator already on needs the account's ``password`` (user_password_confirm).

    Raises TwoFactorLocked while code entry is locked, ValidationError ``otp_invalid`` (field
    ``otp_code``) for a wrong code and ``otp_no_enrolment`` when nothing is being enrolled."""
    if user.two_factor_enabled:
        try:
            user_password_confirm(user=user, password=password or "", request=request)
        except ValidationError as error:
            security_event_refusal_record(event="otp.enabled", actor=user, error=error, target=user)
            raise
    _check_not_locked(user=user)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            refuse("otp_code", _("没有待确认的身份验证器，请重新开始设置。"), "otp_no_enrolment")
        verified = device.verify_token(code_normalise(code))
    if not verified:
        _failure_record(user=user, request=request, stage="enrolment")
        _refuse_wrong_code()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=user)
        User.objects.filter(pk=user.pk).update(two_factor_enabled=True)
        OtpFailure.objects.filter(user=user).delete()
    user.two_factor_enabled = True
    _event("otp.enabled", actor=user, request=request, target=user)
    return codes


def twofactor_verify(*, user: User, code: str, request=None) -> Device:
    """The device of ``user`` that accepts ``code`` (a dynamic code, or a recovery code, which is
    then used up). Raises TwoFactorLocked while code entry is locked and ValidationError
    ``otp_invalid`` (field ``otp_code``) for a wrong code, which counts towards the lock."""
    _check_not_locked(user=user)
    token = code_normalise(code)
    matched = None
    if token:
        with transaction.atomic():
            for device in devices_for_user(user, confirmed=True, for_verify=True):
                if device.verify_token(token):
                    matched = device
                    break
    if matched is None:
        _failure_record(user=user, request=request, stage="verify")
        _refuse_wrong_code()
    OtpFailure.objects.filter(user=user).delete()
    if isinstance(matched, StaticDevice):
        _event(
            "otp.recovery_used",
            actor=user,
            request=request,
            target=user,
            detail={"remaining": recovery_codes_remaining(user=user)},
        )
    return matched


@refusals_recorded(
    "otp.recovery_renewed",
    actor=lambda kwargs: kwargs["user"],
    target=lambda kwargs: kwargs["user"],
)
def recovery_codes_renew(*, user: User, password: str, request=None) -> list[str]:
    """New recovery codes for ``user`` (who has 两步验证 on and types their password again);
    the old ones stop working."""
    if not user.two_factor_enabled:
        refuse("otp_code", _("尚未开启两步验证。"), "otp_not_enabled")
    user_password_confirm(user=user, password=password, request=request)
    with transaction.atomic():
        codes = _recovery_codes_replace(user=user)
    _event("otp.recovery_renewed", actor=user, request=request, target=user)
    return codes


def _devices_remove(*, account: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=account).delete()
        StaticDevice.objects.filter(user=account).delete()
        OtpFailure.objects.filter(user=account).delete()
        User.objects.filter(pk=account.pk).update(two_factor_enabled=False)
    account.two_factor_enabled = False


@refusals_recorded(
    "otp.disabled",
    actor=lambda kwargs: kwargs["user"],
    target=lambda kwargs: kwargs["user"],
)
def twofactor_disable(*, user: User, password: str, request=None) -> None:
    """``user`` turns their own 两步验证 off, typing their password again: the authenticator and
    recovery codes are removed. Refused (``otp_required``) while it is compulsory for the
    account, ``password_incorrect`` for a wrong password."""
    if twofactor_required(user=user):
        refuse("otp_code", _("管理员账号须开启两步验证，不能关闭。"), "otp_required")
    user_password_confirm(user=user, password=password, request=request)
    _devices_remove(account=user)
    _event("otp.disabled", actor=user, request=request, target=user)


def twofactor_reset(*, account: User, actor: User, request=None) -> None:
    """An administrator removes ``account``'s authenticator and recovery codes (lost phone):
    its owner signs in with the password alone, and enrols again where it is compulsory. The
    caller checks the administrator's permission and scope."""
    _devices_remove(account=account)
    _event("otp.reset", actor=actor, request=request, target=account)
