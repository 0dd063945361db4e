"""Matrix rows of the registers' operations added after tests/api/matrix_rows/app.py.

The rows of the other register operations (organisation_list, organisation_detail,
member_list_managed, member_detail, transfer_*, change_request_*) are in app.py.
"""

from tests.api.matrix import Case, expect

ROWS = {
    "organisation_transfer_target_list": Case(
        "get",
        "/api/app/orgs/transfer-targets",
        expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200),
    ),
}
