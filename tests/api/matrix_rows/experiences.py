"""Matrix rows of 微心得 and 积分 (partybuild/memberservices/api/experiences.py). The pending 微心得
is member B's (二支部), so admin_a reviewing it gets 404; administrators have no dossier, so posting
is 403."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.matrix import Case, expect

EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)
ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)
ADMINS_OF_B = expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200)


def _pending_of_b(ctx):
    from partybuild.memberservices.services.experiences import experience_submit

    ctx.objects["experience"] = experience_submit(
        member=ctx.roles["member_b"].member, title="端正态度", content="作为基层党员干部……"
    )


def _approved_of_a(ctx):
    from partybuild.memberservices.services.experiences import experience_approve, experience_submit

    experience = experience_submit(
        member=ctx.roles["member_a"].member, title="学以致用", content="学习的最终目的……"
    )
    ctx.objects["experience"] = experience_approve(experience=experience, actor=None)


def _path(suffix):
    return lambda ctx: f"/api/app/experiences/{ctx.objects['experience'].pk}{suffix}"


ROWS = {
    "experience_list": Case("get", "/api/app/experiences/", EVERYONE, setup=_approved_of_a),
    "experience_list_mine": Case(
        "get", "/api/app/experiences/mine", EVERYONE, setup=_approved_of_a
    ),
    "experience_list_pending": Case(
        "get", "/api/app/experiences/pending", ADMINS, setup=_pending_of_b
    ),
    "experience_submit": Case(
        "post",
        "/api/app/experiences/",
        expect(member_a=201, member_b=201, admin_a=403, admin_parent=403, superuser=403),
        body=lambda ctx: {
            "title": "是增强创新意识",
            "content": "市场是一双无形的手……",
            "attachment": SimpleUploadedFile("心得.pdf", b"%PDF-1.4"),
        },
        multipart=True,
    ),
    "experience_approve": Case(
        "post", _path("/approve"), ADMINS_OF_B, body={"points": 12}, setup=_pending_of_b
    ),
    "experience_reject": Case(
        "post", _path("/reject"), ADMINS_OF_B, body={"reason": "内容过短"}, setup=_pending_of_b
    ),
    "points_mine": Case("get", "/api/app/points/mine", EVERYONE, setup=_approved_of_a),
    "points_leaderboard": Case(
        "get", "/api/app/points/leaderboard", EVERYONE, setup=_approved_of_a
    ),
}
