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
# A worker that a test starts in a process of its own is given the test's folder.
PRIVATE_MEDIA_ROOT = os.environ.get("TEST_PRIVATE_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="partysite-test-private-"
)
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

# Every task runs when it is enqueued; the tests of the workers (tests/partybuild/jobs/
# test_workers.py) switch to the database or the RQ queue, RQ on its own Redis database.
# A worker process those tests start is told its queue by TEST_TASKS_BACKEND.
TASKS = tasks_setting(os.environ.get("TEST_TASKS_BACKEND", "immediate"))  # noqa: F405
RQ_QUEUES = {
    "default": {"URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")},
}
