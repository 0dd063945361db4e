"""Matrix rows of 修改密码 and 党员登录账号 (tests/api/matrix.py)."""

from tests.api.conftest import PASSWORD
from tests.api.factories import member_in
from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)


def _member_without_login(ctx):
    member = member_in(ctx.tree["first"], "to_be_unlinked", "13900139001")
    member.user = None
    member.save(update_fields=["user"])
    ctx.objects["member"] = member


ROWS = {
    "auth_password_change": Case(
        "post",
        "/api/app/auth/password",
        EVERYONE,
        body={"old_password": PASSWORD, "new_password": "Kq7mVt3pRx9w"},
    ),
    "member_logins_create_op": Case(
        "post",
        "/api/app/member-logins/",
        expect(member_a=403, member_b=403, admin_a=201, admin_parent=201, superuser=201),
        body=lambda ctx: {"member_ids": [ctx.objects["member"].pk]},
        setup=_member_without_login,
    ),
    "member_login_password_reset": Case(
        "post",
        lambda ctx: f"/api/app/member-logins/{ctx.roles['member_a'].member.pk}/reset-password",
        expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200),
        body={},
    ),
}
