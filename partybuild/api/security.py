"""Bearer-token authentication of the app API (Wagtail ``APIToken``s).

The token resolves to its user; a revoked token, an unknown one or an inactive account is 401.
``request.auth`` is the APIToken, so logout can revoke exactly the token in use.
"""

from wagtail.api.v3.auth import BearerTokenAuth


class AppTokenAuth(BearerTokenAuth):
    """``Authorization: Bearer <token>``; a session cookie never authenticates the API."""

    openapi_description = "POST /api/app/auth/token 取得的令牌，放在 Authorization: Bearer … 中。"

    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        return super().authenticate(request, token)
