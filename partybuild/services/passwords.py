"""Passwords handed out by an administrator and changed by their owner.

An issued password (a member login's initial password, or a reset) is random, shown once (on the
slip, in the xlsx list, or by text message) and stored only as its hash; the account must change
it at its next sign-in (``User.password_change_required``, enforced by
partybuild/middleware.py for the admin and the portal and by partysite/api/security.py for the
app). Changing a password goes through Django's validators (``AUTH_PASSWORD_VALIDATORS``).
"""

import contextlib
import datetime
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse
from partybuild.core.privacy import mask_identifier, mask_typed_account
from partybuild.core.sms import SmsError, sms_send
from partybuild.models import Member, PasswordResetCode, SecurityPolicy, User
from partybuild.models.identity import phone_lookup
from partybuild.password_validation import character_classes
from partybuild.selectors.users import user_scope_for_user
from partybuild.services.audit import audit_record
from partybuild.services.auth import client_address
from partybuild.services.ratelimit import ratelimit_check, ratelimit_clear, ratelimit_hit
from partybuild.services.security_events import refusals_recorded, security_event_record
from partybuild.signals import security_event

#: Characters of an issued password: letters and digits without those read alike
#: (0/O/o, 1/l/I/i), so a password copied from paper is typed right.
PASSWORD_ALPHABET = "".join(
    character for character in string.ascii_letters + string.digits if character not in "0Oo1lIi"
)
#: The symbols of an issued password when the policy asks for four classes (none that a slip
#: or an SMS could misprint).
PASSWORD_SYMBOLS = "#%+=@"  # noqa: S105 (an alphabet)
#: Length of an issued password (62 bits of randomness from 54 characters at 11).
ISSUED_PASSWORD_LENGTH = 12

PASSWORD_RESET_ACTION = "partybuild.account.password_reset"  # noqa: S105 (an action name)

#: The shared rate limiter's names for 忘记密码: requests (by address and by the e-mail address
#: asked for, ``SecurityPolicy.password_reset_requests`` an hour) and reset links that did not
#: check out (by address, ``RESET_LINK_FAILURES`` in 15 minutes).
RESET_REQUEST_SCOPE = "password_reset.request"
RESET_REQUEST_WINDOW = datetime.timedelta(hours=1)
RESET_LINK_SCOPE = "password_reset.code"
RESET_LINK_WINDOW = datetime.timedelta(minutes=15)
RESET_LINK_FAILURES = 5


class Delivery:
    """How an issued password reaches its owner."""

    SLIP = "slip"
    SMS = "sms"
    CHOICES = ((SLIP, "打印密码条"), (SMS, "短信发送（无手机号码的仍打印密码条）"))


@dataclass
class IssuedPassword:
    """A password just issued to ``account``: ``password`` is in clear only here, once.

    ``sent_by_sms`` says the owner got it by text message (the slip then leaves it out).
    """

    account: User
    password: str
    member: Member | None = None
    sent_by_sms: bool = False

    @property
    def organisation_name(self) -> str:
        return self.member.organisation.name if self.member is not None else ""

    @property
    def phone(self) -> str:
        return (self.member.phone if self.member is not None else "") or self.account.phone

    @property
    def masked_phone(self) -> str:
        return mask_identifier(self.phone, kind="mobile")

    @property
    def masked_account(self) -> str:
        """The account name for lists: masked like a mobile number when it is one."""
        if self.account.username == self.phone:
            return mask_identifier(self.account.username, kind="mobile")
        return self.account.username


def password_generate(*, length: int | None = None) -> str:
    """A random password of ``length`` (default: ``ISSUED_PASSWORD_LENGTH``, or the security
    policy's minimum when longer) from ``PASSWORD_ALPHABET`` with at least one upper-case letter,
    one lower-case letter and one digit, and one of ``PASSWORD_SYMBOLS`` when the policy asks
    for all four character classes, so that it passes the validators."""
    policy = SecurityPolicy.current()
    length = length or max(ISSUED_PASSWORD_LENGTH, policy.password_min_length)
    alphabet = PASSWORD_ALPHABET + (PASSWORD_SYMBOLS if policy.password_min_classes > 3 else "")
    while True:
        password = "".join(secrets.choice(alphabet) for _index in range(length))
        if character_classes(password) >= max(3, policy.password_min_classes):
            return password


