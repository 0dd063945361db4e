"""Settings shared by every environment (dev, test, production).

Environment-specific modules import everything from here and override what differs.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False

INSTALLED_APPS = [
    "partybuild.apps.PartybuildConfig",
    "partybuild.committees.apps.CommitteesConfig",
    "partybuild.orglife.apps.OrglifeConfig",
    "partybuild.dues.apps.DuesConfig",
    "partybuild.recruitment.apps.RecruitmentConfig",
    "partybuild.supervision.apps.SupervisionConfig",
    "partybuild.memberservices.apps.MemberServicesConfig",
    "partybuild.representatives.apps.RepresentativesConfig",
    "partybuild.mobility.apps.MobilityConfig",
    "partybuild.care.apps.CareConfig",
    "partybuild.learning.apps.LearningConfig",
    "partybuild.statistics.apps.StatisticsConfig",
    "partybuild.demo.apps.DemoConfig",
    "partybuild.jobs.apps.JobsConfig",
    "content",
    "content.comments.apps.CommentsConfig",
    "partysite.apps.PartysiteConfig",
    "partybuild.apps.PartybuildUsersAppConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "treebeard",
    "django_filters",
    "rest_framework",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background tasks (Django's tasks framework, the django-tasks backport): the database
    # queue and the Redis (RQ) one; TASKS below chooses (partybuild/jobs/).
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so it also rewrites what the others answer under /api/app/ (partysite/middleware.py).
    "partysite.middleware.AppApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "partysite.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request being served, for the security audit trail's client address and actor.
    "partybuild.core.requests.CurrentRequestMiddleware",
    "partysite.middleware.PrivateNoStoreMiddleware",
    "partybuild.middleware.SuperuserExpiryMiddleware",
    "partybuild.middleware.PasswordChangeRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partybuild.twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partybuild.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "partysite.middleware.DatabaseBusyMiddleware",
]

# Content-Security-Policy of every HTML page (partysite.middleware.ContentSecurityPolicyMiddleware).
# The portal runs no inline script or style of ours (behaviour in static/js, styles in static/css).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# What the member app (/app/) needs beyond that: photos chosen for upload are previewed from
# blob: URLs, Vant bundles its icon font as a data: URL, and its service worker and manifest are
# its own files.
CONTENT_SECURITY_POLICY_APP = {
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
}
# What Wagtail 8's admin needs beyond that, under /admin/ only (docs/architecture.md, "HTTP
# headers and errors"; tests/browser/test_content_security_policy.py loads the admin home, a page
# editor, a StreamField block and a chooser modal in Chromium and finds no violation):
# - script-src 'unsafe-inline': Wagtail's own widgets initialise themselves with inline <script>
#   (wagtailadmin/widgets/date_input.html, time_input.html, datetime_input.html,
#   panels/inline_panel.html, panels/multiple_chooser_panel.html, and the choosers rendered by
#   wagtail.admin.widgets.chooser.BaseChooser.render_html); with 'self' alone the page editor
#   reports three blocked inline scripts and its date picker and inline panels stay dead;
# - style-src 'unsafe-inline': our admin templates indent the organisation tree and the dues
#   report with style="…" (partybuild/organisations/tree_title_cell.html,
#   partybuild/dues/_report_tables.html), and markup the admin's scripts insert may carry style
#   attributes;
# - img-src blob:: the image upload previews the chosen file from a blob: URL;
# - frame-ancestors 'self' and frame-src 'self': the page editor's live preview is an iframe of
#   the admin's own preview address.
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# The admin shows no avatars from gravatar.com (outside img-src, and it would send a hash of each
# administrator's e-mail address abroad) and asks releases.wagtail.io for no upgrade notice.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor its banner and menu items pointing at guide.wagtail.org (English pages of another product);
# the help menu keeps 快捷键 only (partybuild/wagtail_hooks.py).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

ROOT_URLCONF = "partysite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "partysite.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://…) selects another server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A writer that meets another's lock waits up to 20 s rather than failing at once, and every
    # transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two transactions that
    # read and then write cannot deadlock into "database is locked". A lock held longer still is
    # a 503 with Retry-After (partysite.middleware.DatabaseBusyMiddleware), never a 500.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the reports' grouped subqueries for seconds per query at 100k
    # members and gains nothing on these short OLTP queries (bench/RESULTS.md): off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# Key for encrypting ID numbers at rest (partybuild/core/crypto.py). Production must set its own;
# dev and test settings supply a fixed development key.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partybuild.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "partybuild.password_validation.PolicyLengthValidator"},
    {"NAME": "partybuild.password_validation.CharacterClassesValidator"},
    {"NAME": "partybuild.password_validation.PasswordHistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The project's own translations (partysite/locale): what Wagtail's Chinese catalogue lacks, and
# its strings that name Wagtail, for the admin and its scripts (djangojs). Compiled .mo files are
# committed; `manage.py messages_compile` rebuilds them without GNU gettext.
LOCALE_PATHS = [BASE_DIR / "partysite" / "locale"]
# The admin speaks Chinese only and in the platform's time zone: with one choice each, the
# account's 语言与时区 panel is hidden (Wagtail offers every language and time zone otherwise).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
# The member app's build (`make app`, app/dist): its files under /static/app/, its pages at /app/
# (partysite.views.app_shell). Without a build (no Node.js) /app/ says how to make one.
APP_DIST_DIR = BASE_DIR / "app" / "dist"
if APP_DIST_DIR.is_dir():
    STATICFILES_DIRS.append(("app", APP_DIST_DIR))
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"

# Files named after a hash of their content never change, so whitenoise lets browsers keep them
# for good (``max-age=315360000, public, immutable``): ManifestStaticFilesStorage's copies
# (``site.0123456789ab.css``) and the member app's build, where Vite names every file under
# assets/ ``<name>-<hash>.<ext>`` (``index-AbC123xy.js``, a hash of 8 base64url characters).
# Everything else keeps WHITENOISE_MAX_AGE; the app's index.html and sw.js are served at /app/
# with ``no-cache`` (partysite.views) so that a new release is seen at once.
WHITENOISE_IMMUTABLE_FILE_TEST = (
    r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$"
    rf"|^{re.escape(STATIC_URL)}app/assets/.+-[A-Za-z0-9_-]{{8,}}\.[A-Za-z0-9]+$"
)

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Files uploaded into the registers hold personal data: they live outside MEDIA_ROOT, in a
# storage without a URL, and are served only by the checked view of partybuild.views_files.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
# Behind nginx, set this to an ``internal`` location aliased to PRIVATE_MEDIA_ROOT (e.g.
# "/private-media/") and the view hands the transfer over with X-Accel-Redirect.
PRIVATE_FILES_ACCEL_REDIRECT = os.environ.get("PRIVATE_FILES_ACCEL_REDIRECT", "")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "partybuild.models.files.PrivateStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
}

# Wagtail's page editor can exceed Django's default of 1000 fields per form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "智慧党建"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "content.search_backend"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "doc",
    "docx",
    "jpg",
    "mp4",
    "odt",
    "pdf",
    "png",
    "ppt",
    "pptx",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
#: The most pixels an uploaded image may have (width × height), for Wagtail's images and the
#: registers' photos alike (partybuild/uploads.py): a larger one is refused with a message; 40
#: million is an 8000 × 5000 photo, while a 12000 × 12000 one takes seconds per thumbnail.
IMAGE_MAX_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
# Pillow itself warns past this and refuses past twice this (a decompression bomb) wherever an
# image is opened; Wagtail's and our upload checks turn both into a refusal of the upload.
PillowImage.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
# Member profile fields live on partybuild.User; Wagtail's user forms are extended in
# partybuild/admin/users.py.
WAGTAIL_PASSWORD_RESET_ENABLED = True

# The portal's own login for members; the admin keeps Wagtail's login at /admin/login/.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The app API (/api/app/, partysite/apis.py).
#: Interactive docs at /api/app/docs; the OpenAPI schema stays at /api/app/openapi.json.
APP_API_DOCS = os.environ.get("APP_API_DOCS", "true").lower() == "true"
# The sign-in lockout and the password rules are 设置 › 安全策略 (partybuild.models.SecurityPolicy).
#: The policy's first 密码有效期 in days (0: passwords do not expire); production sets 180.
PASSWORD_MAX_AGE_DAYS_DEFAULT = 0
# So are the session and app-token lifetimes (partybuild/sessions.py, partybuild.services.auth).
AUTHENTICATION_BACKENDS = ["partybuild.auth_backends.LockoutModelBackend"]


def _whole_number(value: str | None) -> int:
    try:
        return max(0, int(value or "0"))
    except ValueError:
        return 0


#: How many reverse proxies (nginx, a load balancer) stand in front of the application: the
#: client address is then the Nth from the right of X-Forwarded-For (partybuild.services.auth
#: ``client_address``); 0 (the default) takes REMOTE_ADDR and ignores that header. A value that
#: is not a whole number is ignored.
TRUSTED_PROXY_COUNT = _whole_number(os.environ.get("TRUSTED_PROXY_COUNT"))
WAGTAILADMIN_USER_LOGIN_FORM = "partybuild.forms.AdminLoginForm"
NINJA_PAGINATION_MAX_LIMIT = 100
NINJA_PAGINATION_PER_PAGE = 20
# Break-glass superusers (partybuild/startup.py): production refuses to start a web process while
# an enabled superuser exists, unless ALLOW_ACTIVE_SUPERUSER=true.
REFUSE_ACTIVE_SUPERUSER = False
ALLOW_ACTIVE_SUPERUSER = os.environ.get("ALLOW_ACTIVE_SUPERUSER", "false").lower() == "true"
#: How many days a transfer letter (组织关系介绍信) stays valid after it is issued
#: (docs/domain.md §6); a letter not received by then expires and must be issued again.
TRANSFER_LETTER_VALID_DAYS = int(os.environ.get("TRANSFER_LETTER_VALID_DAYS", "90"))

# The security audit trail (partybuild/models/security_events.py, docs/architecture.md).
#: The key of the trail's hash chain. Unset, a key derived from SECRET_KEY is used; set it in
#: production once and keep it (with SECRET_KEY rotated, the chain would no longer verify).
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY", "") or None
#: Days a security event stays in the database before `manage.py audit_archive` may move it to
#: a signed file; at least 180 (partybuild.checks).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
#: Where `manage.py audit_archive` writes its signed files (keep it off the web server's paths).
AUDIT_ARCHIVE_DIR = Path(os.environ.get("AUDIT_ARCHIVE_DIR", BASE_DIR / "audit_archive"))

#: The text-message sender (partybuild/core/sms.py): the console backend logs each message; set
#: "partybuild.core.sms.AliyunSmsBackend" (and the ALIYUN_SMS_* variables) to send them.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "partybuild.core.sms.ConsoleSmsBackend")

# Background tasks (partybuild/jobs/, docs/architecture.md "Background jobs"): what fans out to
# every member (a notice's or a meeting's messages), sends SMS and e-mail, assesses a month's dues
# or imports and exports large files runs in a worker, never in the web request. The queue is the
# database (`manage.py db_worker`, started beside the server by `make run`) unless
# TASKS_BACKEND=rq, which uses Redis at REDIS_URL (`manage.py rqworker --job-class
# django_tasks_rq.Job default`). Tests run every task at once (ImmediateBackend).
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").strip().lower()


def tasks_setting(backend: str) -> dict:
    """The TASKS setting for ``backend``: "database", "rq" or "immediate"."""
    if backend == "rq":
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    if backend == "immediate":
        return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


TASKS = tasks_setting(TASKS_BACKEND)
#: django-rq's queues (used only with TASKS_BACKEND=rq).
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
#: What sends the mail that the queue hands on (partybuild/jobs/mail.py, where EMAIL_BACKEND is
#: its QueuedEmailBackend).
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
#: An import or export of more rows than this runs as a background job (后台任务) whose result
#: is downloaded from the admin; at most this many are answered in the request as before.
JOB_ROWS_THRESHOLD = int(os.environ.get("JOB_ROWS_THRESHOLD", "2000"))
#: A job 进行中 that has shown no progress for this many seconds counts as 中断 (its worker was
#: killed) and may be retried; `manage.py jobs_purge` records it so.
JOB_STALE_AFTER = int(os.environ.get("JOB_STALE_AFTER", "900"))
#: Days the result and upload of a finished job are kept before `manage.py jobs_purge` deletes them.
JOB_FILES_KEEP_DAYS = int(os.environ.get("JOB_FILES_KEEP_DAYS", "7"))
#: The cache through which a worker's progress reaches the admin's pages while the job's own
#: transaction is open (partybuild/jobs/progress.py): shared by every process (Redis in production).
JOB_PROGRESS_CACHE = os.environ.get("JOB_PROGRESS_CACHE", "default")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        # Per-task and per-page lines at INFO drown the console during imports and demo loading.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# 两步验证 (partybuild/twofactor/): an account with a confirmed authenticator is asked for its code
# after the password wherever it signs in. ADMIN_2FA_REQUIRED makes it compulsory for every
# account holding an administrative role (and active superusers): off here, in dev (the demo) and
# in tests; on in production.
ADMIN_2FA_REQUIRED = os.environ.get("ADMIN_2FA_REQUIRED", "false").lower() == "true"
OTP_TOTP_ISSUER = "智慧党建"
# Wrong codes are counted by the lockout of 安全策略 (partybuild/twofactor/services.py), shared by
# every process; django-otp's own per-device back-off would only add a second, different rule.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
