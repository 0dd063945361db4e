"""Settings of the benchmark runs: the test settings (the app's middleware, caches and database
from DATABASE_URL) with the bench-only anchors mounted beside the site (``bench.urls``)."""

from partysite.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
