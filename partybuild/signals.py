"""Signals the registers send, so that other apps (content) can follow without being imported."""

from django.dispatch import Signal

#: Sent by organisation_delete before the row is deleted, inside its transaction, with
#: ``organisation``. A receiver may raise ValidationError to refuse the deletion, or remove
#: what it owns that would otherwise block it.
organisation_deleting = Signal()


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
    if raw or instance.pk is None:
        return
    if update_fields is not None:
        fields = set(update_fields)
        if not fields & {"password", "is_active"}:
            return
        if fields == {"password"} and getattr(instance, "_password", None) is None:
            return
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    instance._revoke_tokens = bool(
        old
        and (old["password"] != instance.password or (old["is_active"] and not instance.is_active))
    )


def user_credentials_after_save(sender, instance, raw=False, **kwargs):
    """Disabling an account or changing its password revokes all its app tokens."""
    if getattr(instance, "_revoke_tokens", False):
        from partybuild.services.auth import api_tokens_revoke_all

        api_tokens_revoke_all(user=instance)
        instance._revoke_tokens = False
