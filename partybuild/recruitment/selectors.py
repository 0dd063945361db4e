"""Reads of 发展党员: a candidate's timeline of the 25 steps and the overdue reminders."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from partybuild.core.dates import add_months
from partybuild.models import User
from partybuild.recruitment import steps as rules
from partybuild.recruitment.models import Candidate, CandidateStatus, CandidateSubmission


def candidate_scope_for_user(*, user: User) -> QuerySet[Candidate]:
    """Candidates of the organisations the user administers (all for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Candidate.objects.none()
    if user.is_superuser:
        return Candidate.objects.all()
    root = user.administered_organisation
    if root is None:
        return Candidate.objects.none()
    return Candidate.objects.filter(organisation__path__startswith=root.path)


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
            }
        )
    return timeline


def candidate_stage(*, candidate: Candidate) -> int:
    """The stage (1–5) of the next step to do (5 when all are done)."""
    last = max((record.step for record in candidate.steps.all()), default=0)
    return rules.STEP_BY_NUMBER[min(last + 1, len(rules.STEPS))].stage


def recruitment_reminders(*, user: User, today: datetime.date | None = None) -> list[dict]:
    """Overdue steps of the active candidates the user administers, most overdue first."""
    today = today or timezone.localdate()
    candidates = (
        candidate_scope_for_user(user=user)
        .exclude(status__in=[CandidateStatus.CANCELLED, CandidateStatus.WITHDRAWN])
        .select_related("organisation")
        .prefetch_related("steps")
    )
    reminders = []
    for candidate in candidates:
        for item in candidate_timeline(candidate=candidate, today=today):
            if item["state"] == "overdue":
                reminders.append(
                    {
                        "candidate": candidate,
                        "step": item["step"],
                        "name": item["name"],
                        "due_on": item["due_on"],
                        "days_overdue": (today - item["due_on"]).days,
                    }
                )
    return sorted(reminders, key=lambda r: -r["days_overdue"])


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


def recruitment_board(*, user: User, today: datetime.date | None = None) -> list[dict]:
    """Per branch of the user's subtree: active candidates per stage and overdue items."""
    from collections import defaultdict

    today = today or timezone.localdate()
    candidates = (
        candidate_scope_for_user(user=user)
        .select_related("organisation")
        .prefetch_related("steps")
        .order_by("organisation__path", "name")
    )
    board: dict[int, dict] = {}
    for candidate in candidates:
        row = board.setdefault(
            candidate.organisation_id,
            {
                "organisation": candidate.organisation,
                "stages": defaultdict(int),
                "probationary": 0,
                "overdue": 0,
            },
        )
        if candidate.status == CandidateStatus.ACTIVE:
            row["stages"][candidate_stage(candidate=candidate)] += 1
        elif candidate.status == CandidateStatus.PROBATIONARY:
            row["probationary"] += 1
        if candidate.status in (CandidateStatus.ACTIVE, CandidateStatus.PROBATIONARY):
            row["overdue"] += sum(
                1
                for item in candidate_timeline(candidate=candidate, today=today)
                if item["state"] == "overdue"
            )
    return [
        {
            **row,
            "stages": {stage.number: row["stages"].get(stage.number, 0) for stage in rules.STAGES},
        }
        for row in board.values()
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
        candidates = candidates.filter(organisation_id=organisation_id)
    if query:
        candidates = candidates.filter(name__icontains=query.strip())
    return candidates.select_related("organisation").prefetch_related("steps")


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
    ).select_related("candidate", "candidate__organisation", "attachment", "reviewed_by")
    if review:
        submissions = submissions.filter(review=review)
    return submissions.order_by("-submitted_at", "-pk")


def probation_end(*, candidate: Candidate) -> datetime.date:
    """The day probation ends: 入党日期 + 1 year + any extension."""
    return add_months(
        candidate.member.joined_on, rules.PROBATION_MONTHS + candidate.probation_extension_months
    )
