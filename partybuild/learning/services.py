"""Writes of 学习教育 (rules in docs/domain.md, 学习教育).

Study time: the app reports what the member spent on a lesson (``lesson_heartbeat``); the server
credits at most the wall-clock time since the member's previous report on that lesson and at most
``HEARTBEAT_MAX_SECONDS`` per report, so no client can claim more time than passed. A lesson is
complete when its credited time reaches the required time; a course when all its lessons are.

Exams: ``exam_attempt_start`` draws the questions at random for the member and keeps the draw;
answers are accepted until the deadline plus ``GRACE_SECONDS``; later the attempt is submitted
with what was saved in time. Marking is automatic (a multiple-choice question is right only with
exactly the correct options). 学习积分 go to the points ledger once per course and once per exam.
"""

import datetime
import random

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse
from partybuild.learning.models import (
    Course,
    CourseCompletion,
    Exam,
    ExamAttempt,
    Lesson,
    LessonProgress,
    Question,
    QuestionKind,
)
from partybuild.learning.selectors import (
    POINTS_SOURCE_COURSE,
    POINTS_SOURCE_EXAM,
    exam_for_member,
)
from partybuild.memberservices.models import PointsReason
from partybuild.memberservices.services.points import points_award
from partybuild.models import Member

#: The most seconds one heartbeat may credit (the app reports every 15 seconds while the lesson
#: is on screen; a longer gap means the member was away).
HEARTBEAT_MAX_SECONDS = 60
#: Seconds after an exam's deadline during which answers and the submission are still accepted
#: (network delay of the last answer).
GRACE_SECONDS = 30

_random = random.SystemRandom()


# Study time ------------------------------------------------------------------------------------


@transaction.atomic
def lesson_open(
    *, member: Member, lesson: Lesson, now: datetime.datetime | None = None
) -> LessonProgress:
    """The member opens a lesson: the clock of its next heartbeat starts now (nothing credited)."""
    now = now or timezone.now()
    progress = _progress_locked(member=member, lesson=lesson)
    progress.last_beat_at = now
    progress.save(update_fields=["last_beat_at"])
    return progress


@transaction.atomic
def lesson_heartbeat(
    *, member: Member, lesson: Lesson, seconds: int, now: datetime.datetime | None = None
) -> LessonProgress:
    """Credit up to ``seconds`` of study: never more than the wall-clock time since the previous
    heartbeat (or opening) of this lesson, nor ``HEARTBEAT_MAX_SECONDS``. A heartbeat without a
    previous one only starts the clock. Completes the lesson (and the course) when the required
    time is reached."""
    now = now or timezone.now()
    if seconds < 0:
        refuse("seconds", _("学习时长不能为负数。"), "seconds_negative")
    progress = _progress_locked(member=member, lesson=lesson)
    credit = 0
    if progress.last_beat_at is not None:
        elapsed = int((now - progress.last_beat_at).total_seconds())
        credit = max(0, min(seconds, elapsed, HEARTBEAT_MAX_SECONDS))
    progress.seconds += credit
    progress.last_beat_at = max(now, progress.last_beat_at or now)
    fields = ["seconds", "last_beat_at"]
    if progress.completed_at is None and progress.seconds >= lesson.required_seconds:
        progress.completed_at = now
        fields.append("completed_at")
    progress.save(update_fields=fields)
    if "completed_at" in fields:
        course_complete_if_done(member=member, course=lesson.course, now=now)
    return progress


def _progress_locked(*, member: Member, lesson: Lesson) -> LessonProgress:
    progress, _created = LessonProgress.objects.get_or_create(member=member, lesson=lesson)
    return LessonProgress.objects.select_for_update().get(pk=progress.pk)


