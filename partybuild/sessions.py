"""Lifetimes of web sessions (admin and portal): an idle timeout and an absolute lifetime.

At sign-in (``user_logged_in``) the session notes when it began and the limits of the security
policy in force (设置 › 安全策略: ``admin_idle_minutes``, ``portal_idle_minutes``,
``session_max_hours``), so a request needs no query for them; a changed policy applies from the
next sign-in. :class:`SessionLifetimeMiddleware` then signs out, on its next request, a session
idle for longer than its limit (the admin's under /admin/, the portal's elsewhere) or older than
the absolute lifetime, sends ``security_event`` ``session.expired`` and sends the browser to the
login page with a Chinese message. Activity is stamped at most once a minute, so the session is
not written on every request (an idle session may so end up to a minute early).

Each session is recorded per account (partybuild.services.sessions) so that a password change,
a disabled account or a role taken away can end it; the app API never uses sessions.
"""

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.models import SecurityPolicy
from partybuild.services.sessions import user_session_forget, user_session_record
from partybuild.signals import security_event

#: Session keys: when the session signed in, its limits (seconds), its last stamped activity,
#: and the session key last recorded for the account.
SIGNED_IN_AT = "_partybuild_signed_in_at"
LIMITS = "_partybuild_session_limits"
LAST_ACTIVITY = "_partybuild_last_activity"
RECORDED_KEY = "_partybuild_session_key"
#: How often (seconds) activity is written to the session.
ACTIVITY_STAMP_SECONDS = 60


def session_limits(policy: SecurityPolicy | None = None) -> dict[str, int]:
    """The policy's limits in seconds: ``admin_idle``, ``portal_idle`` and ``absolute``."""
    policy = policy or SecurityPolicy.current()
    return {
        "admin_idle": policy.admin_idle_minutes * 60,
        "portal_idle": policy.portal_idle_minutes * 60,
        "absolute": policy.session_max_hours * 3600,
    }


def session_begin(request, user) -> None:
    """Note the sign-in in the session and record the session for the account."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVITY] = now
    request.session[LIMITS] = session_limits()
    _record(request, user)


def _record(request, user) -> None:
    key = request.session.session_key
    if key and request.session.get(RECORDED_KEY) != key:
        user_session_record(user=user, session_key=key)
        request.session[RECORDED_KEY] = key


def user_logged_in_receiver(sender, request, user, **kwargs):
    """``user_logged_in``: begin the session's lifetime (not for the API, which has none)."""
    if request is not None and hasattr(request, "session"):
        session_begin(request, user)


def user_logged_out_receiver(sender, request, user, **kwargs):
    """``user_logged_out``: forget the session record."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        user_session_forget(session_key=key)


class SessionLifetimeMiddleware:
    """Sign out an idle or too old session (module docstring); keep its activity stamped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and SESSION_KEY in session
            and not request.path.startswith("/api/")
            and request.user.is_authenticated
        ):
            expired = self._expired(request)
            if expired:
                return expired
        return self.get_response(request)

    def _expired(self, request):
        session = request.session
        now = timezone.now().timestamp()
        if SIGNED_IN_AT not in session or LIMITS not in session:
            session.setdefault(SIGNED_IN_AT, now)
            session[LIMITS] = session_limits()
        limits = session[LIMITS]
        admin = request.path.startswith(reverse("wagtailadmin_home"))
        idle_limit = limits["admin_idle"] if admin else limits["portal_idle"]
        last = session.get(LAST_ACTIVITY, now)
        reason = None
        if now - session[SIGNED_IN_AT] > limits["absolute"]:
            reason = "absolute"
        elif now - last > idle_limit:
            reason = "idle"
        if reason is None:
            if now - last >= ACTIVITY_STAMP_SECONDS:
                session[LAST_ACTIVITY] = now
            _record(request, request.user)
            return None
        return self._sign_out(request, reason=reason, admin=admin)

    @staticmethod
    def _sign_out(request, *, reason: str, admin: bool):
        user = request.user
        security_event.send(
            sender=SessionLifetimeMiddleware,
            event="session.expired",
            actor=user,
            request=request,
            outcome="success",
            target=user,
            detail={"reason": reason, "area": "admin" if admin else "portal"},
        )
        logout(request)
        if reason == "idle":
            message = _("您已长时间未操作，为保护账号安全已自动退出，请重新登录。")
        else:
            message = _("登录时间已超过上限，为保护账号安全已自动退出，请重新登录。")
        messages.warning(request, message)
        login_url = reverse("wagtailadmin_login") if admin else reverse("login")
        return redirect_to_login(request.get_full_path(), login_url)