def login_url() -> str:
    """Where a member signs in on the web (the portal's login page), for the slip and SMS."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("login")


def password_issue(*, account: User) -> str:
    """Give ``account`` a new random password that must be changed at the next sign-in; return
    it in clear (the only time it exists). Saving the password revokes the account's app tokens
    (partybuild.signals)."""
    password = password_generate()
    account.set_password(password)
    account.password_change_required = True
    account.save(update_fields=["password", "password_change_required"])
    return password


def password_deliver(*, issued: IssuedPassword, by_sms: bool) -> IssuedPassword:
    """Send the password by text message when asked and a mobile number is known; when sending
    fails, the password stays on the slip."""
    if not by_sms or not issued.phone:
        return issued
    text = _(
        "【智慧党建】您的账号 %(account)s 的登录密码为 %(password)s，请登录 %(url)s 后立即修改。"
    ) % {
        "account": issued.account.username,
        "password": issued.password,
        "url": login_url(),
    }
    try:
        sms_send(
            phone=issued.phone,
            text=text,
            params={"account": issued.account.username, "password": issued.password},
        )
    except SmsError:
        return issued
    issued.sent_by_sms = True
    return issued


@transaction.atomic
def user_password_reset(*, account: User, actor: User, by_sms: bool = False) -> IssuedPassword:
    """Reset the password of an account in ``actor``'s scope (partybuild.selectors.users) to a
    new one-time password; its owner must change it at the next sign-in."""
    if account.pk == actor.pk or not user_scope_for_user(user=actor).filter(pk=account.pk).exists():
        raise PermissionDenied(_("只能重置本人管理范围内其他账号的密码。"))
    member = Member.objects.select_related("organisation").filter(user=account).first()
    # A member's login is part of the member register; any other account, of account management.
    needed = "partybuild.change_member" if member is not None else "partybuild.change_user"
    if not (actor.is_superuser or actor.has_perm(needed)):
        raise PermissionDenied(_("您没有重置此账号密码的权限。"))
    password = password_issue(account=account)
    audit_record(
        instance=account,
        action=PASSWORD_RESET_ACTION,
        actor=actor,
        data={"account": account.username, "by_sms": by_sms},
    )
    security_event_record(
        event="password.reset", actor=actor, target=account, detail={"by_sms": by_sms}
    )
    issued = IssuedPassword(account=account, password=password, member=member)
    return password_deliver(issued=issued, by_sms=by_sms)


@refusals_recorded(
    "password.changed",
    actor=lambda kwargs: kwargs["user"],
    target=lambda kwargs: kwargs["user"],
)
@transaction.atomic
def user_password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The owner changes their password: the old one must match, the new one pass Django's
    validators and differ from the old; the forced-change flag is cleared. Saving the password
    revokes every app token of the account (partybuild.signals)."""
    if not user.check_password(old_password):
        refuse("old_password", _("原密码不正确。"), "password_incorrect")
    if old_password == new_password:
        refuse("new_password", _("新密码不能与原密码相同。"), "password_unchanged")
    try:
        validate_password(new_password, user=user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.error_list}) from error
    user.set_password(new_password)
    user.password_change_required = False
    user.save(update_fields=["password", "password_change_required"])
    security_event_record(event="password.changed", actor=user, target=user)
    return user


#: Re-entering one's password before a change that weakens the account (两步验证 off, new
#: recovery codes, another authenticator): wrong passwords limited per account.
REAUTHENTICATION_SCOPE = "password.confirm"
REAUTHENTICATION_FAILURES = 5
REAUTHENTICATION_WINDOW = datetime.timedelta(minutes=15)


