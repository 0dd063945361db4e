"""Signals the registers send, so that other apps (content) can follow without being imported."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.dispatch import Signal

#: A whole mobile number as typed into a sign-in (spaces and hyphens removed).
MOBILE_SHAPE = re.compile(r"^1\d{10}$")

#: Sent by organisation_delete before the row is deleted, inside its transaction, with
#: ``organisation``. A receiver may raise ValidationError to refuse the deletion, or remove
#: what it owns that would otherwise block it.
organisation_deleting = Signal()

#: Sent at the end of an :func:`organisations_saved_together` block with ``organisations``: those
#: whose saves a receiver deferred to it (:func:`organisation_save_deferred`), in order.
organisations_saved = Signal()

#: Sent by transfer_accept inside its transaction, with ``transfer`` (now 已接收, the member in
#: its receiving organisation): the dues app hands the receiver the open months it charges
#: (docs/domain.md §6). A receiver may raise ValidationError to refuse the acceptance.
transfer_accepted = Signal()

#: Sent by the role services (partybuild.services.roles) with ``user`` whenever that account's
#: assignments or one of its roles changed: content derives its page-permission groups from it.
role_assignments_changed = Signal()

#: A security event for the tamper-evident audit trail (issue 18, GB/T 22239-2019 §8.1.4.3),
#: sent by whatever code sees it happen, with keyword arguments: ``event`` (a stable code such as
#: ``"login.failure"``, ``"otp.enabled"``, ``"session.expired"``), ``actor`` (the User acting, or
#: None), ``request`` (the HttpRequest, or None outside a request: its client address is
#: recorded), ``outcome`` (``"success"`` or ``"failure"``), ``target`` (the model instance the
#: event is about, or None) and ``detail`` (a small JSON-serialisable dict, never a secret).
security_event = Signal()

_deferred_saves: ContextVar[list[Any] | None] = ContextVar("deferred_saves", default=None)


@contextmanager
def organisations_saved_together() -> Iterator[None]:
    """Let receivers follow the organisations saved in the block all at once, at its end.

    An import of many organisations uses it so that what follows each save (content's folders
    and groups) is made in one bulk step instead of once per row. Nothing is sent if the block
    raises; an inner block leaves the sending to the outer one.
    """
    if _deferred_saves.get() is not None:
        yield
        return
    deferred: list[Any] = []
    token = _deferred_saves.set(deferred)
    try:
        yield
    finally:
        _deferred_saves.reset(token)
    if deferred:
        from partybuild.models import Organisation

        organisations_saved.send(sender=Organisation, organisations=deferred)


def organisation_save_deferred(organisation: Any) -> bool:
    """For a ``post_save`` receiver: inside :func:`organisations_saved_together`, note the
    saved ``organisation`` for :data:`organisations_saved` and return True (handle it then)."""
    deferred = _deferred_saves.get()
    if deferred is None:
        return False
    deferred.append(organisation)
    return True


def login_failed_receiver(sender, credentials, request=None, **kwargs):
    """Count a failed sign-in (admin, portal or app), unless the lockout itself refused it."""
    from partybuild.auth_backends import LOCKED_ATTRIBUTE
    from partybuild.services.auth import client_address, login_failure_record

    if request is not None and getattr(request, LOCKED_ATTRIBUTE, None):
        return
    login_failure_record(
        username=str(credentials.get("username", "")), ip_address=client_address(request)
    )


def user_credentials_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note whether this save disables the account or changes its password.

    A save that writes neither field (``update_fields=["last_login"]``) changes nothing here. The
    stored hash that check_password() re-hashes after a hasher upgrade (it clears ``_password``
    and saves only the password) is the same password, so it keeps the tokens.
    """
    instance._revoke_tokens = False
    instance._was_active = None
    if raw or instance.pk is None:
        return
    if update_fields is not None:
        fields = set(update_fields)
        if not fields & {"password", "is_active"}:
            return
        if fields == {"password"} and getattr(instance, "_password", None) is None:
            return
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    instance._was_active = old["is_active"] if old else None
    instance._revoke_tokens = bool(
        old
        and (old["password"] != instance.password or (old["is_active"] and not instance.is_active))
    )


def user_credentials_after_save(sender, instance, raw=False, **kwargs):
    """Disabling an account or changing its password revokes all its app tokens and ends all
    its web sessions (the owner's own session, after a change of their password, is kept by
    ``update_session_auth_hash`` under a new key)."""
    if getattr(instance, "_revoke_tokens", False):
        from partybuild.services.sessions import user_access_end

        user_access_end(user=instance)
        instance._revoke_tokens = False


