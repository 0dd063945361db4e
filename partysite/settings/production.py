"""Production: every secret comes from the environment; HTTPS and hardened cookies.

Required environment: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma separated), DATABASE_URL,
FIELD_ENCRYPTION_KEY, AUDIT_HMAC_KEY, REDIS_URL. Optional: DATABASE_REPLICA_URL (a read replica
for reports and statistics), AWS_STORAGE_BUCKET_NAME and AWS_PRIVATE_STORAGE_BUCKET_NAME (media
and private files on S3-compatible storage). deploy/env.example lists them all; deploy/README.md
describes a deployment on several machines.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY_ADMIN,
    CONTENT_SECURITY_POLICY_APP,
    DATABASES,
    STORAGES,
)


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

# --- Deployment on several machines: shared state (deploy/README.md) ----------------------------
# The web processes keep nothing of their own between requests: sessions, the sign-in lockout
# (LoginFailure) and the rate limits (RateLimitHit) are rows of the database, and the cache
# (Wagtail's site root paths, anything cached later) is one Redis shared by every process; a
# per-process cache would leave the other servers stale (tests/test_deploy_stateless.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _require_env("REDIS_URL"),
        # Several sites (or a staging copy) may share one Redis server.
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "partysite"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- An optional read replica for reports and statistics (partybuild/core/replica.py) ------------
# With DATABASE_REPLICA_URL set, views marked @reading_from_replica() (the statistics dashboard and
# its exports, the dues report) read from it; writes, transactions and everything else use the
# primary (partysite/db_routers.py). Without it there is one database and no router.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["partysite.db_routers.ReplicaRouter"]

# --- Media and private files on S3-compatible object storage (deploy/README.md) -------------------
# AWS_STORAGE_BUCKET_NAME puts media (Wagtail's images and documents) in that bucket, readable by
# the public or through AWS_S3_CUSTOM_DOMAIN (a CDN). AWS_PRIVATE_STORAGE_BUCKET_NAME puts the
# registers' private files in a bucket nobody may read anonymously: after the permission check
# (partybuild/file_access.py) /files/… answers a redirect to a URL signed for
# PRIVATE_FILES_URL_EXPIRE_SECONDS (default 300). Credentials come from the environment
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role, as boto3 finds them.
# Without these variables media and private files stay on local disk (MEDIA_ROOT,
# PRIVATE_MEDIA_ROOT), the latter sent by nginx with PRIVATE_FILES_ACCEL_REDIRECT.
_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
_S3_REGION = os.environ.get("AWS_S3_REGION_NAME", "").strip() or None
_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or None
_S3_COMMON = {
    "endpoint_url": _S3_ENDPOINT_URL,
    "region_name": _S3_REGION,
    "addressing_style": _S3_ADDRESSING_STYLE,
    "signature_version": "s3v4",
    "file_overwrite": False,
}
PRIVATE_FILES_URL_EXPIRE_SECONDS = int(os.environ.get("PRIVATE_FILES_URL_EXPIRE_SECONDS", "300"))


def _bucket_origins(bucket: str, custom_domain: str | None = None) -> list[str]:
    """Where the browser fetches a bucket's files from, for the Content-Security-Policy."""
    if custom_domain:
        return [f"https://{custom_domain}"]
    if _S3_ENDPOINT_URL:
        endpoint = urlsplit(_S3_ENDPOINT_URL)
        # boto3 puts the bucket in the path of an endpoint's URLs unless told "virtual".
        if _S3_ADDRESSING_STYLE == "virtual":
            return [f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
        return [f"{endpoint.scheme}://{endpoint.netloc}"]
    regional = f"https://{bucket}.s3.{_S3_REGION}.amazonaws.com" if _S3_REGION else None
    return [origin for origin in (f"https://{bucket}.s3.amazonaws.com", regional) if origin]


def _allow_sources(directives: tuple[str, ...], origins: list[str]) -> None:
    """Let the pages (site, admin, member app) load files from ``origins``: the admin's and the
    app's policies replace only the directives they name, the site's holds the rest."""
    for directive in directives:
        CONTENT_SECURITY_POLICY[directive] = [
            *CONTENT_SECURITY_POLICY.get(directive, ["'self'"]),
            *origins,
        ]
        for policy in (CONTENT_SECURITY_POLICY_ADMIN, CONTENT_SECURITY_POLICY_APP):
            if directive in policy:
                policy[directive] = [*policy[directive], *origins]


if _MEDIA_BUCKET := os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
    _MEDIA_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": _MEDIA_BUCKET,
            "custom_domain": _MEDIA_DOMAIN,
            "querystring_auth": False,
            "default_acl": None,
        },
    }
    _allow_sources(("img-src", "media-src"), _bucket_origins(_MEDIA_BUCKET, _MEDIA_DOMAIN))

if _PRIVATE_BUCKET := os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "").strip():
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": _PRIVATE_BUCKET,
            # Signed URLs only: a custom domain would turn signing off.
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": PRIVATE_FILES_URL_EXPIRE_SECONDS,
            "default_acl": "private",
        },
    }
    # Pages show private images (<img>), and the member app fetches them with its token.
    _allow_sources(("img-src", "connect-src"), _bucket_origins(_PRIVATE_BUCKET))
