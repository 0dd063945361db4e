"""Matrix rows of 意见建议, 书记信箱 and 留言板 (partybuild/memberservices/api/suggestions.py,
letters.py, board.py): members write and read their own; administrators act on their subtree
(objects of branch B: admin_a 404, admin_parent and the superuser 200); members are 403 on admin
operations."""

from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)
ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)
MEMBERS = expect(member_a=200, member_b=200, admin_a=403, admin_parent=403, superuser=403)
MEMBERS_CREATE = expect(member_a=201, member_b=201, admin_a=403, admin_parent=403, superuser=403)
B_ONLY = expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200)


def _mailbox(ctx):
    from wagtail.models import Site

    from partybuild.memberservices.models import MemberServiceSettings

    settings = MemberServiceSettings.for_site(Site.objects.get(is_default_site=True))
    settings.mailbox_email = "mailbox@example.com"
    settings.save()


def _suggestion_of_b(ctx):
    from partybuild.memberservices.services.suggestions import suggestion_submit

    ctx.objects["suggestion"] = suggestion_submit(
        user=ctx.roles["member_b"], title="建议", content="内容", anonymous=False
    )


def _letter_of_b(ctx):
    """A letter of member B to 一总支's 书记信箱: only 一总支's administrator (and the superuser)
    may answer it; 一支部's is 404."""
    from partybuild.memberservices.services.letters import letter_send

    admin_parent = ctx.roles["admin_parent"]
    admin_parent.email = "general@example.com"
    admin_parent.save(update_fields=["email"])
    ctx.objects["letter"] = letter_send(
        user=ctx.roles["member_b"],
        recipient_kind="mailbox",
        subject="主题",
        body="正文",
        addressee=ctx.tree["general"],
    )


def _post_of_b(ctx, hidden: bool = False):
    from partybuild.memberservices.services.board import board_post_create, board_post_hide

    post = board_post_create(user=ctx.roles["member_b"], content="留言")
    if hidden:
        board_post_hide(post=post, reason="理由", actor=ctx.roles["superuser"])
    ctx.objects["post"] = post


def _path(prefix: str, name: str, suffix: str):
    return lambda ctx: f"/api/app/{prefix}/{ctx.objects[name].pk}/{suffix}"


ROWS = {
    "member_service_settings_read": Case("get", "/api/app/suggestions/settings", EVERYONE),
    "suggestion_submit": Case(
        "post", "/api/app/suggestions/", MEMBERS_CREATE, body={"title": "建议", "content": "内容"}
    ),
    "suggestion_list_mine": Case(
        "get", "/api/app/suggestions/mine", EVERYONE, setup=_suggestion_of_b
    ),
    "suggestion_list_managed": Case(
        "get", "/api/app/suggestions/managed", ADMINS, setup=_suggestion_of_b
    ),
    "suggestion_reply": Case(
        "post",
        _path("suggestions", "suggestion", "reply"),
        B_ONLY,
        body={"reply": "已答复"},
        setup=_suggestion_of_b,
    ),
    "suggestion_close": Case(
        "post", _path("suggestions", "suggestion", "close"), B_ONLY, setup=_suggestion_of_b
    ),
    "letter_send": Case(
        "post",
        "/api/app/letters/",
        MEMBERS_CREATE,
        body={"recipient_kind": "mailbox", "subject": "主题", "body": "正文"},
        setup=_mailbox,
    ),
    "letter_list_mine": Case("get", "/api/app/letters/mine", EVERYONE, setup=_letter_of_b),
    "letter_addressee_list": Case("get", "/api/app/letters/addressees", EVERYONE),
    "letter_list_managed": Case("get", "/api/app/letters/managed", ADMINS, setup=_letter_of_b),
    "letter_reply": Case(
        "post",
        _path("letters", "letter", "reply"),
        B_ONLY,
        body={"reply": "已答复"},
        setup=_letter_of_b,
    ),
    "board_post_list": Case("get", "/api/app/board/", MEMBERS, setup=_post_of_b),
    "board_post_create": Case(
        "post", "/api/app/board/", MEMBERS_CREATE, body={"content": "大家好"}
    ),
    "board_post_list_managed": Case("get", "/api/app/board/managed", ADMINS, setup=_post_of_b),
    "board_post_hide": Case(
        "post",
        _path("board", "post", "hide"),
        B_ONLY,
        body={"reason": "与党建无关"},
        setup=_post_of_b,
    ),
    "board_post_restore": Case(
        "post",
        _path("board", "post", "restore"),
        B_ONLY,
        setup=lambda ctx: _post_of_b(ctx, hidden=True),
    ),
}