# --- the security audit trail (partybuild.services.security_events) --------------------------


def _sign_in_channel(request) -> str:
    """Where a session sign-in or sign-out happened: the admin or the member portal."""
    path = getattr(request, "path", "") or ""
    return "admin" if path.startswith("/admin/") else "portal"


def login_succeeded_event_receiver(sender, request=None, user=None, **kwargs):
    """``login.success`` for a session sign-in (admin, portal); the app API records its own."""
    from partybuild.services.security_events import security_event_record

    security_event_record(
        event="login.success",
        actor=user,
        request=request,
        target=user,
        detail={"channel": _sign_in_channel(request)},
    )


def login_failed_event_receiver(sender, credentials, request=None, **kwargs):
    """``login.failure``, or ``login.locked`` when the lockout refused the attempt; the account
    name tried is kept, and the account when it exists. A 手机号码 tried (no account is named so)
    is kept masked, with the account it signs in to (partybuild.auth_backends)."""
    from partybuild.auth_backends import LOCKED_ATTRIBUTE
    from partybuild.core.privacy import mask_typed_account
    from partybuild.core.validators import normalise_phone
    from partybuild.models import User
    from partybuild.selectors.users import account_for_phone_sign_in
    from partybuild.services.security_events import security_event_record

    username = str(credentials.get("username", ""))[:150]
    locked = request is not None and getattr(request, LOCKED_ATTRIBUTE, None)
    account = User.objects.filter(username=username).first() if username else None
    if account is None and MOBILE_SHAPE.match(normalise_phone(username)):
        account = account_for_phone_sign_in(phone=username)
        username = mask_typed_account(username)
    security_event_record(
        event="login.locked" if locked else "login.failure",
        actor=account,
        actor_username=username,
        request=request,
        outcome="failure",
        target=account,
        detail={"locked_seconds": locked} if locked else {},
    )


def logout_event_receiver(sender, request=None, user=None, **kwargs):
    """``logout`` of a session (admin, portal); the app API records its own."""
    from partybuild.services.security_events import security_event_record

    security_event_record(
        event="logout",
        actor=user,
        request=request,
        target=user,
        detail={"channel": _sign_in_channel(request)},
    )


def account_saved_event_receiver(sender, instance, created=False, raw=False, **kwargs):
    """``account.created`` for a new account, ``account.enabled``/``account.disabled`` when a
    save flips its active flag (user_credentials_before_save notes the flag before)."""
    from partybuild.services.security_events import security_event_record

    if raw:
        return
    if created:
        event = "account.created"
    elif getattr(instance, "_was_active", None) not in (None, instance.is_active):
        event = "account.enabled" if instance.is_active else "account.disabled"
    else:
        return
    security_event_record(event=event, actor=_request_user(), target=instance)


def _request_user():
    """The signed-in user of the request being served, if any."""
    from partybuild.core.requests import current_request

    user = getattr(current_request(), "user", None)
    return user if user is not None and user.is_authenticated else None


def register_deleted_event_receiver(sender, instance, **kwargs):
    """``delete`` of an object of a register (connected for :data:`DELETION_AUDITED_MODELS`),
    by whoever deletes it in the admin, the API or the portal, cascades included."""
    from partybuild.services.security_events import security_event_record

    security_event_record(event="delete", actor=_request_user(), target=instance)


#: The models whose deletion is a security event: the registers' (those placed in the tree by
#: partybuild.selectors.audit) and accounts and roles. A role assignment's deletion is
#: ``assignment.revoked`` (partybuild.services.roles).
DELETION_AUDITED_MODELS = ("partybuild.User", "partybuild.Role")


def api_token_lifetime_receiver(sender, token, request=None, **kwargs):
    """Refuse (401 ``token_expired``) and revoke an app token past its idle or absolute
    lifetime (partybuild.services.auth, 设置 › 安全策略)."""
    from django.utils.translation import gettext as _

    from partybuild.models import SecurityPolicy
    from partybuild.services.auth import api_token_expire, api_token_expiry
    from partysite.api.errors import ApiError

    reason = api_token_expiry(
        token=token, policy=lambda: SecurityPolicy.load(request_or_site=request)
    )
    if reason is None:
        return
    api_token_expire(token=token, reason=reason, request=request)
    if reason == "idle":
        message = _("令牌长时间未使用已失效，请重新登录。")
    else:
        message = _("登录已超过有效期，请重新登录。")
    raise ApiError(401, "token_expired", message)
