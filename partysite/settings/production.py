"""Production: every secret comes from the environment; HTTPS and hardened cookies.

Required environment: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma separated), DATABASE_URL,
FIELD_ENCRYPTION_KEY, AUDIT_HMAC_KEY.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES


def _require_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = _require_env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require_env("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
_require_env("DATABASE_URL")
FIELD_ENCRYPTION_KEY = _require_env("FIELD_ENCRYPTION_KEY")
# The security audit trail's chain key: its own secret, so that rotating DJANGO_SECRET_KEY keeps
# the chain verifiable and a database alone cannot forge it (partybuild.services.security_events).
AUDIT_HMAC_KEY = _require_env("AUDIT_HMAC_KEY")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

APP_API_DOCS = os.environ.get("APP_API_DOCS", "false").lower() == "true"

# The superuser flag is for break-glass use (manage.py breakglass): no web process starts while
# an enabled superuser exists, unless ALLOW_ACTIVE_SUPERUSER=true (partybuild/startup.py).
REFUSE_ACTIVE_SUPERUSER = True
# No web process starts with DEBUG, a key published in the repository or an active demo account
# that still has the demo password (partybuild/startup.py).
REFUSE_WEAK_SETUP = True
#: Passwords expire after 180 days unless the 安全管理员 changes it (设置 › 安全策略; 0 disables).
PASSWORD_MAX_AGE_DAYS_DEFAULT = 180

# 两步验证 is compulsory for administrators (every account holding a role that opens the admin,
# and superusers): until they enrol an authenticator, the admin shows them only its enrolment
# page; the app refuses them a token (partybuild/twofactor/). ADMIN_2FA_REQUIRED=false turns the
# requirement off (members and administrators may still enrol).
ADMIN_2FA_REQUIRED = os.environ.get("ADMIN_2FA_REQUIRED", "true").lower() == "true"

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

# TLS is terminated at the load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in an iframe of the admin, which needs SAMEORIGIN;
# DENY would break previewing. Framing by other origins stays refused.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Mail goes out from the background worker (partybuild/jobs/mail.py); DJANGO_EMAIL_BACKEND is
# what the worker sends it with. TASKS (base.py): the database queue, or TASKS_BACKEND=rq.
EMAIL_BACKEND = "partybuild.jobs.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
