"""The authorisation matrix of /api/app/: every operation × six roles → expected status.

Each area's rows live in tests/api/matrix_rows/<area>.py as ``ROWS = {operationId: Case(...)}``.
test_authorisation_matrix.py collects the operations from the live OpenAPI schema and fails when
an operation has no row (or a row names no operation).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "member_a", "member_b", "admin_a", "admin_parent", "superuser")

#: Roles allowed to see full ID and phone numbers (they hold 「查看完整身份信息」).
REVEALING_ROLES = {"superuser"}


@dataclass
class Ctx:
    """What a case's callables see: the roles' users, the organisation tree, and ``objects``
    that the case's ``setup`` created (e.g. ``ctx.objects["transfer"]``)."""

    roles: dict[str, Any]
    tree: dict[str, Any]
    role: str
    objects: dict[str, Any] = field(default_factory=dict)


Value = Callable[[Ctx], Any] | Any


@dataclass
class Case:
    """One operation: how to call it and the status each role must get.

    ``path`` and ``body`` may be callables of the Ctx (run after ``setup``). ``expect`` names all
    six roles. ``setup`` runs once per role inside a rolled-back savepoint. With ``multipart``
    the body is sent as a form (give files as a callable body, so each role gets a fresh one).
    """

    method: str
    path: Value
    expect: dict[str, int]
    body: Value = None
    setup: Callable[[Ctx], None] | None = None
    multipart: bool = False

    def resolve(self, value: Value, ctx: Ctx) -> Any:
        return value(ctx) if callable(value) else value


def expect(
    *,
    anonymous: int = 401,
    member_a: int,
    member_b: int,
    admin_a: int,
    admin_parent: int,
    superuser: int,
) -> dict[str, int]:
    """The six statuses of a row, by keyword so a row reads as a table."""
    return {
        "anonymous": anonymous,
        "member_a": member_a,
        "member_b": member_b,
        "admin_a": admin_a,
        "admin_parent": admin_parent,
        "superuser": superuser,
    }


#: An 18-character ID number or an 11-digit mobile number, not part of a longer number.
UNMASKED_IDENTIFIER = re.compile(r"(?<![\dA-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![\dA-Za-z])")
