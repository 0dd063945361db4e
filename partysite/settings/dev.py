"""Local development: DEBUG on, an insecure key, mail printed to the console."""

import os
import tempfile

from .base import *  # noqa: F403
from .insecure_keys import DEVELOPMENT_FIELD_ENCRYPTION_KEY

DEBUG = True
SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# Mail goes through the task queue (partybuild/jobs/mail.py) and is printed to the console.
EMAIL_BACKEND = "partybuild.jobs.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Links in notification e-mails point at the development server, on the port `make run` (or
# `PORT=8080 make run`) serves.
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
)
# Development-only key: anything encrypted with it is readable by anyone with this repository.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or DEVELOPMENT_FIELD_ENCRYPTION_KEY
# The audit chain's head line after every security event (partybuild.services.security_events)
# is for production's log shipping; here it would only drown the console.
LOGGING["loggers"]["partybuild.audit"] = {"level": "WARNING"}  # noqa: F405
# TASKS: the database queue (base.py), or Redis with TASKS_BACKEND=rq; `make run` starts the
# database worker beside the server.
# The database worker runs in a process of its own: a job's progress reaches the server through a
# cache on disk that both share (JOB_PROGRESS_CACHE, partybuild/jobs/progress.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "job_progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.path.join(tempfile.gettempdir(), "partysite-job-progress"),
    },
}
JOB_PROGRESS_CACHE = os.environ.get("JOB_PROGRESS_CACHE", "job_progress")
