"""App API: 学习教育. Members on the roll list the courses and exams assigned to their
organisation or above it, study lessons (the app opens a lesson and reports the time spent with
heartbeats; the server caps the credit), sit exams (questions without their answers until the
exam is handed in) and see their branch's leaderboard. Administrators read the leaderboard of an
organisation of their subtree.

Another subtree's course, lesson, exam or attempt is 404; accounts without a dossier on the roll
are refused (403) the members' operations."""

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.learning import selectors, services
from partybuild.learning.models import Course, Exam, ExamAttempt, Lesson, LessonKind, Question
from partybuild.selectors.members import member_for_user
from partybuild.selectors.roles import user_scope_roots
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["学习教育"])

#: How often the app reports study time while a lesson is on screen (seconds).
HEARTBEAT_INTERVAL = 15


class LearningCourseOut(Schema):
    """A course open to the member, with the member's progress."""

    id: int
    title: str
    description: str
    organisation: str
    points: int = Field(description="学完全部课时获得的学习积分")
    lesson_count: int
    completed_lesson_count: int
    completed_at: datetime.datetime | None = Field(description="课程完成时间；未完成为空")


class LearningLessonOut(Schema):
    """A lesson of a course, with the member's progress."""

    id: int
    title: str
    kind: str = Field(description="page 文章 / document 文档 / video 视频")
    kind_label: str
    required_seconds: int = Field(description="要求学习时长（秒）")
    seconds: int = Field(description="已记录的学习时长（秒）")
    completed_at: datetime.datetime | None


class LearningCourseDetailOut(LearningCourseOut):
    """A course with its lessons."""

    lessons: list[LearningLessonOut]


class LearningLessonDetailOut(LearningLessonOut):
    """A lesson with its content and its course."""

    course_id: int
    course_title: str
    page_id: int | None = Field(description="文章或本地影视页面（用内容接口读取正文）")
    page_title: str | None
    document_title: str | None
    document_url: str | None = Field(description="文档或视频文件地址")
    heartbeat_seconds: int = Field(description="学习时每隔多少秒报告一次学习时长")


class LearningProgressOut(Schema):
    """The member's progress in a lesson after opening it or a heartbeat."""

    lesson_id: int
    seconds: int
    required_seconds: int
    completed_at: datetime.datetime | None
    course_completed: bool


class LearningHeartbeatIn(Schema):
    """The seconds spent on a lesson since the last report."""

    seconds: int = Field(..., ge=0, le=3600, description="自上次报告以来在本课时停留的秒数")


class LearningExamOut(Schema):
    """An exam open to the member, with the member's attempts."""

    id: int
    title: str
    organisation: str
    question_count: int
    time_limit_minutes: int
    pass_score: int
    retakes_allowed: int = Field(description="未通过时允许补考的次数；0 为不允许补考")
    points: int
    attempt_count: int
    attempts_left: int
    best_score: int | None
    has_passed: bool
    open_attempt_id: int | None = Field(description="进行中的考试记录（继续作答）")


class LearningQuestionOut(Schema):
    """A question of an attempt, without its answer."""

    id: int
    kind: str = Field(description="single 单选 / multiple 多选 / true_false 判断")
    kind_label: str
    text: str
    options: list[str]


class LearningReviewQuestionOut(LearningQuestionOut):
    """A question of a submitted attempt, with its answer and explanation."""

    correct: list[int] = Field(description="正确选项的序号（从 0 开始）")
    explanation: str
    is_correct: bool


