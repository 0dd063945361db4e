"""Matrix rows of 我的支部 (partybuild/committees/api.py): every signed-in account gets an answer
about its own branch only (an account without a member record gets an empty one)."""

from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)

ROWS = {
    "branch_directory": Case("get", "/api/app/branch/", EVERYONE),
}
