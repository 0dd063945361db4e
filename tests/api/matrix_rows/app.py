"""Matrix rows of every /api/app/ operation (tests/api/matrix.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import PASSWORD
from tests.api.factories import (
    change_request_of,
    member_in,
    message_for,
    pending_transfer,
    publish_disclosure,
)
from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)
ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)
#: An object of branch B: outside admin_a's subtree, inside admin_parent's.
B_ONLY = expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200)


def _credentials(ctx):
    user = ctx.roles[ctx.role]
    if user is None:
        return {"username": "nobody", "password": "wrong"}
    return {"username": user.username, "password": PASSWORD}


def _message(ctx):
    ctx.objects["message"] = message_for(ctx.roles["member_a"])


def _transfer(from_role: str, to_key: str):
    def setup(ctx):
        member = ctx.roles[from_role].member
        ctx.objects["transfer"] = pending_transfer(member, ctx.tree[to_key])

    return setup


def _change_request(role: str):
    def setup(ctx):
        ctx.objects["change_request"] = change_request_of(ctx.roles[role])

    return setup


def _disclosure(ctx):
    ctx.objects["page"] = publish_disclosure(ctx.tree["first"], "支部公开", visibility="subtree")


def _outside_transfer(ctx):
    member = member_in(ctx.tree["second"], "member_b2", "13800138099")
    ctx.objects["transfer"] = pending_transfer(member, ctx.tree["third"])


def _transfer_path(action: str = ""):
    return lambda ctx: f"/api/app/transfers/{ctx.objects['transfer'].pk}{action}"


def _request_path(action: str = ""):
    return lambda ctx: f"/api/app/change-requests/{ctx.objects['change_request'].pk}{action}"


ROWS = {
    "auth_token": Case("post", "/api/app/auth/token", EVERYONE, body=_credentials),
    "auth_whoami": Case("get", "/api/app/auth/whoami", EVERYONE),
    "auth_logout": Case("post", "/api/app/auth/logout", EVERYONE),
    "auth_token_refresh": Case("post", "/api/app/auth/refresh", EVERYONE),
    # 忘记密码 is for people who cannot sign in: the same answer for everyone, token or none.
    "auth_password_forgot": Case(
        "post",
        "/api/app/auth/password/forgot",
        expect(
            anonymous=200, member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200
        ),
        body={"account": "nobody"},
    ),
    "auth_password_reset": Case(
        "post",
        "/api/app/auth/password/reset",
        expect(
            anonymous=422, member_a=422, member_b=422, admin_a=422, admin_parent=422, superuser=422
        ),
        body={"account": "nobody", "code": "000000", "new_password": "New-pass-2026"},
    ),
    "me_detail": Case("get", "/api/app/me/", EVERYONE),
    "me_change_request_create": Case(
        "post",
        "/api/app/me/change-requests",
        expect(member_a=201, member_b=201, admin_a=403, admin_parent=403, superuser=403),
        body={"changes": {"phone": "13900000000"}},
    ),
    "me_change_request_list": Case("get", "/api/app/me/change-requests", EVERYONE),
    "message_list_mine": Case("get", "/api/app/messages/", EVERYONE),
    "message_unread": Case("get", "/api/app/messages/unread-count", EVERYONE),
    "message_read_all": Case("post", "/api/app/messages/read-all", EVERYONE),
    "message_read": Case(
        "post",
        lambda ctx: f"/api/app/messages/{ctx.objects['message'].pk}/read",
        expect(member_a=200, member_b=404, admin_a=404, admin_parent=404, superuser=404),
        setup=_message,
    ),
    "organisation_list": Case("get", "/api/app/orgs/", ADMINS),
    "organisation_detail": Case(
        "get", lambda ctx: f"/api/app/orgs/{ctx.tree['second'].pk}", B_ONLY
    ),
    "member_list_managed": Case("get", "/api/app/members/", ADMINS),
    "member_detail": Case(
        "get", lambda ctx: f"/api/app/members/{ctx.roles['member_b'].member.pk}", B_ONLY
    ),
    "transfer_list_managed": Case("get", "/api/app/transfers/", ADMINS),
    "transfer_create": Case(
        "post",
        "/api/app/transfers/",
        expect(member_a=403, member_b=403, admin_a=201, admin_parent=201, superuser=201),
        body=lambda ctx: {
            "member_id": ctx.roles["member_a"].member.pk,
            "to_organisation_id": ctx.tree["second"].pk,
        },
    ),
    "transfer_detail": Case("get", _transfer_path(), B_ONLY, setup=_outside_transfer),
    "transfer_accept_one": Case(
        "post",
        _transfer_path("/accept"),
        expect(member_a=403, member_b=403, admin_a=403, admin_parent=200, superuser=200),
        body={},
        setup=_transfer("member_a", "second"),
    ),
    "transfer_return_one": Case(
        "post",
        _transfer_path("/return"),
        expect(member_a=403, member_b=403, admin_a=403, admin_parent=200, superuser=200),
        body={"reason": "材料不全"},
        setup=_transfer("member_a", "second"),
    ),
    "transfer_revoke_one": Case(
        "post",
        _transfer_path("/revoke"),
        expect(member_a=403, member_b=403, admin_a=403, admin_parent=200, superuser=200),
        body={},
        setup=_transfer("member_b", "first"),
    ),
    "change_request_list": Case("get", "/api/app/change-requests/", ADMINS),
    "change_request_detail": Case(
        "get", _request_path(), B_ONLY, setup=_change_request("member_b")
    ),
    "change_request_approve_one": Case(
        "post",
        _request_path("/approve"),
        ADMINS,
        setup=_change_request("member_a"),
    ),
    "change_request_reject_one": Case(
        "post",
        _request_path("/reject"),
        B_ONLY,
        body={"reason": "号码有误"},
        setup=_change_request("member_b"),
    ),
    "content_page_list": Case("get", "/api/app/content/pages", EVERYONE),
    "content_page_detail": Case(
        "get",
        lambda ctx: f"/api/app/content/pages/{ctx.objects['page'].pk}",
        expect(member_a=200, member_b=404, admin_a=200, admin_parent=200, superuser=200),
        setup=_disclosure,
    ),
    "home_detail": Case("get", "/api/app/home/", EVERYONE),
    "task_list": Case("get", "/api/app/tasks/", EVERYONE),
}


def _assessed(ctx):
    import datetime
    from decimal import Decimal

    from partybuild.dues.services import dues_assess_month, dues_profile_set

    member = ctx.roles["member_a"].member
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal("4000"),
        effective_from=datetime.date(2026, 11, 1),
    )
    dues_assess_month(month=datetime.date(2026, 11, 1))


ROWS.update(
    {
        "me_dues": Case("get", "/api/app/me/dues", EVERYONE, setup=_assessed),
        "dues_report_read": Case("get", "/api/app/dues/report?period=2026-11", ADMINS),
        "dues_payment_create": Case(
            "post",
            "/api/app/dues/payments",
            expect(member_a=403, member_b=403, admin_a=201, admin_parent=201, superuser=201),
            body=lambda ctx: {
                "member_id": ctx.roles["member_a"].member.pk,
                "amount": "40.00",
                "paid_on": "2026-11-20",
                "method": "cash",
            },
            setup=_assessed,
        ),
    }
)


def _my_candidacy(ctx):
    from tests.api.factories import candidate_in

    ctx.objects["candidate"] = candidate_in(ctx.tree["first"], user=ctx.roles["member_a"])


def _candidate_in_b(ctx):
    from tests.api.factories import candidate_in

    ctx.objects["candidate"] = candidate_in(ctx.tree["second"])


def _my_submission(ctx):
    from partybuild.recruitment.services import candidate_submission_create

    _my_candidacy(ctx)
    ctx.objects["submission"] = candidate_submission_create(
        candidate=ctx.objects["candidate"],
        actor=ctx.roles["member_a"],
        kind="thought_report",
        title="思想汇报",
        content="学习体会",
    )


NOT_MINE = expect(member_a=200, member_b=404, admin_a=404, admin_parent=404, superuser=404)

ROWS.update(
    {
        "recruitment_mine": Case("get", "/api/app/recruitment/me", NOT_MINE, setup=_my_candidacy),
        "recruitment_submission_create": Case(
            "post",
            "/api/app/recruitment/me/submissions",
            expect(member_a=201, member_b=404, admin_a=404, admin_parent=404, superuser=404),
            body={"kind": "thought_report", "title": "第四季度思想汇报", "content": "学习体会"},
            setup=_my_candidacy,
        ),
        "recruitment_submission_attach": Case(
            "post",
            lambda ctx: (
                f"/api/app/recruitment/me/submissions/{ctx.objects['submission'].pk}/attachment"
            ),
            expect(member_a=200, member_b=404, admin_a=404, admin_parent=404, superuser=404),
            body=lambda ctx: {"file": SimpleUploadedFile("思想汇报.pdf", b"%PDF-1.4")},
            setup=_my_submission,
            multipart=True,
        ),
        "recruitment_board_read": Case("get", "/api/app/recruitment/board", ADMINS),
        "recruitment_candidate_detail": Case(
            "get",
            lambda ctx: f"/api/app/recruitment/candidates/{ctx.objects['candidate'].pk}",
            B_ONLY,
            setup=_candidate_in_b,
        ),
        "recruitment_step_create": Case(
            "post",
            lambda ctx: f"/api/app/recruitment/candidates/{ctx.objects['candidate'].pk}/steps",
            expect(member_a=403, member_b=403, admin_a=404, admin_parent=201, superuser=201),
            body={"step": 1, "done_on": "2026-11-01"},
            setup=_candidate_in_b,
        ),
    }
)
