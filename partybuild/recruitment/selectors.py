"""Reads of 发展党员: a candidate's timeline of the 25 steps, the overdue steps, and the
reminders of the activists' examinations and of probations ending or run past their end."""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from partybuild.core.dates import add_months, probation_end_date
from partybuild.core.requests import current_request
from partybuild.core.versioned_cache import (
    MEMBERS,
    ORGANISATIONS,
    RECRUITMENT,
    scope_label,
    versioned_cache_get_or_set,
)
from partybuild.models import Member, MemberCategory, MemberStanding, Organisation, User
from partybuild.recruitment import steps as rules
from partybuild.recruitment.conditions import (
    any_step_overdue_conditions,
    examination_due_q,
    examination_last_on,
    probation_overrun_q,
    probation_reminded_q,
    step_done_on,
)
from partybuild.recruitment.models import (
    Candidate,
    CandidateStatus,
    CandidateStep,
    CandidateSubmission,
)
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.roles import scope_q, user_scope_paths


def candidate_scope_for_user(*, user: User) -> QuerySet[Candidate]:
    """Candidates the user administers (all for a superuser): those whose responsible
    organisation (``Candidate.responsible_organisation``: the member's current organisation once
    admitted) is in the user's subtree."""
    if not user.is_authenticated or not user.is_active:
        return Candidate.objects.none()
    if user.is_superuser:
        return Candidate.objects.all()
    # The admitted candidates' test is a correlated EXISTS on their member (an index lookup per
    # candidate): as a join, PostgreSQL read the whole member table to place a few thousand
    # candidates (90 ms at 100,000 members, in every reminder count of the app's 我的任务).
    member_in_scope = Exists(
        Member.objects.filter(pk=OuterRef("member_id")).filter(
            scope_q(user=user, lookup="organisation")
        )
    )
    return Candidate.objects.filter(
        Q(member__isnull=True) & scope_q(user=user, lookup="organisation") | Q(member_in_scope)
    )


def sponsor_refusal(member: Member) -> str | None:
    """Why ``member`` may not be a 培养联系人 or 入党介绍人 (docs/domain.md §3: a 正式党员 on the
    roll in normal standing), as the refusal's code, or None when they may. Only the standing
    正常 counts: 停止党籍 and 开除党籍 exclude, and so do 保留党籍 and 恢复党籍 until the dossier
    says 正常 again; the flags 失联, 出国(境) and 流动党员 do not."""
    if member.category != MemberCategory.FULL or not member.is_on_roll:
        return "people_not_full_member"
    if member.standing != MemberStanding.NORMAL:
        return "people_not_in_good_standing"
    return None


def sponsor_choices(*, user: User) -> QuerySet[Member]:
    """The members of the user's scope who may be named 培养联系人 or 入党介绍人 (the same
    conditions as ``sponsor_refusal``), in roster order."""
    return (
        member_scope_for_user(user=user)
        .filter(category=MemberCategory.FULL, is_on_roll=True, standing=MemberStanding.NORMAL)
        .select_related("organisation")
        .order_by("organisation__path", "name_sort_key", "pk")
    )


def _due_dates(done: dict[int, datetime.date]) -> dict[int, datetime.date]:
    return {
        step: add_months(done[after], months)
        for step, after, months in rules.DEADLINES
        if after in done
    }


def candidate_timeline(*, candidate: Candidate, today: datetime.date | None = None) -> list[dict]:
    """All 25 steps with their state: done (with date), due (by a deadline), overdue, or open."""
    today = today or timezone.localdate()
    records = {record.step: record for record in candidate.steps.all()}
    done = {step: record.done_on for step, record in records.items()}
    due = _due_dates(done)
    timeline = []
    for step in rules.STEPS:
        record = records.get(step.number)
        state = "done" if record else "open"
        due_on = due.get(step.number)
        if record is None and due_on is not None:
            state = "overdue" if today > due_on else "due"
        timeline.append(
            {
                "step": step.number,
                "stage": step.stage,
                "name": step.name,
                "state": state,
                "done_on": record.done_on if record else None,
                "due_on": due_on,
                # recorded after its deadline: accepted, but shown as late (docs/domain.md §3)
                "late": bool(record and due_on and record.done_on > due_on),
            }
        )
    return timeline