class LearningAttemptOut(Schema):
    """An attempt at an exam: its questions, and its score once submitted."""

    id: int
    exam_id: int
    exam_title: str
    number: int = Field(description="第几次考试（1 为首次）")
    started_at: datetime.datetime
    deadline: datetime.datetime
    server_time: datetime.datetime = Field(description="服务器当前时间，用于校准倒计时")
    remaining_seconds: int = Field(description="距截止还剩多少秒（已交卷为 0）")
    submitted: bool
    questions: list[LearningQuestionOut] = Field(description="试题（交卷前不含答案）")
    answers: dict[str, list[int]] = Field(description="已保存的作答：试题编号 → 所选序号")
    submitted_at: datetime.datetime | None
    auto_submitted: bool = Field(description="超时由系统自动交卷")
    late_answers_refused: bool = Field(
        False, description="交卷时已超过截止时间，本次提交的作答未计入"
    )
    score: int | None
    correct_count: int | None
    passed: bool | None
    pass_score: int
    review: list[LearningReviewQuestionOut] | None = Field(
        description="答案与解析：通过或已无考试机会后提供，否则为空"
    )


class LearningAnswersIn(Schema):
    """The answers given so far, saved without submitting."""

    answers: dict[IdField, list[int]] = Field(
        ..., max_length=200, description="试题编号 → 所选选项序号（从 0 开始）"
    )


class LearningSubmitIn(Schema):
    """The final answers of an attempt."""

    answers: dict[IdField, list[int]] = Field(default_factory=dict, max_length=200)


class LearningLeaderboardQuery(Schema):
    """Which branch's leaderboard, in which order."""

    order: Literal["points", "completion"] = Field("points", description="按学习积分或完成课程数")
    organisation_id: IdField | None = Field(None, description="党组织（管理员；含下级）")
    limit: int = Field(20, ge=1, le=100)


class LearningLeaderboardRowOut(Schema):
    """One member's rank, points and completed courses."""

    rank: int
    member_id: int
    name: str
    organisation: str
    points: int
    completed_courses: int


def _member(request):
    return services.member_for_learning(member_for_user(user=request.user))


def course_data(course: Course) -> dict:
    return {
        "id": course.pk,
        "title": course.title,
        "description": course.description,
        "organisation": course.organisation.name,
        "points": course.points,
        "lesson_count": course.lesson_count,
        "completed_lesson_count": course.completed_lesson_count,
        "completed_at": course.completed_at,
    }


def lesson_data(lesson: Lesson, progress: dict) -> dict:
    return {
        "id": lesson.pk,
        "title": lesson.title,
        "kind": lesson.kind,
        "kind_label": lesson.get_kind_display(),
        "required_seconds": lesson.required_seconds,
        "seconds": min(progress["seconds"], lesson.required_seconds),
        "completed_at": progress["completed_at"],
    }


@router.get(
    "courses",
    response={200: list[LearningCourseOut], **error_responses(403)},
    summary="我的学习课程",
)
@paginate(AppPagination)
def learning_course_list(request):
    member = _member(request)
    return Mapped(selectors.course_list_for_member(member=member), course_data)


@router.get(
    "courses/{course_id}",
    response={200: LearningCourseDetailOut, **error_responses(403, 404)},
    summary="课程详情与各课时学习进度",
)
def learning_course_detail(request, course_id: ObjectId):
    member = _member(request)
    course = selectors.course_for_member(member=member, course_id=course_id)
    lessons = selectors.lesson_list_with_progress(member=member, course=course)
    return {
        **course_data(course),
        "lessons": [lesson_data(lesson, progress) for lesson, progress in lessons],
    }


def _lesson_detail(member, lesson: Lesson) -> dict:
    progress = lesson.progress.filter(member=member).first()
    document = lesson.document
    return {
        **lesson_data(
            lesson,
            {
                "seconds": progress.seconds if progress else 0,
                "completed_at": progress.completed_at if progress else None,
            },
        ),
        "course_id": lesson.course_id,
        "course_title": lesson.course.title,
        "page_id": lesson.page_id if lesson.kind != LessonKind.DOCUMENT else None,
        "page_title": lesson.page.title if lesson.page_id else None,
        "document_title": document.title if document else None,
        "document_url": document.url if document else None,
        "heartbeat_seconds": HEARTBEAT_INTERVAL,
    }


@router.get(
    "lessons/{lesson_id}",
    response={200: LearningLessonDetailOut, **error_responses(403, 404)},
    summary="课时详情",
)
def learning_lesson_detail(request, lesson_id: ObjectId):
    member = _member(request)
    return _lesson_detail(member, selectors.lesson_for_member(member=member, lesson_id=lesson_id))