def user_password_confirm(*, user: User, password: str, request=None) -> None:
    """``user``, already signed in, proves it is still them by typing their password again: a
    session left open on a shared computer must not be enough to turn 两步验证 off. Refused
    (``password_incorrect``, field ``password``) for a wrong password, which counts; RateLimited
    after five wrong ones within 15 minutes (the session cannot be used to guess the password)."""
    keys = [f"user:{user.pk}"]
    ratelimit_check(
        scope=REAUTHENTICATION_SCOPE,
        keys=keys,
        limit=REAUTHENTICATION_FAILURES,
        window=REAUTHENTICATION_WINDOW,
        request=request,
        actor=user,
        message=_("密码错误次数过多，请 %(minutes)d 分钟后再试。"),
    )
    if not user.check_password(password or ""):
        ratelimit_hit(scope=REAUTHENTICATION_SCOPE, keys=keys, window=REAUTHENTICATION_WINDOW)
        refuse("password", _("密码不正确。"), "password_incorrect")
    ratelimit_clear(scope=REAUTHENTICATION_SCOPE, keys=keys)


def password_expires_at(
    *, user: User, policy: SecurityPolicy | None = None
) -> datetime.datetime | None:
    """When ``user``'s password expires under the security policy's 密码有效期 (from its last
    change, ``PasswordHistory``, else from the account's creation), or None when passwords do
    not expire."""
    days = (policy or SecurityPolicy.current()).password_max_age_days
    if not days:
        return None
    changed = user.password_history.values_list("created_at", flat=True).first()
    # An account made with its password (create_user) has no history until its first change.
    return (changed or user.date_joined) + datetime.timedelta(days=days)


def password_expiry_check(*, user: User, request=None) -> None:
    """At sign-in: an expired password must be changed before anything else (the account is
    flagged ``password_change_required``, which the admin, the portal and the app API enforce);
    one about to expire is announced to the person signing in on the web."""
    policy = SecurityPolicy.current()
    expires = password_expires_at(user=user, policy=policy)
    if expires is None:
        return
    now = timezone.now()
    if expires <= now:
        if not user.password_change_required:
            user.password_change_required = True
            user.save(update_fields=["password_change_required"])
        return
    warning = datetime.timedelta(days=policy.password_expiry_warning_days)
    if request is not None and expires - now <= warning:
        days = max(1, (expires - now).days)
        messages.warning(
            request,
            _("您的密码将在 %(days)d 天后过期，请及时修改。") % {"days": days},
            fail_silently=True,
        )


def _address_keys(request) -> list[str]:
    address = client_address(request)
    return [f"ip:{address}"] if address else []


def password_reset_request_admit(*, email: str, request) -> None:
    """Count a 忘记密码 request for ``email`` (known or not: the count and the answer are the
    same, so neither tells whether an account has that address) and send
    ``password.reset_requested``; raise RateLimited past the policy's requests an hour, by
    address or by e-mail address."""
    keys = [f"email:{(email or '').strip().lower()[:190]}", *_address_keys(request)]
    ratelimit_check(
        scope=RESET_REQUEST_SCOPE,
        keys=keys,
        limit=SecurityPolicy.current().password_reset_requests,
        window=RESET_REQUEST_WINDOW,
        request=request,
        message=_("找回密码请求过于频繁，请 %(minutes)d 分钟后再试。"),
    )
    ratelimit_hit(scope=RESET_REQUEST_SCOPE, keys=keys, window=RESET_REQUEST_WINDOW)
    security_event.send(
        sender=User,
        event="password.reset_requested",
        actor=None,
        request=request,
        outcome="success",
        target=None,
        detail={"email": (email or "").strip().lower()[:190]},
    )


def password_reset_link_admit(*, request) -> None:
    """Raise RateLimited while this address has had too many reset links that did not check
    out (guessing the link's code)."""
    ratelimit_check(
        scope=RESET_LINK_SCOPE,
        keys=_address_keys(request),
        limit=RESET_LINK_FAILURES,
        window=RESET_LINK_WINDOW,
        request=request,
    )


def password_reset_link_failed(*, request) -> None:
    """Count a reset link that did not check out."""
    ratelimit_hit(scope=RESET_LINK_SCOPE, keys=_address_keys(request), window=RESET_LINK_WINDOW)


# --- 忘记密码 by SMS (the portal and the app) ------------------------------------------------

#: A code is valid this long, once; wrong codes are limited by account and by address.
RESET_CODE_LIFETIME = datetime.timedelta(minutes=10)
RESET_CODE_SCOPE = "password_reset.sms_code"
RESET_CODE_WINDOW = datetime.timedelta(minutes=15)
RESET_CODE_FAILURES = 5
#: Checked against when there is no code, so an unknown account costs the same work.
_NO_CODE_HASH = make_password(None)


