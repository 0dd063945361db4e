"""学习教育 in the app: courses and lessons of my subtree only, study time capped by the server,
the exam paper without answers until handed in (and the answers only when no retake is left),
the leaderboard, and constant queries per page."""

import pytest

from partybuild.learning.models import ExamAttempt, Question
from partybuild.learning.services import lesson_heartbeat, lesson_open
from tests.partybuild.learning.factories import make_bank, make_course, make_exam, right_answers

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_a_member_lists_the_courses_of_their_organisation_and_above(roles, tree, api_client):
    mine = make_course(tree["general"], title="学习党章")
    make_course(tree["second"], title="二支部的课程")
    make_course(tree["first"], title="未发布", is_published=False)
    client = api_client(roles["member_a"])
    body = client.get("/api/app/learning/courses").json()
    assert [item["title"] for item in body["items"]] == ["学习党章"]
    detail = client.get(f"/api/app/learning/courses/{mine.pk}").json()
    assert [lesson["title"] for lesson in detail["lessons"]] == ["第1课", "第2课"]
    assert detail["lessons"][0]["required_seconds"] == 60


def test_another_subtrees_course_lesson_exam_and_attempt_are_404(roles, tree, api_client):
    course = make_course(tree["second"])
    exam = make_exam(tree["second"], make_bank(tree["second"]))
    member_b = api_client(roles["member_b"])
    attempt_id = member_b.post(f"/api/app/learning/exams/{exam.pk}/attempts").json()["id"]
    member_a = api_client(roles["member_a"])
    lesson = course.lessons.first()
    assert member_a.get(f"/api/app/learning/courses/{course.pk}").status_code == 404
    assert member_a.get(f"/api/app/learning/lessons/{lesson.pk}").status_code == 404
    heartbeat = member_a.post(
        f"/api/app/learning/lessons/{lesson.pk}/heartbeat", {"seconds": 10}, JSON
    )
    assert heartbeat.status_code == 404
    assert member_a.post(f"/api/app/learning/exams/{exam.pk}/attempts").status_code == 404
    assert member_a.get(f"/api/app/learning/attempts/{attempt_id}").status_code == 404
    submit = member_a.post(f"/api/app/learning/attempts/{attempt_id}/submit", {}, JSON)
    assert submit.status_code == 404
    assert api_client(roles["admin_a"]).get("/api/app/learning/courses").status_code == 403


def test_heartbeats_through_the_api_are_capped_by_the_clock(roles, tree, api_client):
    lesson = make_course(tree["first"], lessons=1, minutes=30).lessons.get()
    client = api_client(roles["member_a"])
    path = f"/api/app/learning/lessons/{lesson.pk}"
    assert client.post(f"{path}/open").json()["seconds"] == 0
    claimed = client.post(f"{path}/heartbeat", {"seconds": 1800}, JSON).json()
    assert claimed["seconds"] <= 2 and claimed["completed_at"] is None
    too_much = client.post(f"{path}/heartbeat", {"seconds": 3601}, JSON)
    assert too_much.status_code == 422


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def test_the_paper_holds_no_answers_until_no_retake_is_left(roles, tree, api_client):
    exam = make_exam(tree["first"], make_bank(tree["first"]), retakes_allowed=1)
    client = api_client(roles["member_a"])
    paper = client.post(f"/api/app/learning/exams/{exam.pk}/attempts").json()
    assert paper["remaining_seconds"] > 590 and not paper["submitted"]
    assert {"correct", "explanation", "is_correct"}.isdisjoint(_keys(paper["questions"]))
    assert paper["review"] is None
    reload = client.get(f"/api/app/learning/attempts/{paper['id']}").json()
    assert [q["id"] for q in reload["questions"]] == [q["id"] for q in paper["questions"]]
    assert {"correct", "explanation"}.isdisjoint(_keys(reload))
    first = paper["questions"][0]["id"]
    saved = client.put(
        f"/api/app/learning/attempts/{paper['id']}/answers", {"answers": {first: [0]}}, JSON
    ).json()
    assert saved["answers"] == {str(first): [0]} and {"correct"}.isdisjoint(_keys(saved))
    failed = client.post(f"/api/app/learning/attempts/{paper['id']}/submit", {}, JSON).json()
    assert failed["submitted"] and failed["passed"] is False
    assert failed["review"] is None  # a retake is left: no answers yet
    exams = client.get("/api/app/learning/exams").json()["items"]
    assert exams[0]["attempts_left"] == 1 and exams[0]["best_score"] == failed["score"]
    retake = client.post(f"/api/app/learning/exams/{exam.pk}/attempts").json()
    assert retake["number"] == 2 and retake["review"] is None
    attempt = ExamAttempt.objects.get(pk=retake["id"])
    answers = {str(pk): choices for pk, choices in right_answers(attempt).items()}
    passed = client.post(
        f"/api/app/learning/attempts/{retake['id']}/submit", {"answers": answers}, JSON
    ).json()
    assert passed["passed"] and passed["score"] == 100
    review = {row["id"]: row for row in passed["review"]}
    for pk in attempt.question_ids:
        assert review[pk]["correct"] == Question.objects.get(pk=pk).correct
    refused = client.post(f"/api/app/learning/exams/{exam.pk}/attempts")
    assert refused.status_code == 422 and refused.json()["code"] == "exam_already_passed"
    points = client.get("/api/app/points/mine").json()
    assert points["balance"] == exam.points