def _progress_data(member, lesson: Lesson, progress) -> dict:
    return {
        "lesson_id": lesson.pk,
        "seconds": min(progress.seconds, lesson.required_seconds),
        "required_seconds": lesson.required_seconds,
        "completed_at": progress.completed_at,
        "course_completed": lesson.course.completions.filter(member=member).exists(),
    }


@router.post(
    "lessons/{lesson_id}/open",
    response={200: LearningProgressOut, **error_responses(403, 404)},
    summary="开始学习课时（开始计时）",
)
def learning_lesson_open(request, lesson_id: ObjectId):
    member = _member(request)
    lesson = selectors.lesson_for_member(member=member, lesson_id=lesson_id)
    return _progress_data(member, lesson, services.lesson_open(member=member, lesson=lesson))


@router.post(
    "lessons/{lesson_id}/heartbeat",
    response={200: LearningProgressOut, **error_responses(403, 404)},
    summary="报告学习时长",
    description=(
        "学习期间每隔 heartbeat_seconds 秒报告一次。服务器每次最多计入距上次报告（或开始学习）"
        f"实际经过的时间，且不超过 {services.HEARTBEAT_MAX_SECONDS} 秒。"
    ),
)
def learning_lesson_heartbeat(request, lesson_id: ObjectId, body: LearningHeartbeatIn):
    member = _member(request)
    lesson = selectors.lesson_for_member(member=member, lesson_id=lesson_id)
    progress = services.lesson_heartbeat(member=member, lesson=lesson, seconds=body.seconds)
    return _progress_data(member, lesson, progress)


def _attempts_left(exam: Exam) -> int:
    if exam.has_passed:
        return 0
    return max(0, services.exam_attempts_allowed(exam) - exam.attempt_count)


def exam_data(exam: Exam) -> dict:
    return {
        "id": exam.pk,
        "title": exam.title,
        "organisation": exam.organisation.name,
        "question_count": exam.question_count,
        "time_limit_minutes": exam.time_limit_minutes,
        "pass_score": exam.pass_score,
        "retakes_allowed": exam.retakes_allowed,
        "points": exam.points,
        "attempt_count": exam.attempt_count,
        "attempts_left": _attempts_left(exam),
        "best_score": exam.best_score,
        "has_passed": exam.has_passed,
        "open_attempt_id": exam.open_attempt_id,
    }


@router.get(
    "exams",
    response={200: list[LearningExamOut], **error_responses(403)},
    summary="我的考试",
)
@paginate(AppPagination)
def learning_exam_list(request):
    member = _member(request)
    services.exam_attempts_close_overdue(member=member)
    return Mapped(selectors.exam_list_for_member(member=member), exam_data)


def _question_data(question: Question) -> dict:
    return {
        "id": question.pk,
        "kind": question.kind,
        "kind_label": question.get_kind_display(),
        "text": question.text,
        "options": question.options,
    }


def attempt_data(attempt: ExamAttempt, *, member, late: bool = False) -> dict:
    """The paper of an attempt; the correct answers only once it is handed in and the member
    has passed or has no attempt left (so a retake is not answered in advance)."""
    now = timezone.now()
    by_pk = Question.objects.in_bulk(attempt.question_ids)
    questions = [by_pk[pk] for pk in attempt.question_ids if pk in by_pk]
    submitted = attempt.submitted_at is not None
    review = None
    if submitted:
        exam = selectors.exam_for_member(member=member, exam_id=attempt.exam_id)
        if _attempts_left(exam) == 0:
            review = [
                {
                    **_question_data(question),
                    "correct": question.correct,
                    "explanation": question.explanation,
                    "is_correct": attempt.answers.get(str(question.pk), []) == question.correct,
                }
                for question in questions
            ]
    return {
        "id": attempt.pk,
        "exam_id": attempt.exam_id,
        "exam_title": attempt.exam.title,
        "number": attempt.number,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "server_time": now,
        "remaining_seconds": 0
        if submitted
        else max(0, int((attempt.deadline - now).total_seconds())),
        "submitted": submitted,
        "questions": [_question_data(question) for question in questions],
        "answers": attempt.answers,
        "submitted_at": attempt.submitted_at,
        "auto_submitted": attempt.auto_submitted,
        "late_answers_refused": late,
        "score": attempt.score,
        "correct_count": attempt.correct_count,
        "passed": attempt.passed,
        "pass_score": attempt.exam.pass_score,
        "review": review,
    }