def _next_stage(last: int) -> int:
    """The stage (1–5) of the step after ``last`` (0: none done; 5 when all are done)."""
    return rules.STEP_BY_NUMBER[min(last + 1, len(rules.STEPS))].stage


def candidate_stage(*, candidate: Candidate) -> int:
    """The stage (1–5) of the next step to do (5 when all are done)."""
    return _next_stage(max((record.step for record in candidate.steps.all()), default=0))


def _reminded_candidates(*, user: User) -> QuerySet[Candidate]:
    """The candidates whose overdue steps are reminded: all but the cancelled and withdrawn."""
    return candidate_scope_for_user(user=user).exclude(
        status__in=[CandidateStatus.CANCELLED, CandidateStatus.WITHDRAWN]
    )


def recruitment_overdue_count(*, user: User, today: datetime.date | None = None) -> int:
    """How many steps :func:`recruitment_reminders` lists, counted in one query; once per request
    (the admin home asks for it in its reminder panel and in 待办), and kept in the shared cache
    until a candidate, step, member or organisation is written
    (partybuild/core/versioned_cache.py)."""
    today = today or timezone.localdate()
    return _cached_for_scope(
        name="recruitment_overdue_count",
        user=user,
        today=today,
        compute=lambda: _overdue_count(user=user, today=today),
    )


def _overdue_count(*, user: User, today: datetime.date) -> int:
    counts = _reminded_candidates(user=user).aggregate(
        **{
            f"step_{step}": Count("pk", filter=condition)
            for (step, _after, _months), condition in any_step_overdue_conditions(today=today)
        }
    )
    return sum(counts.values())


def recruitment_reminders(
    *, user: User, today: datetime.date | None = None, limit: int | None = None
) -> list[dict]:
    """Overdue steps of the active candidates the user administers, most overdue first (then in
    roster order); the first ``limit`` when given. One query per deadline (steps.DEADLINES),
    each reading only the candidates past it, and at most ``limit`` of them; cached per scope
    and day like the counts (the board, the admin home and 我的任务 show them)."""
    today = today or timezone.localdate()
    return _cached_for_scope(
        name=f"recruitment_reminders:{limit}",
        user=user,
        today=today,
        compute=lambda: _reminders(user=user, today=today, limit=limit),
    )


def _reminders(*, user: User, today: datetime.date, limit: int | None) -> list[dict]:
    reminders = []
    for (step, after, months), condition in any_step_overdue_conditions(today=today):
        candidates = (
            _reminded_candidates(user=user)
            .filter(condition)
            .annotate(after_on=step_done_on(after))
            .select_related("organisation", "member__organisation")
            .order_by("after_on", "organisation__path", "name", "pk")
        )
        for candidate in candidates[:limit] if limit is not None else candidates:
            due_on = add_months(candidate.after_on, months)
            reminders.append(
                {
                    "candidate": candidate,
                    "step": step,
                    "name": rules.STEP_BY_NUMBER[step].name,
                    "due_on": due_on,
                    "days_overdue": (today - due_on).days,
                }
            )
    reminders.sort(
        key=lambda r: (
            -r["days_overdue"],
            r["candidate"].organisation.path,
            r["candidate"].name,
            r["candidate"].pk,
            r["step"],
        )
    )
    return reminders[:limit] if limit is not None else reminders


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def candidate_thought_report_due(
    *, candidate: Candidate, today: datetime.date | None = None
) -> bool:
    """An activist or 发展对象 (step 3 done, not yet admitted) owes a 思想汇报 each quarter."""
    today = today or timezone.localdate()
    if candidate.status != CandidateStatus.ACTIVE:
        return False
    if not any(record.step >= rules.ACTIVIST for record in candidate.steps.all()):
        return False
    since = _quarter_start(today)
    return not any(
        s.kind == "thought_report" and timezone.localtime(s.submitted_at).date() >= since
        for s in candidate.submissions.all()
    )


