"""Settings for the load test (bench/load.py): development's, with DEBUG off as in production.

DEBUG keeps every query of a request in memory and serves static files through Django; a load
measured with it on would measure that. Demo accounts exist (load_demo runs under the
development settings first), so production's settings, which refuse them, cannot serve here.
"""

from partysite.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405 (a 404 is no news here)
