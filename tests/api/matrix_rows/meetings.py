"""Matrix rows of 三会一课 (partybuild/orglife/api.py): a published meeting of 一支部 whose
expected attendees include member_a; anyone not expected gets 404 on the member operations;
members are 403 on the administrators' ones, which are 404 outside the caller's subtree."""

import datetime

from tests.api.matrix import Case, expect

MEMBER_A_ONLY = expect(member_a=200, member_b=404, admin_a=404, admin_parent=404, superuser=404)
ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)


def _published(ctx, organisation="first"):
    from django.utils import timezone

    from partybuild.orglife.models import MeetingKind
    from partybuild.orglife.services.meetings import meeting_create, meeting_publish

    start = timezone.now() + datetime.timedelta(minutes=10)
    meeting = meeting_create(
        organisation=ctx.tree[organisation],
        actor=None,
        kind=MeetingKind.THEME_DAY,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="党员活动室",
        topic="主题党日",
    )
    ctx.objects["meeting"] = meeting_publish(meeting=meeting, actor=None)


def _published_second(ctx):
    _published(ctx, "second")


def _path(suffix: str = ""):
    return lambda ctx: f"/api/app/meetings/{ctx.objects['meeting'].pk}{suffix}"


ROWS = {
    "meeting_list_mine": Case(
        "get",
        "/api/app/meetings/mine",
        expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200),
        setup=_published,
    ),
    "meeting_detail": Case("get", _path(), MEMBER_A_ONLY, setup=_published),
    "meeting_sign_up": Case("post", _path("/sign-up"), MEMBER_A_ONLY, body={}, setup=_published),
    "meeting_leave": Case(
        "post", _path("/leave"), MEMBER_A_ONLY, body={"reason": "出差"}, setup=_published
    ),
    "meeting_check_in": Case(
        "post",
        _path("/check-in"),
        MEMBER_A_ONLY,
        body=lambda ctx: {"code": ctx.objects["meeting"].check_in_code},
        setup=_published,
    ),
    "meeting_list_managed": Case("get", "/api/app/meetings/managed", ADMINS, setup=_published),
    "meeting_attendance": Case(
        "get",
        _path("/attendance"),
        expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200),
        setup=_published_second,
    ),
}
