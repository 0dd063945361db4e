"""Matrix rows of 学习教育 (partybuild/learning/api.py): a course and an exam of 一支部 (member A's
branch) and member A's attempt. Member B (二支部) gets 404; accounts without a dossier (the
administrators, the superuser) are refused the members' operations (403); the leaderboard is the
member's branch or, for an administrator, their scope."""

from tests.api.matrix import Case, expect

MEMBERS = expect(member_a=200, member_b=200, admin_a=403, admin_parent=403, superuser=403)
OWN_A = expect(member_a=200, member_b=404, admin_a=403, admin_parent=403, superuser=403)
EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)


def _course(ctx):
    from tests.partybuild.learning.factories import make_course

    ctx.objects["course"] = make_course(ctx.tree["first"])
    ctx.objects["lesson"] = ctx.objects["course"].lessons.first()


def _exam(ctx):
    from tests.partybuild.learning.factories import make_bank, make_exam

    ctx.objects["exam"] = make_exam(ctx.tree["first"], make_bank(ctx.tree["first"]))


def _attempt(ctx):
    from partybuild.learning.services import exam_attempt_start

    _exam(ctx)
    ctx.objects["attempt"] = exam_attempt_start(
        member=ctx.roles["member_a"].member, exam=ctx.objects["exam"]
    )


def _path(name: str, collection: str, suffix: str = ""):
    return lambda ctx: f"/api/app/learning/{collection}/{ctx.objects[name].pk}{suffix}"


ROWS = {
    "learning_course_list": Case("get", "/api/app/learning/courses", MEMBERS, setup=_course),
    "learning_course_detail": Case("get", _path("course", "courses"), OWN_A, setup=_course),
    "learning_lesson_detail": Case("get", _path("lesson", "lessons"), OWN_A, setup=_course),
    "learning_lesson_open": Case("post", _path("lesson", "lessons", "/open"), OWN_A, setup=_course),
    "learning_lesson_heartbeat": Case(
        "post", _path("lesson", "lessons", "/heartbeat"), OWN_A, body={"seconds": 15}, setup=_course
    ),
    "learning_exam_list": Case("get", "/api/app/learning/exams", MEMBERS, setup=_exam),
    "learning_exam_start": Case("post", _path("exam", "exams", "/attempts"), OWN_A, setup=_exam),
    "learning_attempt_detail": Case("get", _path("attempt", "attempts"), OWN_A, setup=_attempt),
    "learning_attempt_answer": Case(
        "put", _path("attempt", "attempts", "/answers"), OWN_A, body={"answers": {}}, setup=_attempt
    ),
    "learning_attempt_submit": Case(
        "post", _path("attempt", "attempts", "/submit"), OWN_A, body={}, setup=_attempt
    ),
    "learning_leaderboard": Case("get", "/api/app/learning/leaderboard", EVERYONE),
}