@transaction.atomic
def course_complete_if_done(
    *, member: Member, course: Course, now: datetime.datetime | None = None
) -> CourseCompletion | None:
    """Record the course complete (once) when all its lessons are, and award its 学习积分 (once:
    the ledger holds one entry per course and member). None while a lesson is incomplete."""
    now = now or timezone.now()
    lesson_ids = set(course.lessons.values_list("pk", flat=True))
    done = set(
        LessonProgress.objects.filter(
            member=member, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    if not lesson_ids or done != lesson_ids:
        return None
    completion, _created = CourseCompletion.objects.get_or_create(
        member=member, course=course, defaults={"completed_at": now}
    )
    if course.points:
        points_award(
            member=member,
            points=course.points,
            reason_kind=PointsReason.LEARNING,
            reason=_("学习积分：完成课程《%(title)s》") % {"title": course.title},
            source_type=POINTS_SOURCE_COURSE,
            source_id=course.pk,
        )
    return completion


# Exams -----------------------------------------------------------------------------------------


def exam_attempts_allowed(exam: Exam) -> int:
    """How many attempts a member has: the first and the retakes."""
    return 1 + exam.retakes_allowed


def exam_attempt_accepts_answers(attempt: ExamAttempt, now: datetime.datetime) -> bool:
    """Whether answers are still taken: not submitted, and no later than deadline + grace."""
    return attempt.submitted_at is None and now <= attempt.deadline + datetime.timedelta(
        seconds=GRACE_SECONDS
    )


@transaction.atomic
def exam_attempt_start(
    *, member: Member, exam: Exam, now: datetime.datetime | None = None
) -> ExamAttempt:
    """Start (or resume) the member's attempt at ``exam``.

    An attempt in progress is returned as it is (the same questions after a reload). Otherwise a
    new one draws ``question_count`` questions at random from the bank, unless the member has
    passed or used every attempt (1 + the retakes allowed)."""
    now = now or timezone.now()
    exam = exam_for_member(member=member, exam_id=exam.pk)
    Member.objects.select_for_update().filter(pk=member.pk).first()
    exam_attempts_close_overdue(member=member, now=now)
    attempts = ExamAttempt.objects.filter(exam=exam, member=member)
    open_attempt = attempts.filter(submitted_at__isnull=True).order_by("-number").first()
    if open_attempt is not None:
        return open_attempt
    if attempts.filter(passed=True).exists():
        refuse("exam", _("您已通过本次考试，无需再考。"), "exam_already_passed")
    used = attempts.count()
    if used >= exam_attempts_allowed(exam):
        if exam.retakes_allowed:
            refuse(
                "exam",
                _("本考试最多补考 %(n)d 次，您的考试机会已用完。") % {"n": exam.retakes_allowed},
                "exam_no_attempts_left",
            )
        refuse("exam", _("本考试不允许补考，您的考试机会已用完。"), "exam_no_attempts_left")
    question_ids = list(exam.bank.questions.values_list("pk", flat=True))
    if len(question_ids) < exam.question_count:
        refuse("exam", _("题库中的试题不足，暂不能开考，请联系管理员。"), "exam_bank_too_small")
    drawn = _random.sample(question_ids, exam.question_count)
    try:
        with transaction.atomic():
            return ExamAttempt.objects.create(
                exam=exam,
                member=member,
                number=used + 1,
                question_ids=drawn,
                started_at=now,
                deadline=now + datetime.timedelta(minutes=exam.time_limit_minutes),
            )
    except IntegrityError:
        # The same member started in two windows at once: the other one won.
        return attempts.get(number=used + 1)


def _clean_choices(question: Question, choices: list[int]) -> list[int]:
    """The chosen option indexes, checked against the question (unanswered: an empty list)."""
    chosen = sorted(set(choices))
    if any(
        not isinstance(index, int) or not 0 <= index < len(question.options) for index in chosen
    ):
        refuse("choices", _("所选选项不存在。"), "choice_unknown")
    if question.kind != QuestionKind.MULTIPLE and len(chosen) > 1:
        refuse("choices", _("单选题和判断题只能选择一个答案。"), "choice_single_only")
    return chosen


def exam_attempt_answer(
    *,
    attempt: ExamAttempt,
    answers: dict[int, list[int]],
    now: datetime.datetime | None = None,
) -> ExamAttempt:
    """Save answers (question id → chosen option indexes) of an attempt in progress. After the
    deadline plus the grace they are refused, and the attempt is submitted (kept even though the
    answers are refused) with what was saved in time."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = ExamAttempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)
        if attempt.submitted_at is None and exam_attempt_accepts_answers(attempt, now):
            _merge_answers(attempt, answers)
            attempt.save(update_fields=["answers"])
            return attempt
        submitted_before = attempt.submitted_at is not None
        if not submitted_before:
            _mark(attempt=attempt, now=now, automatic=True)
    if submitted_before:
        refuse("answers", _("本次考试已交卷，不能再作答。"), "exam_submitted")
    refuse("answers", _("考试时间已到，系统已自动交卷。"), "exam_time_over")


def _merge_answers(attempt: ExamAttempt, answers: dict[int, list[int]]) -> None:
    drawn = {int(pk) for pk in attempt.question_ids}
    questions = Question.objects.in_bulk([pk for pk in answers if int(pk) in drawn])
    for question_id, choices in answers.items():
        question = questions.get(int(question_id))
        if question is None:
            refuse(
                "answers",
                _("试题 %(id)s 不在本次试卷中。") % {"id": question_id},
                "question_unknown",
            )
        attempt.answers[str(question.pk)] = _clean_choices(question, list(choices))


@transaction.atomic
def exam_attempt_submit(
    *,
    attempt: ExamAttempt,
    answers: dict[int, list[int]] | None = None,
    now: datetime.datetime | None = None,
) -> tuple[ExamAttempt, bool]:
    """Hand in an attempt with its last ``answers`` and mark it; returns (attempt, late).

    Until the deadline plus the grace the answers are taken; later they are refused (``late``):
    the attempt is marked with the answers saved in time. Submitting twice returns the marked
    attempt unchanged."""
    now = now or timezone.now()
    attempt = ExamAttempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        return attempt, False
    late = not exam_attempt_accepts_answers(attempt, now)
    if not late and answers:
        _merge_answers(attempt, answers)
    _mark(attempt=attempt, now=now, automatic=late)
    return attempt, late


def _mark(*, attempt: ExamAttempt, now: datetime.datetime, automatic: bool) -> None:
    """Mark the attempt (score = correct × 100 ÷ drawn, rounded down) and award the exam's
    学习积分 when passed (once per exam and member)."""
    questions = Question.objects.in_bulk(attempt.question_ids)
    correct = sum(
        1
        for pk in attempt.question_ids
        if pk in questions and attempt.answers.get(str(pk), []) == questions[pk].correct
    )
    total = len(attempt.question_ids) or 1
    attempt.correct_count = correct
    attempt.score = correct * 100 // total
    attempt.passed = attempt.score >= attempt.exam.pass_score
    attempt.submitted_at = now
    attempt.auto_submitted = automatic
    attempt.save(
        update_fields=["correct_count", "score", "passed", "submitted_at", "auto_submitted"]
    )
    if attempt.passed and attempt.exam.points:
        points_award(
            member=attempt.member,
            points=attempt.exam.points,
            reason_kind=PointsReason.LEARNING,
            reason=_("学习积分：通过考试《%(title)s》") % {"title": attempt.exam.title},
            source_type=POINTS_SOURCE_EXAM,
            source_id=attempt.exam_id,
        )


@transaction.atomic
def exam_attempts_close_overdue(
    *, member: Member | None = None, now: datetime.datetime | None = None
) -> int:
    """Submit (automatically, with the answers saved in time) every attempt past its deadline
    plus the grace; of one member, or all. Returns how many were closed."""
    now = now or timezone.now()
    overdue = ExamAttempt.objects.filter(
        submitted_at__isnull=True, deadline__lt=now - datetime.timedelta(seconds=GRACE_SECONDS)
    ).select_related("exam", "member")
    if member is not None:
        overdue = overdue.filter(member=member)
    count = 0
    for attempt in overdue.select_for_update(of=("self",)):
        _mark(attempt=attempt, now=now, automatic=True)
        count += 1
    return count


def member_for_learning(member: Member | None) -> Member:
    """The caller's dossier, refused (403) to accounts without one or no longer on the roll."""
    if member is None or not member.is_on_roll:
        raise PermissionDenied(_("只有在册党员可以参加学习和考试。"))
    return member