@router.post(
    "exams/{exam_id}/attempts",
    response={200: LearningAttemptOut, **error_responses(403, 404)},
    summary="开始考试（或继续进行中的考试）",
    description="抽题并开始计时；已有进行中的考试时返回同一份试卷。试卷不含答案。",
)
def learning_exam_start(request, exam_id: ObjectId):
    member = _member(request)
    exam = selectors.exam_for_member(member=member, exam_id=exam_id)
    attempt = services.exam_attempt_start(member=member, exam=exam)
    return attempt_data(attempt, member=member)


def _attempt(request, attempt_id: int):
    member = _member(request)
    return member, selectors.exam_attempt_for_member(member=member, attempt_id=attempt_id)


@router.get(
    "attempts/{attempt_id}",
    response={200: LearningAttemptOut, **error_responses(403, 404)},
    summary="我的考试记录（试卷或成绩）",
)
def learning_attempt_detail(request, attempt_id: ObjectId):
    member, attempt = _attempt(request, attempt_id)
    if attempt.submitted_at is None:
        services.exam_attempts_close_overdue(member=member)
        attempt.refresh_from_db()
    return attempt_data(attempt, member=member)


@router.put(
    "attempts/{attempt_id}/answers",
    response={200: LearningAttemptOut, **error_responses(403, 404)},
    summary="保存作答",
    description="截止时间后（含短暂宽限）作答被拒绝（exam_time_over），系统以已保存的作答自动交卷。",
)
def learning_attempt_answer(request, attempt_id: ObjectId, body: LearningAnswersIn):
    member, attempt = _attempt(request, attempt_id)
    attempt = services.exam_attempt_answer(attempt=attempt, answers=body.answers)
    return attempt_data(attempt, member=member)


@router.post(
    "attempts/{attempt_id}/submit",
    response={200: LearningAttemptOut, **error_responses(403, 404)},
    summary="交卷",
    description="交卷并自动评分。超过截止时间（含宽限）后提交的作答不计入，以已保存的作答评分。",
)
def learning_attempt_submit(request, attempt_id: ObjectId, body: LearningSubmitIn):
    member, attempt = _attempt(request, attempt_id)
    attempt, late = services.exam_attempt_submit(attempt=attempt, answers=body.answers)
    return attempt_data(attempt, member=member, late=late)


@router.get(
    "leaderboard",
    response={200: list[LearningLeaderboardRowOut], **error_responses(403, 404)},
    summary="学习排行榜",
    description="党员看本支部；管理员看管理范围内的党组织（organisation_id，含下级）。",
)
def learning_leaderboard(request, query: Query[LearningLeaderboardQuery]):
    member = member_for_user(user=request.user, on_roll=True)
    if query.organisation_id is not None or member is None:
        require_administrator(request.user)
        if query.organisation_id is None:
            organisation = user_scope_roots(user=request.user).first()
        else:
            organisation = selectors.organisation_for_report(
                user=request.user, organisation_id=query.organisation_id
            )
    else:
        organisation = member.organisation
    rows = selectors.learning_leaderboard(
        organisation=organisation, order_by=query.order, limit=query.limit
    )
    return [
        {
            "rank": index,
            "member_id": row["member"].pk,
            "name": row["member"].name,
            "organisation": row["member"].organisation.name,
            "points": row["points"],
            "completed_courses": row["completed_courses"],
        }
        for index, row in enumerate(rows, start=1)
    ]
