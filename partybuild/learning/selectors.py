"""Reads of 学习教育, always scoped: a member sees the published courses and exams of their
organisation and its ancestors (what was assigned to a subtree holding them); an administrator
sees what belongs to the organisations of their subtree and the results of its members.

Counts are SQL annotations or subqueries, so lists have a constant query count."""

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from partybuild.learning.models import (
    Course,
    CourseCompletion,
    Exam,
    ExamAttempt,
    Lesson,
    LessonProgress,
    QuestionBank,
)
from partybuild.memberservices.models import PointsEntry
from partybuild.models import Member, Organisation, OrganisationType, User
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.roles import scope_q, user_scope_paths

#: ``PointsEntry.source_type`` of 学习积分: a completed course and a passed exam.
POINTS_SOURCE_COURSE = "learning.course"
POINTS_SOURCE_EXAM = "learning.exam"
POINTS_SOURCES = (POINTS_SOURCE_COURSE, POINTS_SOURCE_EXAM)


def ancestor_paths(organisation: Organisation) -> list[str]:
    """The materialised paths of ``organisation`` and of every organisation above it."""
    return path_and_ancestors(organisation.path)


def path_and_ancestors(path: str) -> list[str]:
    step = Organisation.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _reaching(member: Member) -> Q:
    """Objects assigned to the member's organisation or one above it."""
    return Q(organisation__path__in=ancestor_paths(member.organisation))


# Members ---------------------------------------------------------------------------------------


