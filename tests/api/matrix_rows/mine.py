"""Matrix rows of 我的 operations the member app added (partybuild/api/me.py): the dossier
fields a member may ask to change are the same list for every signed-in account."""

from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)

ROWS = {
    "me_change_request_fields": Case("get", "/api/app/me/change-requests/fields", EVERYONE),
}