def candidate_examination_due_on(*, candidate: Candidate) -> datetime.date | None:
    """When an activist's next six-monthly examination (step 6, 培养教育考察) falls due: 6 months
    after the last one recorded, or after becoming an activist (step 3) when none is (docs/domain.md
    §3; 《发展党员工作细则》第十一条). None for someone who is not an activist: before step 3,
    once a 发展对象 (step 7), or no longer in training. Reads the prefetched steps."""
    if candidate.status != CandidateStatus.ACTIVE:
        return None
    done = {record.step: record.done_on for record in candidate.steps.all()}
    if rules.ACTIVIST not in done or rules.CANDIDATE in done:
        return None
    last = done.get(rules.EXAMINATION, done[rules.ACTIVIST])
    return add_months(last, rules.EXAMINATION_MONTHS)


def _examinations_due(*, user: User, today: datetime.date) -> QuerySet[Candidate]:
    """The activists of :func:`recruitment_examinations_due`, with ``last_on``."""
    return (
        candidate_scope_for_user(user=user)
        .filter(status=CandidateStatus.ACTIVE)
        .annotate(last_on=examination_last_on())
        .filter(examination_due_q(today=today))
    )


def recruitment_examinations_due_count(*, user: User, today: datetime.date | None = None) -> int:
    """How many activists :func:`recruitment_examinations_due` lists, in one query; cached per
    scope and day like the overdue count."""
    today = today or timezone.localdate()
    return _cached_for_scope(
        name="recruitment_examinations_due_count",
        user=user,
        today=today,
        compute=lambda: _examinations_due(user=user, today=today).count(),
    )


def recruitment_examinations_due(
    *, user: User, today: datetime.date | None = None, limit: int | None = None
) -> list[dict]:
    """The activists the user administers whose examination is due (6 months or more since the
    last one, the day itself included), most overdue first; the first ``limit`` when given.
    One query, reading only the activists due; cached per scope and day like the counts."""
    today = today or timezone.localdate()
    return _cached_for_scope(
        name=f"recruitment_examinations_due:{limit}",
        user=user,
        today=today,
        compute=lambda: _examinations_due_list(user=user, today=today, limit=limit),
    )


def _examinations_due_list(*, user: User, today: datetime.date, limit: int | None) -> list[dict]:
    candidates = (
        _examinations_due(user=user, today=today)
        .select_related("organisation", "member__organisation")
        .order_by("last_on", "pk")
    )
    due = []
    for candidate in candidates[:limit] if limit is not None else candidates:
        due_on = add_months(candidate.last_on, rules.EXAMINATION_MONTHS)
        due.append(
            {
                "candidate": candidate,
                "organisation": candidate.responsible_organisation,
                "last_on": candidate.last_on,
                "due_on": due_on,
                "days_overdue": (today - due_on).days,
            }
        )
    return sorted(due, key=lambda item: (-item["days_overdue"], item["candidate"].pk))


def _probations_reminded(
    *, user: User, today: datetime.date, state: str | None = None
) -> QuerySet[Candidate]:
    """The 预备党员 of :func:`recruitment_probation_reminders` (of one ``state`` when given)."""
    candidates = (
        candidate_scope_for_user(user=user)
        .filter(status=CandidateStatus.PROBATIONARY, member__isnull=False)
        .filter(probation_reminded_q(today=today))
    )
    if state == "overrun":
        return candidates.filter(probation_overrun_q(today=today))
    if state == "ending":
        return candidates.exclude(probation_overrun_q(today=today))
    return candidates


def recruitment_probation_reminder_count(
    *, user: User, state: str, today: datetime.date | None = None
) -> int:
    """How many probations of ``state`` (``ending`` or ``overrun``) are reminded, in one
    query; cached per scope and day like the overdue count."""
    today = today or timezone.localdate()
    return _cached_for_scope(
        name=f"recruitment_probation_count:{state}",
        user=user,
        today=today,
        compute=lambda: _probations_reminded(user=user, today=today, state=state).count(),
    )