def course_list_for_member(*, member: Member) -> QuerySet[Course]:
    """The published courses reaching ``member``, each with ``lesson_count``,
    ``completed_lesson_count`` and ``completed_at`` (None until the course is complete)."""
    done = LessonProgress.objects.filter(
        member=member, lesson__course=OuterRef("pk"), completed_at__isnull=False
    )
    return (
        Course.objects.filter(_reaching(member), is_published=True)
        .select_related("organisation")
        .annotate(
            lesson_count=Count("lessons", distinct=True),
            completed_lesson_count=Coalesce(
                Subquery(
                    done.order_by().values("lesson__course").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            completed_at=Subquery(
                CourseCompletion.objects.filter(member=member, course=OuterRef("pk")).values(
                    "completed_at"
                )[:1]
            ),
        )
        .order_by("-created_at", "-pk")
    )


def course_for_member(*, member: Member, course_id: int) -> Course:
    """A course reaching ``member`` (404 otherwise), annotated as in the list."""
    course = course_list_for_member(member=member).filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def lesson_list_with_progress(*, member: Member, course: Course) -> list[tuple[Lesson, dict]]:
    """The course's lessons in order, each with the member's ``seconds`` and ``completed_at``."""
    lessons = list(course.lessons.select_related("page", "document").order_by("sort_order", "pk"))
    progress = {
        row.lesson_id: row
        for row in LessonProgress.objects.filter(member=member, lesson__in=lessons)
    }
    return [
        (
            lesson,
            {
                "seconds": progress[lesson.pk].seconds if lesson.pk in progress else 0,
                "completed_at": progress[lesson.pk].completed_at if lesson.pk in progress else None,
            },
        )
        for lesson in lessons
    ]


def lesson_for_member(*, member: Member, lesson_id: int) -> Lesson:
    """A lesson of a published course reaching ``member`` (404 otherwise)."""
    lesson = (
        Lesson.objects.filter(pk=lesson_id, course__is_published=True)
        .filter(course__organisation__path__in=ancestor_paths(member.organisation))
        .select_related("course", "page", "document")
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def exam_list_for_member(*, member: Member) -> QuerySet[Exam]:
    """The published exams reaching ``member``, each with ``attempt_count``, ``best_score``,
    ``has_passed`` and ``open_attempt_id`` (an attempt started and not yet submitted)."""
    mine = ExamAttempt.objects.filter(member=member, exam=OuterRef("pk"))
    return (
        Exam.objects.filter(_reaching(member), is_published=True)
        .select_related("organisation")
        .annotate(
            attempt_count=Coalesce(
                Subquery(
                    mine.order_by().values("exam").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            best_score=Subquery(
                mine.filter(score__isnull=False).order_by("-score").values("score")[:1]
            ),
            has_passed=Exists(mine.filter(passed=True)),
            open_attempt_id=Subquery(
                mine.filter(submitted_at__isnull=True).order_by("-number").values("pk")[:1]
            ),
        )
        .order_by("-created_at", "-pk")
    )


def exam_for_member(*, member: Member, exam_id: int) -> Exam:
    exam = exam_list_for_member(member=member).filter(pk=exam_id).first()
    if exam is None:
        raise Http404
    return exam


def exam_attempt_for_member(*, member: Member, attempt_id: int) -> ExamAttempt:
    """One of the member's own attempts (404 for anyone else's)."""
    attempt = (
        ExamAttempt.objects.filter(pk=attempt_id, member=member).select_related("exam").first()
    )
    if attempt is None:
        raise Http404
    return attempt


def learning_points_of(*, member: Member) -> int:
    """The member's 学习积分: the sum of their ledger entries from courses and exams."""
    return PointsEntry.objects.filter(member=member, source_type__in=POINTS_SOURCES).aggregate(
        total=Coalesce(Sum("points"), 0)
    )["total"]


def learning_leaderboard(
    *, organisation: Organisation, order_by: str = "points", limit: int = 20
) -> list[dict]:
    """The members of ``organisation``'s subtree ranked by 学习积分 (``points``) or completed
    courses (``completion``), as ``{"member", "points", "completed_courses"}``. One query.

    The caller checks that ``organisation`` is theirs to see (a member: their own branch; an
    administrator: within their scope)."""
    points = (
        PointsEntry.objects.filter(member=OuterRef("pk"), source_type__in=POINTS_SOURCES)
        .order_by()
        .values("member")
        .annotate(total=Sum("points"))
        .values("total")
    )
    completed = (
        CourseCompletion.objects.filter(member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    members = Member.objects.filter(
        organisation__path__startswith=organisation.path, is_on_roll=True
    ).annotate(
        learning_points=Coalesce(Subquery(points, output_field=IntegerField()), 0),
        completed_courses=Coalesce(Subquery(completed, output_field=IntegerField()), 0),
    )
    primary, secondary = (
        ("completed_courses", "learning_points")
        if order_by == "completion"
        else ("learning_points", "completed_courses")
    )
    members = members.filter(Q(learning_points__gt=0) | Q(completed_courses__gt=0))
    rows = members.select_related("organisation").order_by(
        f"-{primary}", f"-{secondary}", "name_sort_key", "pk"
    )[:limit]
    return [
        {
            "member": member,
            "points": member.learning_points,
            "completed_courses": member.completed_courses,
        }
        for member in rows
    ]


# Administrators --------------------------------------------------------------------------------


def course_scope_for_user(*, user: User) -> QuerySet[Course]:
    """Courses of organisations the user administers, with ``lesson_count`` and
    ``completion_count``."""
    return (
        Course.objects.filter(scope_q(user=user, lookup="organisation"))
        .select_related("organisation")
        .annotate(
            lesson_count=Count("lessons", distinct=True),
            completion_count=Count("completions", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def question_bank_scope_for_user(*, user: User) -> QuerySet[QuestionBank]:
    """Question banks of organisations the user administers, with ``question_count``."""
    return (
        QuestionBank.objects.filter(scope_q(user=user, lookup="organisation"))
        .select_related("organisation")
        .annotate(question_count=Count("questions"))
        .order_by("-created_at", "-pk")
    )


def question_bank_choices_for_user(*, user: User) -> QuerySet[QuestionBank]:
    """The banks an administrator's exam may draw from: those of their subtree and of the
    organisations above it (a committee's bank serves its branches)."""
    roots = user_scope_paths(user=user)
    if roots is None:
        return QuestionBank.objects.all()
    above = {path for root in roots for path in path_and_ancestors(root)}
    return QuestionBank.objects.filter(
        Q(organisation__path__in=above) | scope_q(user=user, lookup="organisation")
    )


def exam_scope_for_user(*, user: User) -> QuerySet[Exam]:
    """Exams of organisations the user administers, with ``attempt_count`` and ``pass_count``."""
    return (
        Exam.objects.filter(scope_q(user=user, lookup="organisation"))
        .select_related("organisation", "bank")
        .annotate(
            attempt_count=Count("attempts", distinct=True),
            pass_count=Count("attempts__member", filter=Q(attempts__passed=True), distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def exam_attempt_scope_for_user(*, user: User) -> QuerySet[ExamAttempt]:
    """Submitted attempts of the members of the user's subtree (考试成绩)."""
    return (
        ExamAttempt.objects.filter(scope_q(user=user, lookup="member__organisation"))
        .filter(submitted_at__isnull=False)
        .select_related("exam", "member", "member__organisation")
        .order_by("-submitted_at", "-pk")
    )


def organisation_for_report(*, user: User, organisation_id: int) -> Organisation:
    """An organisation of the user's scope (404 otherwise: another subtree's report)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not organisation_is_in_scope(user=user, organisation=organisation):
        raise Http404
    return organisation


def completion_report(*, organisation: Organisation) -> dict:
    """The completion report of ``organisation``'s subtree: its on-roll members × the published
    courses and exams reaching it (assigned to it, above it or inside it).

    ``{"courses", "exams", "rows"}``; each row ``{"member", "courses": {course_id:
    (completed_lessons, completed_at)}, "exams": {exam_id: (best_score, passed)}}``. Four
    queries whatever the size."""
    reaching = Q(organisation__path__in=ancestor_paths(organisation)) | Q(
        organisation__path__startswith=organisation.path
    )
    courses = list(
        Course.objects.filter(reaching, is_published=True)
        .annotate(lesson_count=Count("lessons"))
        .order_by("created_at", "pk")
    )
    exams = list(Exam.objects.filter(reaching, is_published=True).order_by("created_at", "pk"))
    members = list(
        Member.objects.filter(organisation__path__startswith=organisation.path, is_on_roll=True)
        .select_related("organisation")
        .order_by("organisation__path", "name_sort_key", "pk")
    )
    member_ids = [member.pk for member in members]
    lessons_done: dict[tuple[int, int], int] = {
        (row["member_id"], row["lesson__course_id"]): row["n"]
        for row in LessonProgress.objects.filter(
            member_id__in=member_ids,
            lesson__course__in=courses,
            completed_at__isnull=False,
        )
        .values("member_id", "lesson__course_id")
        .annotate(n=Count("pk"))
    }
    completions = {
        (row.member_id, row.course_id): row.completed_at
        for row in CourseCompletion.objects.filter(member_id__in=member_ids, course__in=courses)
    }
    scores = {
        (row["member_id"], row["exam_id"]): (row["best"], row["passed"])
        for row in ExamAttempt.objects.filter(
            member_id__in=member_ids, exam__in=exams, score__isnull=False
        )
        .values("member_id", "exam_id")
        .annotate(best=Max("score"), passed=Count("pk", filter=Q(passed=True)))
    }
    rows = [
        {
            "member": member,
            "courses": {
                course.pk: (
                    lessons_done.get((member.pk, course.pk), 0),
                    completions.get((member.pk, course.pk)),
                )
                for course in courses
            },
            "exams": {
                exam.pk: (
                    scores[(member.pk, exam.pk)][0],
                    scores[(member.pk, exam.pk)][1] > 0,
                )
                for exam in exams
                if (member.pk, exam.pk) in scores
            },
        }
        for member in members
    ]
    return {"courses": courses, "exams": exams, "rows": rows}


# 数据大屏 ---------------------------------------------------------------------------------------


def _branch_of(path: str, branches: dict[str, str]) -> str | None:
    """The path of the nearest 党支部 at or above the organisation at ``path`` (None above any)."""
    for prefix in reversed(path_and_ancestors(path)):
        if prefix in branches:
            return prefix
    return None


def _rate(numerator: int, denominator: int) -> float:
    """``numerator`` ÷ ``denominator`` as a percentage to one decimal (0 for nothing expected)."""
    return round(numerator * 100 / denominator, 1) if denominator else 0.0


def learning_screen_figures(*, user: User, top: int = 5) -> dict:
    """Learning completion of ``user``'s subtree for the 数据大屏 (docs/domain.md §10).

    - ``course_rate``: completed ÷ expected (member, course) pairs, where a pair is an on-roll
      member of the subtree and a published course reaching them (assigned to their
      organisation or one above it); a completion counts only for such a pair.
    - ``exam_rate``: passed ÷ sat (member, exam) pairs of the subtree's on-roll members and the
      published exams: a pair sat once its first attempt was handed in, and passed once an
      attempt passed (no attempt follows a pass, so each pair passes at most once).
    - ``branches``: the ``top`` 党支部 of the subtree by course completion rate, as
      ``(name, rate)``; a 党小组's members count for its branch.

    Five grouped queries whatever the number of members, courses and exams: the counts are
    grouped by organisation in SQL and combined per organisation here."""
    roots = user_scope_paths(user=user)
    members = Member.objects.filter(scope_q(user=user, lookup="organisation"), is_on_roll=True)
    members_by_path = dict(
        members.order_by().values_list("organisation__path").annotate(n=Count("pk"))
    )
    reaching = Q()
    if roots is not None:
        above = {path for root in roots for path in path_and_ancestors(root)}
        reaching = Q(organisation__path__in=above) | scope_q(user=user, lookup="organisation")
    courses_by_path = dict(
        Course.objects.filter(reaching, is_published=True)
        .order_by()
        .values_list("organisation__path")
        .annotate(n=Count("pk"))
    )
    completed_by_path = dict(
        CourseCompletion.objects.filter(
            scope_q(user=user, lookup="member__organisation"),
            member__is_on_roll=True,
            course__is_published=True,
            member__organisation__path__startswith=F("course__organisation__path"),
        )
        .order_by()
        .values_list("member__organisation__path")
        .annotate(n=Count("pk"))
    )
    exams_by_path = {
        row["member__organisation__path"]: (row["sat"], row["passed"])
        for row in ExamAttempt.objects.filter(
            scope_q(user=user, lookup="member__organisation"),
            member__is_on_roll=True,
            exam__is_published=True,
        )
        .order_by()
        .values("member__organisation__path")
        .annotate(
            sat=Count("pk", filter=Q(number=1, submitted_at__isnull=False)),
            passed=Count("pk", filter=Q(passed=True)),
        )
    }
    branches = dict(
        Organisation.objects.filter(scope_q(user=user), org_type=OrganisationType.BRANCH)
        .order_by()
        .values_list("path", "name")
    )

    totals = {"expected": 0, "completed": 0, "sat": 0, "passed": 0}
    per_branch: dict[str, list[int]] = {}
    for path in members_by_path.keys() | completed_by_path.keys() | exams_by_path.keys():
        expected = members_by_path.get(path, 0) * sum(
            courses_by_path.get(prefix, 0) for prefix in path_and_ancestors(path)
        )
        completed = completed_by_path.get(path, 0)
        sat, passed = exams_by_path.get(path, (0, 0))
        totals["expected"] += expected
        totals["completed"] += completed
        totals["sat"] += sat
        totals["passed"] += passed
        branch = _branch_of(path, branches)
        if branch is not None:
            counts = per_branch.setdefault(branch, [0, 0])
            counts[0] += expected
            counts[1] += completed
    ranked = sorted(
        (
            (-_rate(completed, expected), path)
            for path, (expected, completed) in per_branch.items()
            if expected
        )
    )[:top]
    return {
        **totals,
        "course_rate": _rate(totals["completed"], totals["expected"]),
        "exam_rate": _rate(totals["passed"], totals["sat"]),
        "branches": [(branches[path], -negative) for negative, path in ranked],
    }
