"""The demo data, loaded once for the tests of this package as `make run` loads it (DEBUG: with
the demo accounts).

`load_demo` takes seconds; the tests here read what it made, or write inside their own
transaction, rolled back after each (tests/shared_rows.py). Without DEBUG no account is made: the
end-to-end run (migrate, then load_demo with production settings) checks that, in
tests/test_settings.py::test_production_never_creates_demo_accounts. The modules here are marked
``early``: they run first, so that a parallel run (pytest-xdist hands each worker a block of
consecutive tests to start with) loads the demo in one worker.
"""

import pytest
from django.test import override_settings

from tests.partybuild.demo.loading import DemoRun, load_demo_recording
from tests.shared_rows import rows_for_scope


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker) -> DemoRun:
    """The first `load_demo`, in DEBUG."""
    with rows_for_scope(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(DEBUG=True):
            run = load_demo_recording()
        yield run


@pytest.fixture(autouse=True)
def demo_loaded(demo) -> None:
    """Every test of the package runs on the loaded demo, whether it asks for ``demo`` or not."""