def _reset_account(account: str) -> User | None:
    """The active account named ``account`` (its 账号, or its whole 手机号码) that has a phone."""
    account = (account or "").strip()[:150]
    if not account:
        return None
    found = User.objects.filter(is_active=True).filter(Q(username=account) | phone_lookup(account))
    return next((user for user in found[:2] if user.phone), None)


def _account_keys(account: str, request) -> list[str]:
    return [f"account:{(account or '').strip().lower()[:150]}", *_address_keys(request)]


def password_reset_code_send(*, account: str, request) -> None:
    """Send a 6-digit code to the phone of ``account`` (账号 or 手机号码). The same happens
    whether or not such an account exists, has a phone or the message goes out — the same
    answer, the same hashing work, the same count against the policy's requests an hour — so
    the page tells nobody which accounts exist; RateLimited past that count."""
    keys = _account_keys(account, request)
    ratelimit_check(
        scope=RESET_REQUEST_SCOPE,
        keys=keys,
        limit=SecurityPolicy.current().password_reset_requests,
        window=RESET_REQUEST_WINDOW,
        request=request,
        message=_("找回密码请求过于频繁，请 %(minutes)d 分钟后再试。"),
    )
    ratelimit_hit(scope=RESET_REQUEST_SCOPE, keys=keys, window=RESET_REQUEST_WINDOW)
    code = f"{secrets.randbelow(10**6):06d}"
    encoded = make_password(code)
    user = _reset_account(account)
    if user is not None:
        with transaction.atomic():
            user.password_reset_codes.filter(used_at__isnull=True).update(used_at=timezone.now())
            PasswordResetCode.objects.create(user=user, code_hash=encoded)
        # A message that does not go out changes nothing in the answer; the trail records it.
        with contextlib.suppress(SmsError):
            sms_send(
                phone=user.phone,
                text=_("您的密码重置验证码为 %(code)s，10 分钟内有效。如非本人操作，请忽略。")
                % {"code": code},
                params={"code": code},
                template="reset_code",
            )
    security_event_record(
        event="password.reset_requested",
        actor=user,
        request=request,
        target=user,
        detail={"account": mask_typed_account((account or "").strip()[:150]), "channel": "sms"},
    )


def password_reset_code_confirm(*, account: str, code: str, new_password: str, request) -> User:
    """Set a new password with a code from :func:`password_reset_code_send`: refused alike
    (``reset_code_invalid``) for an unknown account, a wrong, used or expired code, and counted;
    RateLimited after ``RESET_CODE_FAILURES`` within 15 minutes by account or address. The new
    password passes the policy; the code is spent, the account's sessions and tokens end."""
    keys = _account_keys(account, request)
    ratelimit_check(
        scope=RESET_CODE_SCOPE,
        keys=keys,
        limit=RESET_CODE_FAILURES,
        window=RESET_CODE_WINDOW,
        request=request,
        message=_("验证码错误次数过多，请 %(minutes)d 分钟后再试。"),
    )
    user = _reset_account(account)
    record = None
    if user is not None:
        record = user.password_reset_codes.filter(
            used_at__isnull=True, created_at__gt=timezone.now() - RESET_CODE_LIFETIME
        ).first()
    matches = check_password((code or "").strip(), record.code_hash if record else _NO_CODE_HASH)
    if not (user is not None and record is not None and matches):
        ratelimit_hit(scope=RESET_CODE_SCOPE, keys=keys, window=RESET_CODE_WINDOW)
        refuse("code", _("验证码错误或已过期，请重新获取。"), "reset_code_invalid")
    try:
        validate_password(new_password, user=user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.error_list}) from error
    with transaction.atomic():
        record.used_at = timezone.now()
        record.save(update_fields=["used_at"])
        user.set_password(new_password)
        user.password_change_required = False
        user.save(update_fields=["password", "password_change_required"])
    security_event_record(
        event="password.reset", actor=user, request=request, target=user, detail={"channel": "sms"}
    )
    return user