def recruitment_probation_reminders(
    *,
    user: User,
    today: datetime.date | None = None,
    state: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """The 预备党员 the user administers whose probation ends within a month (from a month before
    its end up to the day itself: time to collect the 转正申请, state ``ending``) or has run past
    its end unconverted (from the day after, state ``overrun``), the longest overrun first
    (docs/domain.md §3); only those of ``state`` when given, the first ``limit`` when given.
    ``since`` is the day the reminder began; ``days`` is today minus the end (negative while it
    is still to come). Reads only the probations reminded; with ``limit``, their dates first and
    then only the ``limit`` candidates shown (two queries). Cached per scope and day like the
    counts."""
    today = today or timezone.localdate()
    return _cached_for_scope(
        name=f"recruitment_probation_reminders:{state}:{limit}",
        user=user,
        today=today,
        compute=lambda: _probation_reminders(user=user, today=today, state=state, limit=limit),
    )


def _probation_reminders(
    *, user: User, today: datetime.date, state: str | None, limit: int | None
) -> list[dict]:
    candidates = _probations_reminded(user=user, today=today, state=state)
    if limit is not None:
        ends = sorted(
            (probation_end_date(joined_on, extension), pk)
            for pk, joined_on, extension in candidates.values_list(
                "pk", "member__joined_on", "probation_extension_months"
            )
        )
        candidates = candidates.filter(pk__in=[pk for _end, pk in ends[:limit]])
    reminders = []
    for candidate in candidates.select_related("organisation", "member__organisation"):
        end = probation_end(candidate=candidate)
        if today > end:
            found, since = "overrun", end + datetime.timedelta(days=1)
        elif today >= (earliest := conversion_application_earliest(candidate=candidate)):
            found, since = "ending", earliest
        else:  # pragma: no cover - the query keeps only these two states
            continue
        reminders.append(
            {
                "candidate": candidate,
                "organisation": candidate.responsible_organisation,
                "state": found,
                "probation_end": end,
                "since": since,
                "days": (today - end).days,
            }
        )
    return sorted(reminders, key=lambda item: (-item["days"], item["candidate"].pk))


def _cached_for_scope(*, name: str, user: User, today: datetime.date, compute):
    """``compute()`` kept in the shared cache for the user's scope and the day until a
    candidate, step, member or organisation is written (partybuild/core/versioned_cache.py);
    once per request either way."""
    return versioned_cache_get_or_set(
        name=f"{name}:{today:%Y%m%d}",
        scope=scope_label(user_scope_paths(user=user)),
        topics=(RECRUITMENT, MEMBERS, ORGANISATIONS),
        compute=compute,
        memo=current_request(),
    )


def recruitment_board(*, user: User, today: datetime.date | None = None) -> list[dict]:
    """Per branch of the user's subtree (each candidate under their responsible organisation):
    active candidates per stage, probationary members and overdue steps (of the active and
    probationary). Two queries: the candidates counted in the database by branch, status and
    last step done (each candidate's overdue steps computed once), then the branches; kept in
    the shared cache per scope and day (a province's board counts every candidate)."""
    today = today or timezone.localdate()
    return _cached_for_scope(
        name="recruitment_board",
        user=user,
        today=today,
        compute=lambda: _board(user=user, today=today),
    )


def _board(*, user: User, today: datetime.date) -> list[dict]:
    stage_numbers = [stage.number for stage in rules.STAGES]
    active, probationary = CandidateStatus.ACTIVE, CandidateStatus.PROBATIONARY
    overdue = sum(
        (
            Case(When(condition, then=Value(1)), default=Value(0))
            for _deadline, condition in any_step_overdue_conditions(today=today)
        ),
        start=Value(0),
    )
    last_step = Subquery(
        CandidateStep.objects.filter(candidate=OuterRef("pk")).order_by("-step").values("step")[:1]
    )
    groups = (
        candidate_scope_for_user(user=user)
        .order_by()
        .annotate(
            responsible_id=Coalesce("member__organisation_id", "organisation_id"),
            last_step=Coalesce(last_step, Value(0)),
        )
        .values("responsible_id", "status", "last_step")
        .annotate(
            candidates=Count("pk"),
            overdue=Sum(overdue, filter=Q(status__in=[active, probationary])),
        )
    )
    rows: dict[int, dict] = {}
    for group in groups:
        row = rows.setdefault(
            group["responsible_id"],
            {"stages": dict.fromkeys(stage_numbers, 0), "probationary": 0, "overdue": 0},
        )
        if group["status"] == active:
            row["stages"][_next_stage(group["last_step"])] += group["candidates"]
        elif group["status"] == probationary:
            row["probationary"] += group["candidates"]
        row["overdue"] += group["overdue"] or 0
    organisations = Organisation.objects.filter(pk__in=rows).order_by("path")
    return [
        {"organisation": organisation, **rows[organisation.pk]} for organisation in organisations
    ]


def candidate_list(
    *,
    user: User,
    status: str | None = None,
    organisation_id: int | None = None,
    query: str = "",
) -> QuerySet[Candidate]:
    """Candidates in the user's scope, with their steps prefetched for stage and overdue."""
    candidates = candidate_scope_for_user(user=user)
    if status:
        candidates = candidates.filter(status=status)
    if organisation_id:
        candidates = candidates.in_organisation(organisation_id)
    if query:
        candidates = candidates.filter(name__icontains=query.strip())
    return candidates.select_related("organisation", "member__organisation").prefetch_related(
        "steps"
    )


def candidate_progress(*, candidate: Candidate, today: datetime.date | None = None) -> dict:
    """Where a candidate stands: stage, the last step done, the next step and its due date,
    and how many steps are overdue (from the prefetched steps; no query of its own)."""
    timeline = candidate_timeline(candidate=candidate, today=today)
    done = [item for item in timeline if item["state"] == "done"]
    pending = [item for item in timeline if item["state"] != "done"]
    last = done[-1] if done else None
    following = pending[0] if pending else None
    return {
        "stage": candidate_stage(candidate=candidate),
        "stage_name": rules.STAGES[candidate_stage(candidate=candidate) - 1].name,
        "last_step": last,
        "next_step": following,
        "overdue": sum(1 for item in timeline if item["state"] == "overdue"),
    }


def candidate_pipeline_rows(
    *, user: User, today: datetime.date | None = None, **filters
) -> list[dict]:
    """The pipeline roster: each candidate in scope with their progress (two queries)."""
    return [
        {"candidate": candidate, **candidate_progress(candidate=candidate, today=today)}
        for candidate in candidate_list(user=user, **filters).order_by("organisation__path", "name")
    ]


def candidate_submission_list(
    *, user: User, review: str | None = None
) -> QuerySet[CandidateSubmission]:
    """Online submissions of the candidates in the user's scope, newest first."""
    submissions = CandidateSubmission.objects.filter(
        candidate__in=candidate_scope_for_user(user=user)
    ).select_related(
        "candidate__organisation", "candidate__member__organisation", "attachment", "reviewed_by"
    )
    if review:
        submissions = submissions.filter(review=review)
    return submissions.order_by("-submitted_at", "-pk")


def probation_end(*, candidate: Candidate) -> datetime.date:
    """The day probation ends, which is the 转正日期 (docs/domain.md §3): 入党日期 (the 支部大会's
    date) + 1 year + any extension, by calendar months (2024-02-29 + 1 year = 2025-02-28)."""
    return probation_end_date(candidate.member.joined_on, candidate.probation_extension_months)


def conversion_application_earliest(*, candidate: Candidate) -> datetime.date:
    """The first day the 转正申请 (step 22) may be dated: one month before the probation ends
    (docs/domain.md §3); the branch is reminded from the same day."""
    return add_months(probation_end(candidate=candidate), -rules.CONVERSION_NOTICE_MONTHS)
