"""Settings shared by every environment (dev, test, production).

Environment-specific modules import everything from here and override what differs.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False

INSTALLED_APPS = [
    "partybuild.apps.PartybuildConfig",
    "partybuild.orglife.apps.OrglifeConfig",
    "partybuild.dues.apps.DuesConfig",
    "partybuild.recruitment.apps.RecruitmentConfig",
    "partybuild.supervision.apps.SupervisionConfig",
    "partybuild.memberservices.apps.MemberServicesConfig",
    "partybuild.statistics.apps.StatisticsConfig",
    "partybuild.demo.apps.DemoConfig",
    "content",
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partybuild.middleware.SuperuserExpiryMiddleware",
    "partybuild.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partybuild.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

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

# Key for encrypting ID numbers at rest (partybuild/core/crypto.py). Production must set its own;
# dev and test settings supply a fixed development key.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partybuild.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "partybuild.password_validation.PolicyLengthValidator"},
    {"NAME": "partybuild.password_validation.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"

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

#: The text-message sender (partybuild/core/sms.py): the console backend logs each message; set
#: "partybuild.core.sms.AliyunSmsBackend" (and the ALIYUN_SMS_* variables) to send them.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "partybuild.core.sms.ConsoleSmsBackend")

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
