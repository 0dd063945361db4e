"""The progress cache outlives a test's database rows, and job ids start again in the next
test: each test starts with it empty."""

import pytest
from django.conf import settings
from django.core.cache import caches


@pytest.fixture(autouse=True)
def empty_progress_cache():
    caches[settings.JOB_PROGRESS_CACHE].clear()
    yield
    caches[settings.JOB_PROGRESS_CACHE].clear()
