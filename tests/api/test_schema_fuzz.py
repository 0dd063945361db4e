"""Schemathesis against the live /api/app/ schema with an administrator's token: whatever it
generates (valid or not), no response is a 5xx and every response matches its documented status,
content type and schema.

Examples per operation: ``FUZZ_EXAMPLES`` (default 3, a quick local run; CI exports 25)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for

#: Operations that end the session they run in; fuzzing them would only fuzz 401s afterwards.
SKIPPED_OPERATIONS = ("auth_logout", "auth_token_refresh")
#: Hypothesis examples per operation; `.ci/run` asks for more than a developer's `make test`.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))


schema = schemathesis.openapi.from_wsgi("/api/app/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client: requests must not close the connection holding the test's
    transaction (the WSGI handler closes it after each request otherwise)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(db, roles):
    return {"Authorization": f"Bearer {token_for(roles['admin_parent'])}"}


@schema.exclude(operation_id=list(SKIPPED_OPERATIONS)).parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_app_api_conforms_to_its_schema(case, admin_headers):
    case.call_and_validate(
        headers=admin_headers,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
