"""Matrix rows of 微心愿 (partybuild/memberservices/api/wishes.py). A wish of 一支部 (branch A) is
published unless a row says otherwise; members of A and B are both in 机关党委's area so both may
claim; administrators have no member dossier, so member-only operations are 403 for them."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)
ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)
#: A wish of branch B: its administrators are admin_parent and the superuser; admin_a gets 404.
ADMINS_OF_B = expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200)


def _wish(ctx, organisation="first", publish=True):
    from partybuild.memberservices.services.wishes import wish_create, wish_publish

    wish = wish_create(
        organisation=ctx.tree[organisation],
        actor=None,
        title="三国演义",
        value="50",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        owner_name="张亮",
        owner_phone="13912345678",
        mailing_address="慈利县城西",
    )
    ctx.objects["wish"] = wish_publish(wish=wish, actor=None) if publish else wish


def _published(ctx):
    _wish(ctx)


def _pending_in_b(ctx):
    _wish(ctx, "second", publish=False)


def _claimed_by_a(ctx):
    from partybuild.memberservices.services.wishes import wish_claim

    _wish(ctx)
    ctx.objects["wish"] = wish_claim(wish=ctx.objects["wish"], member=ctx.roles["member_a"].member)


def _fulfilled_in_a(ctx):
    from partybuild.memberservices.services.wishes import wish_fulfil

    _claimed_by_a(ctx)
    wish_fulfil(wish=ctx.objects["wish"], member=ctx.roles["member_a"].member, photo=_png())


def _png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), "green").save(buffer, format="PNG")
    return SimpleUploadedFile("完成.png", buffer.getvalue(), content_type="image/png")


def _path(suffix=""):
    return lambda ctx: f"/api/app/wishes/{ctx.objects['wish'].pk}{suffix}"


ROWS = {
    "wish_list": Case("get", "/api/app/wishes/", EVERYONE, setup=_published),
    "wish_list_mine": Case("get", "/api/app/wishes/mine", EVERYONE, setup=_claimed_by_a),
    "wish_list_pending": Case("get", "/api/app/wishes/pending", ADMINS, setup=_pending_in_b),
    "wish_detail": Case("get", _path(), EVERYONE, setup=_published),
    "wish_claim": Case(
        "post",
        _path("/claim"),
        expect(member_a=200, member_b=200, admin_a=403, admin_parent=403, superuser=403),
        body={},
        setup=_published,
    ),
    "wish_fulfil": Case(
        "post",
        _path("/fulfil"),
        expect(member_a=200, member_b=404, admin_a=403, admin_parent=403, superuser=403),
        body=lambda ctx: {"photo": _png(), "note": "已送达"},
        setup=_claimed_by_a,
        multipart=True,
    ),
    "wish_publish": Case("post", _path("/publish"), ADMINS_OF_B, body={}, setup=_pending_in_b),
    "wish_reject": Case(
        "post", _path("/reject"), ADMINS_OF_B, body={"reason": "信息不全"}, setup=_pending_in_b
    ),
    "wish_confirm": Case("post", _path("/confirm"), ADMINS, body={}, setup=_fulfilled_in_a),
}
