"""Matrix rows of 党代表 (partybuild/representatives/api.py): member_a is a representative to the
county congress elected by 一总支; only he reads and records his activities and proposals
(everyone else, administrators included, is 404 there: the app's operations are his own)."""

import datetime

from django.utils import timezone

from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)
HIMSELF = expect(member_a=200, member_b=404, admin_a=404, admin_parent=404, superuser=404)
HIMSELF_CREATES = expect(member_a=201, member_b=404, admin_a=404, admin_parent=404, superuser=404)


def _representative(ctx):
    from partybuild.representatives.services import congress_save, representative_save

    today = timezone.localdate()
    congress = congress_save(
        organisation=ctx.tree["county"],
        level="county",
        name="县党代表大会",
        number=15,
        term_start=today - datetime.timedelta(days=365),
        term_end=today + datetime.timedelta(days=1000),
        actor=None,
    )
    ctx.objects["rep"] = representative_save(
        congress=congress,
        member=ctx.roles["member_a"].member,
        constituency=ctx.tree["general"],
        elected_on=congress.term_start,
        actor=None,
    )


def _path(suffix: str):
    return lambda ctx: f"/api/app/representatives/{ctx.objects['rep'].pk}/{suffix}"


ROWS = {
    "representative_list_mine": Case(
        "get", "/api/app/representatives/mine", EVERYONE, setup=_representative
    ),
    "representative_list_constituency": Case(
        "get", "/api/app/representatives/constituency", EVERYONE, setup=_representative
    ),
    "representative_activity_list": Case(
        "get", _path("activities"), HIMSELF, setup=_representative
    ),
    "representative_activity_create": Case(
        "post",
        _path("activities"),
        HIMSELF_CREATES,
        body=lambda ctx: {
            "date": str(timezone.localdate()),
            "place": "社区党群服务中心",
            "content": "走访困难党员",
            "people_reached": 5,
        },
        setup=_representative,
    ),
    "representative_proposal_list": Case("get", _path("proposals"), HIMSELF, setup=_representative),
    "representative_proposal_create": Case(
        "post",
        _path("proposals"),
        HIMSELF_CREATES,
        body=lambda ctx: {
            "title": "关于加强党群服务中心建设的建议",
            "content": "建议增加周末开放时间。",
            "submitted_on": str(timezone.localdate()),
        },
        setup=_representative,
    ),
}
