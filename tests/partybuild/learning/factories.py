"""Courses, banks and exams for the 学习教育 tests, made as an administrator would."""

from wagtail.models import Page

from partybuild.learning.models import Course, Exam, Lesson, Question, QuestionBank


def make_course(organisation, *, lessons: int = 2, minutes: int = 1, points: int = 5, **fields):
    fields.setdefault("is_published", True)
    course = Course.objects.create(
        organisation=organisation, title=fields.pop("title", "学习党章"), points=points, **fields
    )
    page = Page.objects.filter(depth=2).first()
    for number in range(lessons):
        Lesson.objects.create(
            course=course,
            title=f"第{number + 1}课",
            kind="page",
            page=page,
            required_minutes=minutes,
            sort_order=number,
        )
    return course


def make_bank(organisation, *, singles: int = 10, multiples: int = 5, true_false: int = 5):
    bank = QuestionBank.objects.create(organisation=organisation, title="党章党史题库")
    for number in range(singles):
        Question.objects.create(
            bank=bank,
            kind="single",
            text=f"单选题{number}",
            options_text="甲\n乙\n丙\n丁",
            answer="B",
        )
    for number in range(multiples):
        Question.objects.create(
            bank=bank,
            kind="multiple",
            text=f"多选题{number}",
            options_text="甲\n乙\n丙\n丁",
            answer="AC",
        )
    for number in range(true_false):
        Question.objects.create(bank=bank, kind="true_false", text=f"判断题{number}", answer="A")
    return bank


def make_exam(organisation, bank, **fields):
    fields.setdefault("is_published", True)
    fields.setdefault("question_count", 5)
    fields.setdefault("time_limit_minutes", 10)
    fields.setdefault("pass_score", 60)
    fields.setdefault("retakes_allowed", 1)
    fields.setdefault("points", 10)
    return Exam.objects.create(
        organisation=organisation, bank=bank, title=fields.pop("title", "党章知识测试"), **fields
    )


def right_answers(attempt) -> dict[int, list[int]]:
    """The correct choices of every question of ``attempt``."""
    questions = Question.objects.in_bulk(attempt.question_ids)
    return {pk: questions[pk].correct for pk in attempt.question_ids}
