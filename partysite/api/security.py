"""Bearer-token authentication of the app API (Wagtail ``APIToken``s).

The token resolves to its user; a revoked token, an unknown one or an inactive account is 401.
``request.auth`` is the APIToken, so logout can revoke exactly the token in use.

Using a token stamps its ``last_used_at`` (at most once a minute). An operation whose request
must leave no trace of the account (an anonymous 意见建议) authenticates with
``AppTokenAuth(touch_last_used=False)`` and stamps the token itself only when the request turns
out not to be anonymous (:func:`api_token_touch`).

After a token resolves, :data:`token_authenticated` is sent with ``token`` and ``request``; a
receiver may raise ApiError to refuse the token (the kernel's refuses an expired one,
partybuild.signals ``api_token_lifetime_receiver``), so this module needs no policy of its own.

An account whose password was issued by an administrator (``password_change_required``) gets 403
``password_change_required`` from every operation but those of ``auth/`` until it changes it.
"""

from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from partysite.api.errors import ApiError

#: The operations an account that must change its password may still use (sign-in, whoami,
#: logout and the change itself): those under this path of the API.
UNRESTRICTED_PREFIX = "auth/"

#: Sent with ``token`` (the APIToken) and ``request`` when a bearer token resolves to an active
#: account; a receiver may raise ApiError to refuse it.
token_authenticated = Signal()


class AppTokenAuth(BearerTokenAuth):
    """``Authorization: Bearer <token>``; a session cookie never authenticates the API.

    With ``touch_last_used=False`` the token's ``last_used_at`` is left alone.
    """

    openapi_description = "POST /api/app/auth/token 取得的令牌，放在 Authorization: Bearer … 中。"

    def __init__(self, *, touch_last_used: bool = True) -> None:
        super().__init__()
        self.touch_last_used = touch_last_used

    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        api_token = super().authenticate(request, token)
        if api_token is not None:
            token_authenticated.send(sender=AppTokenAuth, token=api_token, request=request)
        if api_token is not None and getattr(request.user, "password_change_required", False):
            open_path = reverse("app_api:api-root") + UNRESTRICTED_PREFIX
            if not request.path.startswith(open_path):
                raise ApiError(
                    403,
                    "password_change_required",
                    _("请先修改初始密码（POST /api/app/auth/password）后再使用。"),
                )
        return api_token

    def _touch_last_used(self, api_token: APIToken) -> None:
        if self.touch_last_used:
            super()._touch_last_used(api_token)


def api_token_touch(*, token: APIToken) -> None:
    """Stamp ``token``'s ``last_used_at`` as an ordinary authenticated request does."""
    AppTokenAuth()._touch_last_used(token)
