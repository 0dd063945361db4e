"""The demo 学习教育: two courses on the demo articles and video, a 15-question 党章党史 bank,
an exam, some members who completed a course and sat the exam; loading again creates nothing."""

import pytest

from partybuild.learning.demo import demo_learning_load
from partybuild.learning.models import Course, CourseCompletion, ExamAttempt, Question
from partybuild.memberservices.models import PointsEntry

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_courses_bank_exam_and_results(demo):
    assert "学习教育（课程、题库与考试）：新建 4 项" in demo.output
    courses = list(Course.objects.order_by("pk"))
    assert [course.title for course in courses] == [
        "深入学习党章 推进“两学一做”",
        "基层党建工作专题",
    ]
    assert {lesson.kind for lesson in courses[1].lessons.all()} == {"page", "video"}
    assert all(lesson.page.live for course in courses for lesson in course.lessons.all())
    assert Question.objects.count() == 15
    assert set(Question.objects.values_list("kind", flat=True)) == {
        "single",
        "multiple",
        "true_false",
    }
    assert CourseCompletion.objects.filter(course=courses[0]).count() == 3
    scores = sorted(ExamAttempt.objects.values_list("score", "passed"))
    assert scores == [(50, False), (90, True)]
    assert PointsEntry.objects.filter(source_type__startswith="learning.").count() == 4
    assert demo_learning_load() == 0
