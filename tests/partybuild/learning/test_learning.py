"""学习教育 rules (docs/domain.md, 学习教育): study time credited no faster than the clock,
lesson and course completion, 学习积分 once, exams drawn per member and kept, the deadline and
its grace, marking (multiple choice all-or-nothing), pass mark and retakes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partybuild.learning import services
from partybuild.learning.models import CourseCompletion, ExamAttempt, Question
from partybuild.memberservices.models import PointsEntry
from partybuild.memberservices.selectors.points import points_balance
from tests.partybuild.learning.factories import make_bank, make_course, make_exam, right_answers

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)


def at(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.fixture
def member(member_factory):
    return member_factory("一支部")


def code_of(error: ValidationError) -> str:
    return next(iter(error.value.error_dict.values()))[0].code


# Study time ------------------------------------------------------------------------------------


def test_a_heartbeat_never_credits_more_than_the_time_since_the_previous_one(tree, member):
    lesson = make_course(tree["first"], lessons=1, minutes=10).lessons.get()
    first = services.lesson_heartbeat(member=member, lesson=lesson, seconds=600, now=at(0))
    assert first.seconds == 0  # the first report only starts the clock
    claimed = services.lesson_heartbeat(member=member, lesson=lesson, seconds=600, now=at(10))
    assert claimed.seconds == 10
    same_moment = services.lesson_heartbeat(member=member, lesson=lesson, seconds=15, now=at(10))
    assert same_moment.seconds == 10
    modest = services.lesson_heartbeat(member=member, lesson=lesson, seconds=5, now=at(25))
    assert modest.seconds == 15  # 15 s passed, 5 claimed: 5
    away = services.lesson_heartbeat(member=member, lesson=lesson, seconds=3600, now=at(3625))
    assert away.seconds == 15 + services.HEARTBEAT_MAX_SECONDS


def test_a_clock_going_backwards_credits_nothing(tree, member):
    lesson = make_course(tree["first"], lessons=1).lessons.get()
    services.lesson_open(member=member, lesson=lesson, now=at(100))
    assert (
        services.lesson_heartbeat(member=member, lesson=lesson, seconds=30, now=at(50)).seconds == 0
    )
    assert (
        services.lesson_heartbeat(member=member, lesson=lesson, seconds=30, now=at(115)).seconds
        == 15
    )


def test_lessons_complete_at_the_required_time_and_the_course_with_the_last(tree, member):
    course = make_course(tree["first"], lessons=2, minutes=1, points=5)
    first, second = course.lessons.order_by("sort_order")
    services.lesson_open(member=member, lesson=first, now=at(0))
    services.lesson_heartbeat(member=member, lesson=first, seconds=59, now=at(59))
    progress = services.lesson_heartbeat(member=member, lesson=first, seconds=0, now=at(59))
    assert progress.completed_at is None  # 59 of 60 seconds
    progress = services.lesson_heartbeat(member=member, lesson=first, seconds=1, now=at(60))
    assert progress.completed_at == at(60)
    assert not CourseCompletion.objects.filter(member=member).exists()
    assert points_balance(member=member) == 0
    services.lesson_open(member=member, lesson=second, now=at(100))
    for seconds in (60, 120):
        services.lesson_heartbeat(member=member, lesson=second, seconds=60, now=at(100 + seconds))
    completion = CourseCompletion.objects.get(member=member, course=course)
    assert completion.completed_at == at(160)
    assert points_balance(member=member) == 5


def test_course_points_are_awarded_once(tree, member):
    course = make_course(tree["first"], lessons=1, minutes=1, points=5)
    lesson = course.lessons.get()
    services.lesson_open(member=member, lesson=lesson, now=at(0))
    services.lesson_heartbeat(member=member, lesson=lesson, seconds=60, now=at(60))
    services.lesson_heartbeat(member=member, lesson=lesson, seconds=60, now=at(120))
    services.course_complete_if_done(member=member, course=course)
    services.course_complete_if_done(member=member, course=course)
    assert PointsEntry.objects.filter(member=member).count() == 1
    entry = PointsEntry.objects.get(member=member)
    assert entry.get_reason_kind_display() == "学习积分"  # the ledger shows its own category
    assert points_balance(member=member) == 5
    assert CourseCompletion.objects.filter(member=member).count() == 1


# Exams -----------------------------------------------------------------------------------------


@pytest.fixture
def exam(tree):
    return make_exam(tree["general"], make_bank(tree["general"]), question_count=5)


def test_the_draw_is_kept_across_reloads_and_differs_between_members(tree, exam, member_factory):
    member = member_factory("一支部")
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    again = services.exam_attempt_start(member=member, exam=exam, now=at(30))
    assert again.pk == attempt.pk and again.question_ids == attempt.question_ids
    assert len(set(attempt.question_ids)) == 5
    assert set(attempt.question_ids) <= set(exam.bank.questions.values_list("pk", flat=True))
    draws = {tuple(attempt.question_ids)}
    for _number in range(8):
        other = member_factory("二支部")
        draws.add(
            tuple(services.exam_attempt_start(member=other, exam=exam, now=at(0)).question_ids)
        )
    assert len(draws) > 1  # 15504 possible draws of 5 from 20


def test_answers_are_taken_until_the_deadline_plus_the_grace(tree, exam, member):
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    deadline = 10 * 60
    grace = services.GRACE_SECONDS
    first, second, *_rest = attempt.question_ids
    answers = right_answers(attempt)
    services.exam_attempt_answer(attempt=attempt, answers={first: answers[first]}, now=at(deadline))
    services.exam_attempt_answer(
        attempt=attempt, answers={second: answers[second]}, now=at(deadline + grace)
    )
    with pytest.raises(ValidationError) as refused:
        services.exam_attempt_answer(
            attempt=attempt,
            answers={pk: answers[pk] for pk in answers},
            now=at(deadline + grace + 1),
        )
    assert code_of(refused) == "exam_time_over"
    attempt.refresh_from_db()
    assert attempt.submitted_at == at(deadline + grace + 1) and attempt.auto_submitted
    assert attempt.correct_count == 2 and attempt.score == 40 and attempt.passed is False


def test_a_submission_after_the_grace_is_marked_on_the_answers_saved_in_time(tree, exam, member):
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    answers = right_answers(attempt)
    late_attempt, late = services.exam_attempt_submit(
        attempt=attempt, answers=answers, now=at(600 + services.GRACE_SECONDS + 1)
    )
    assert late and late_attempt.auto_submitted
    assert late_attempt.score == 0 and late_attempt.passed is False


def test_a_submission_within_the_grace_counts(tree, exam, member):
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    marked, late = services.exam_attempt_submit(
        attempt=attempt, answers=right_answers(attempt), now=at(600 + services.GRACE_SECONDS)
    )
    assert not late and marked.score == 100 and marked.passed


def test_overdue_attempts_are_closed_when_next_read(tree, exam, member):
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    assert services.exam_attempts_close_overdue(member=member, now=at(630)) == 0
    assert services.exam_attempts_close_overdue(member=member, now=at(631)) == 1
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.score == 0


def test_multiple_choice_is_all_or_nothing(tree, member):
    bank = make_bank(tree["first"], singles=0, multiples=2, true_false=0)
    exam = make_exam(tree["first"], bank, question_count=2, pass_score=50)
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    first, second = attempt.question_ids
    marked, _late = services.exam_attempt_submit(
        attempt=attempt, answers={first: [0, 2], second: [0]}, now=at(60)
    )
    assert marked.correct_count == 1 and marked.score == 50 and marked.passed  # 50 ≥ 50
    assert Question.objects.get(pk=second).correct == [0, 2]


def test_too_many_choices_and_unknown_options_are_refused(tree, exam, member):
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    single = Question.objects.filter(pk__in=attempt.question_ids).exclude(kind="multiple").first()
    with pytest.raises(ValidationError) as refused:
        services.exam_attempt_answer(attempt=attempt, answers={single.pk: [0, 1]}, now=at(1))
    assert code_of(refused) == "choice_single_only"
    with pytest.raises(ValidationError) as refused:
        services.exam_attempt_answer(attempt=attempt, answers={single.pk: [9]}, now=at(1))
    assert code_of(refused) == "choice_unknown"
    outside = exam.bank.questions.exclude(pk__in=attempt.question_ids).first()
    with pytest.raises(ValidationError) as refused:
        services.exam_attempt_answer(attempt=attempt, answers={outside.pk: [0]}, now=at(1))
    assert code_of(refused) == "question_unknown"


def test_score_is_rounded_down_and_the_pass_mark_is_inclusive(tree, member):
    bank = make_bank(tree["first"], singles=3, multiples=0, true_false=0)
    exam = make_exam(tree["first"], bank, question_count=3, pass_score=67, retakes_allowed=0)
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    answers = right_answers(attempt)
    answers[attempt.question_ids[0]] = [0]
    marked, _late = services.exam_attempt_submit(attempt=attempt, answers=answers, now=at(60))
    assert marked.score == 66 and marked.passed is False  # 2 of 3 = 66.7, rounded down


@pytest.mark.parametrize("retakes", [0, 2])
def test_retakes_are_limited(tree, member, retakes):
    exam = make_exam(tree["first"], make_bank(tree["first"]), retakes_allowed=retakes)
    for number in range(retakes + 1):
        attempt = services.exam_attempt_start(member=member, exam=exam, now=at(number * 1000))
        assert attempt.number == number + 1
        services.exam_attempt_submit(attempt=attempt, answers={}, now=at(number * 1000 + 5))
    with pytest.raises(ValidationError) as refused:
        services.exam_attempt_start(member=member, exam=exam, now=at(99_000))
    assert code_of(refused) == "exam_no_attempts_left"
    assert ExamAttempt.objects.filter(member=member).count() == retakes + 1


def test_a_passed_exam_is_not_retaken_and_pays_once(tree, exam, member):
    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    services.exam_attempt_submit(attempt=attempt, answers=right_answers(attempt), now=at(60))
    again, late = services.exam_attempt_submit(attempt=attempt, answers={}, now=at(70))
    assert again.score == 100 and not late  # handing in twice changes nothing
    with pytest.raises(ValidationError) as refused:
        services.exam_attempt_start(member=member, exam=exam, now=at(100))
    assert code_of(refused) == "exam_already_passed"
    assert PointsEntry.objects.filter(member=member, source_type="learning.exam").count() == 1
    assert points_balance(member=member) == exam.points


def test_exam_points_are_awarded_once_even_if_marking_runs_again(tree, exam, member):
    from partybuild.learning.services import _mark

    attempt = services.exam_attempt_start(member=member, exam=exam, now=at(0))
    services.exam_attempt_submit(attempt=attempt, answers=right_answers(attempt), now=at(60))
    attempt.refresh_from_db()
    _mark(attempt=attempt, now=timezone.now(), automatic=False)
    assert points_balance(member=member) == exam.points


def test_a_course_or_exam_of_another_subtree_is_not_reachable(tree, member_factory):
    from django.http import Http404

    from partybuild.learning.selectors import course_list_for_member, lesson_for_member

    member = member_factory("三支部")
    course = make_course(tree["first"])
    assert list(course_list_for_member(member=member)) == []
    with pytest.raises(Http404):
        lesson_for_member(member=member, lesson_id=course.lessons.first().pk)
    exam = make_exam(tree["first"], make_bank(tree["first"]))
    with pytest.raises(Http404):
        services.exam_attempt_start(member=member, exam=exam, now=at(0))
