"""Web sessions (admin and portal) kept per account, so that they can be ended: a password
change, a disabled account and a role taken away end every session and app token of the
account (:func:`user_access_end`). The lifetimes themselves are partybuild/sessions.py's."""

from importlib import import_module

from django.conf import settings
from django.db import transaction

from partybuild.models import User, UserSession
from partybuild.services.auth import api_tokens_revoke_all


def user_session_record(*, user: User, session_key: str) -> None:
    """Note that ``session_key`` is a session of ``user`` (at sign-in, or after a cycled key)."""
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def user_session_forget(*, session_key: str) -> None:
    """The session ended by itself (sign-out)."""
    UserSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def user_sessions_end(*, user: User) -> int:
    """Delete every recorded session of ``user`` from the session store; returns how many.

    With a database session engine this is one delete; other engines delete key by key.
    """
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    if keys:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        if hasattr(store, "get_model_class"):
            store.get_model_class().objects.filter(session_key__in=keys).delete()
        else:
            for key in keys:
                store(session_key=key).delete()
        UserSession.objects.filter(user=user, session_key__in=keys).delete()
    return len(keys)


def user_access_end(*, user: User) -> None:
    """End every web session and revoke every app token of ``user``."""
    user_sessions_end(user=user)
    api_tokens_revoke_all(user=user)
