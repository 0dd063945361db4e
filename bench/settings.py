"""Settings of the benchmark runs: the test settings (the app's middleware, caches and database
from DATABASE_URL) with the bench-only anchors mounted beside the site (``bench.urls``)."""

import os

from partysite.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# BENCH_REDIS_URL (e.g. redis://127.0.0.1:6379/4) measures with the shared cache production has
# (REDIS_URL): the admin home's figures and the public v2 lists are then cached
# (partybuild/core/versioned_cache.py); without it every request computes them.
if os.environ.get("BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_REDIS_URL"],
        }
    }