def test_the_leaderboard_is_the_members_branch(roles, tree, api_client, member_factory):
    course = make_course(tree["general"], lessons=1, minutes=1, points=5)
    lesson = course.lessons.get()
    import datetime

    start = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)
    for member in (roles["member_a"].member, roles["member_b"].member):
        lesson_open(member=member, lesson=lesson, now=start)
        lesson_heartbeat(
            member=member, lesson=lesson, seconds=60, now=start + datetime.timedelta(seconds=60)
        )
    board = api_client(roles["member_a"]).get("/api/app/learning/leaderboard").json()
    assert [(row["name"], row["points"], row["completed_courses"]) for row in board] == [
        ("党员member_a", 5, 1)
    ]
    admin = api_client(roles["admin_parent"])
    board = admin.get(
        f"/api/app/learning/leaderboard?organisation_id={tree['general'].pk}&order=completion"
    ).json()
    assert {row["name"] for row in board} == {"党员member_a", "党员member_b"}
    other = api_client(roles["admin_a"]).get(
        f"/api/app/learning/leaderboard?organisation_id={tree['second'].pk}"
    )
    assert other.status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_lists_do_not_grow_with_the_page(
    roles, tree, api_client, django_assert_max_num_queries, count
):
    bank = make_bank(tree["first"])
    for number in range(count):
        make_course(tree["first"], title=f"课程{number}")
        make_exam(tree["first"], bank, title=f"考试{number}")
    client = api_client(roles["member_a"])
    with django_assert_max_num_queries(10):
        assert client.get("/api/app/learning/courses?limit=20").json()["count"] == count
    with django_assert_max_num_queries(12):
        assert client.get("/api/app/learning/exams?limit=20").json()["count"] == count


def test_the_leaderboard_does_not_grow_with_the_members(
    roles, tree, api_client, member_factory, django_assert_max_num_queries
):
    import datetime

    course = make_course(tree["general"], lessons=1, minutes=1, points=5)
    lesson = course.lessons.get()
    start = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)

    def add(n):
        for _index in range(n):
            member = member_factory("一支部")
            lesson_open(member=member, lesson=lesson, now=start)
            lesson_heartbeat(
                member=member,
                lesson=lesson,
                seconds=60,
                now=start + datetime.timedelta(seconds=60),
            )

    admin = api_client(roles["admin_parent"])
    url = f"/api/app/learning/leaderboard?organisation_id={tree['general'].pk}"
    add(2)
    admin.get(url)
    with django_assert_max_num_queries(30) as few:
        admin.get(url)
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(admin.get(url).json()) >= 8
