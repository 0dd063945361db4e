"""Every /api/app/ operation × {anonymous, member of A, member of B, administrator of A,
administrator of A's parent, superuser} answers the status of its matrix row, and no response
to a role without the reveal permission holds an unmasked ID or mobile number."""

import importlib
import pkgutil

import pytest
from django.db import transaction

from partysite.apis import app_api
from tests.api import matrix_rows
from tests.api.conftest import client_for
from tests.api.matrix import REVEALING_ROLES, ROLES, UNMASKED_IDENTIFIER, Case, Ctx

pytestmark = pytest.mark.django_db


def _operations() -> dict[str, tuple[str, str]]:
    """operationId → (method, path template), from the live OpenAPI schema."""
    schema = app_api.get_openapi_schema()
    return {
        operation["operationId"]: (method, path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def _rows() -> dict[str, Case]:
    rows: dict[str, Case] = {}
    for module_info in pkgutil.iter_modules(matrix_rows.__path__):
        module = importlib.import_module(f"{matrix_rows.__name__}.{module_info.name}")
        for operation_id, case in getattr(module, "ROWS", {}).items():
            assert operation_id not in rows, f"two rows for {operation_id}"
            rows[operation_id] = case
    return rows


OPERATIONS = _operations()
ROWS = _rows()


def test_every_operation_has_a_row_and_every_row_an_operation():
    assert sorted(set(OPERATIONS) - set(ROWS)) == [], "operations without a matrix row"
    assert sorted(set(ROWS) - set(OPERATIONS)) == [], "rows naming no operation"


def test_every_row_names_all_roles():
    for operation_id, case in ROWS.items():
        assert set(case.expect) == set(ROLES), operation_id
        assert case.method.lower() == OPERATIONS[operation_id][0], operation_id


class _Rollback(Exception):
    pass


@pytest.mark.parametrize("operation_id", sorted(ROWS))
def test_operation_answers_each_role_as_its_row_says(operation_id, roles, tree):
    case = ROWS[operation_id]
    got = {}
    for role in ROLES:
        ctx = Ctx(roles=roles, tree=tree, role=role)
        try:
            with transaction.atomic():
                if case.setup is not None:
                    case.setup(ctx)
                client = client_for(roles[role])
                body = case.resolve(case.body, ctx)
                if body is None:
                    body_kwargs = {}
                elif case.multipart:
                    body_kwargs = {"data": body}
                else:
                    body_kwargs = {"data": body, "content_type": "application/json"}
                response = getattr(client, case.method.lower())(
                    case.resolve(case.path, ctx), **body_kwargs
                )
                got[role] = response.status_code
                if response.status_code >= 400:
                    payload = response.json()
                    assert set(payload) >= {"code", "message"}, (role, payload)
                if role not in REVEALING_ROLES:
                    leaked = UNMASKED_IDENTIFIER.findall(response.content.decode())
                    assert leaked == [], f"{operation_id} leaked {leaked} to {role}"
                raise _Rollback
        except _Rollback:
            pass
    assert got == case.expect
