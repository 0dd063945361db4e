"""Test runs: fast password hashing, in-memory mail, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
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
FIELD_ENCRYPTION_KEY = (
    os.environ.get("FIELD_ENCRYPTION_KEY") or "dGVzdC1vbmx5LWtleS1mb3ItZW5jcnlwdC10ZXN0cyE="
)

AUDIT_ARCHIVE_DIR = tempfile.mkdtemp(prefix="partysite-test-audit-archive-")
