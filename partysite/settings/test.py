"""Test runs: fast password hashing, in-memory mail, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403
from .insecure_keys import TEST_FIELD_ENCRYPTION_KEY

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
MEDIA_ROOT = tempfile.mkdtemp(prefix="partysite-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="partysite-test-private-")
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "partybuild.models.files.PrivateStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Development-only key: anything encrypted with it is readable by anyone with this repository.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or TEST_FIELD_ENCRYPTION_KEY
# 两步验证 stays off for tests; a test turns it on with the ``settings`` fixture.
ADMIN_2FA_REQUIRED = False

AUDIT_ARCHIVE_DIR = tempfile.mkdtemp(prefix="partysite-test-audit-archive-")

# Every task runs when it is enqueued (tests of the worker itself set their own backend).
TASKS = tasks_setting("immediate")  # noqa: F405
