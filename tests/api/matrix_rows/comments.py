"""Matrix rows of 评论 (content/comments/api.py): a 党建动态 of 一支部; every account reads its
approved comments, only accounts with an on-roll member record comment (administrators without
one are 403)."""

from tests.api.matrix import Case, expect

READERS = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)
MEMBERS = expect(member_a=201, member_b=201, admin_a=403, admin_parent=403, superuser=403)


def _page(ctx):
    from content.models import DynamicPage, OrganisationDynamicIndexPage

    page = DynamicPage(title="一支部主题党日", slug="matrix-theme-day")
    OrganisationDynamicIndexPage.objects.get(organisation=ctx.tree["first"]).add_child(
        instance=page
    )
    page.save_revision().publish()
    ctx.objects["page"] = page


def _path(ctx):
    return f"/api/app/comments/pages/{ctx.objects['page'].pk}"


ROWS = {
    "comment_list": Case("get", _path, READERS, setup=_page),
    "comment_create": Case("post", _path, MEMBERS, body={"text": "学习了"}, setup=_page),
    "comment_list_mine": Case("get", "/api/app/comments/mine", READERS),
}
