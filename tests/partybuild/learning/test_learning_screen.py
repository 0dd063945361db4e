"""学习教育 on the 数据大屏: course completion counts only a course whose every lesson is done, the
exam pass rate counts each member's exam once, the branches are ranked by completion, a branch
secretary sees only their subtree, and the query count does not grow with members or courses."""

import datetime

import pytest
from django.urls import reverse

from partybuild.learning import services
from partybuild.models import User
from tests.conftest import assign_role
from tests.partybuild.learning.factories import make_bank, make_course, make_exam, right_answers
from tests.partybuild.statistics.test_dashboard_cache import org_admin_of

pytestmark = pytest.mark.django_db

DATA = "partybuild_statistics_screen_data"
T0 = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)


def at(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def learning_panel(client, organisation) -> dict:
    response = client.get(reverse(DATA), {"organisation": organisation.pk})
    assert response.status_code == 200
    return next(panel for panel in response.json()["panels"] if panel["name"] == "learning")


def chart(panel, title_start: str) -> list:
    return next(c["rows"] for c in panel["charts"] if c["title"].startswith(title_start))


def ring(panel, title: str) -> float:
    return chart(panel, title)[0]["value"]


def study(member, lessons, *, start: int = 0) -> None:
    """``member`` studies each of ``lessons`` for its required minute, as the app reports it."""
    for index, lesson in enumerate(lessons):
        now = start + index * 1000
        services.lesson_heartbeat(member=member, lesson=lesson, seconds=0, now=at(now))
        services.lesson_heartbeat(member=member, lesson=lesson, seconds=60, now=at(now + 60))


def sit(member, exam, *, right: bool, start: int = 0) -> None:
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(start))
    answers = right_answers(attempt) if right else {}
    services.exam_attempt_submit(attempt=attempt, answers=answers, now=at(start + 60))


@pytest.fixture
def secretary(tree):
    """The secretary of 一支部: its 党组织管理员 and 支部书记, as the demo's ui_secretary."""
    user = User.objects.create_user(username="secretary_first", password="x", name="一支部书记")
    assign_role(user, "org_admin", tree["first"])
    assign_role(user, "branch_secretary", tree["first"])
    return user


@pytest.fixture
def learning(tree, member_factory):
    """A course of 一总支 with two lessons: 一支部's member completes it, 一小组's member studies
    one lesson of two, 二支部's member nothing. An exam of 一支部: one passes, one fails."""
    course = make_course(tree["general"], lessons=2)
    make_course(tree["general"], title="未发布课程", is_published=False)
    make_course(tree["third"], title="三支部课程")
    lessons = list(course.lessons.order_by("sort_order"))
    people = {
        "done": member_factory("一支部"),
        "half": member_factory("一小组"),
        "none": member_factory("二支部"),
    }
    study(people["done"], lessons)
    study(people["half"], lessons[:1])
    exam = make_exam(tree["first"], make_bank(tree["first"]))
    sit(people["done"], exam, right=True)
    sit(people["half"], exam, right=False)
    return {"course": course, "lessons": lessons, "exam": exam, **people}


def test_a_course_counts_only_once_all_its_lessons_are_done(client, tree, learning):
    client.force_login(org_admin_of(tree["county"], "admin_county"))
    panel = learning_panel(client, tree["general"])
    assert panel["title"] == "学习教育"
    # 3 members reached by the course; 1 completed it, 1 has done one lesson of two.
    assert ring(panel, "课程完成率") == 33.3
    assert {f["label"]: f["value"] for f in panel["figures"]} == {"已完成课程": 1, "考试通过": 1}
    assert ring(panel, "考试通过率") == 50.0
    assert chart(panel, "课程完成率前") == [
        {"label": "一支部", "value": 50.0},
        {"label": "二支部", "value": 0.0},
    ]

    study(learning["half"], learning["lessons"][1:], start=5000)
    panel = learning_panel(client, tree["general"])
    assert ring(panel, "课程完成率") == 66.7
    assert chart(panel, "课程完成率前")[0] == {"label": "一支部", "value": 100.0}


def test_a_retake_and_an_unfinished_attempt_count_the_member_once(client, tree, learning):
    services.exam_attempt_start(member=learning["half"], exam=learning["exam"], now=at(9000))
    client.force_login(org_admin_of(tree["county"], "admin_county"))
    assert ring(learning_panel(client, tree["first"]), "考试通过率") == 50.0


def test_a_secretary_sees_only_their_subtree(client, tree, learning, secretary):
    client.force_login(secretary)
    panel = learning_panel(client, tree["first"])
    assert ring(panel, "课程完成率") == 50.0  # 一支部 and its 一小组: 1 of 2
    assert chart(panel, "课程完成率前") == [{"label": "一支部", "value": 50.0}]
    for outside in (tree["second"], tree["general"]):
        response = client.get(reverse(DATA), {"organisation": outside.pk})
        assert response.status_code == 404

    second = org_admin_of(tree["second"], "admin_second")
    client.force_login(second)
    panel = learning_panel(client, tree["second"])
    assert ring(panel, "课程完成率") == 0.0 and ring(panel, "考试通过率") == 0.0
    assert panel["figures"][0]["value"] == 0


def test_query_count_does_not_grow_with_members_or_courses(
    client, tree, learning, member_factory, django_assert_max_num_queries
):
    client.force_login(org_admin_of(tree["county"], "admin_county"))
    with django_assert_max_num_queries(60) as few:
        learning_panel(client, tree["county"])
    for index in range(5):
        course = make_course(tree["first"], title=f"课程{index}", lessons=1)
        member = member_factory("二支部")
        study(member, list(course.lessons.all()) + learning["lessons"], start=index * 10_000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        learning_panel(client, tree["county"])
