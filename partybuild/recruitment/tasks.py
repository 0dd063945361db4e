"""发展党员's kinds of 我的任务 (partybuild/tasks.py), computed from the rules rather than stored:
for the candidates I administer, the overdue steps, the activists due for their six-monthly
examination, the probations ending within a month and those run past their end unconverted
(docs/domain.md §3); for myself, the quarterly 思想汇报."""

import datetime

from django.utils import timezone

from partybuild.recruitment.models import Candidate
from partybuild.recruitment.selectors import (
    candidate_thought_report_due,
    recruitment_examinations_due,
    recruitment_examinations_due_count,
    recruitment_overdue_count,
    recruitment_probation_reminder_count,
    recruitment_probation_reminders,
    recruitment_reminders,
)
from partybuild.tasks import Task, TaskKind, task_kind_register


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _overdue(user, *, limit: int) -> list[Task]:
    return [
        (
            f"「{item['candidate'].name}」的「{item['name']}」已逾期 {item['days_overdue']} 天",
            "candidate",
            item["candidate"].pk,
            _moment(item["due_on"]),
        )
        for item in recruitment_reminders(user=user, limit=limit)
    ]


def _examination_due(user, *, limit: int) -> list[Task]:
    return [
        (
            f"入党积极分子「{item['candidate'].name}」应进行半年培养考察"
            f"（上次 {item['last_on']:%Y-%m-%d}）",
            "candidate",
            item["candidate"].pk,
            _moment(item["due_on"]),
        )
        for item in recruitment_examinations_due(user=user, limit=limit)
    ]


def _probation(user, state: str, *, limit: int) -> list[Task]:
    tasks = []
    for item in recruitment_probation_reminders(user=user, state=state, limit=limit):
        name, end = item["candidate"].name, item["probation_end"]
        if state == "ending":
            title = f"「{name}」的预备期将于 {end:%Y-%m-%d} 届满，请收取转正申请"
        else:
            title = f"「{name}」的预备期已于 {end:%Y-%m-%d} 届满，{item['days']} 天仍未转正"
        tasks.append((title, "candidate", item["candidate"].pk, _moment(item["since"])))
    return tasks


def _thought_report(user) -> list[Task]:
    mine = Candidate.objects.filter(user=user).prefetch_related("steps", "submissions").first()
    if mine is not None and candidate_thought_report_due(candidate=mine):
        return [("请提交本季度的思想汇报", "candidate", mine.pk, timezone.now())]
    return []


#: What the administrators' kinds need (``TaskKind.permission``).
RECRUITMENT_VIEW = "recruitment.view_candidate"


def register() -> None:
    """Called from the app's ``ready``."""
    task_kind_register(
        TaskKind(
            "recruitment_overdue",
            "逾期的发展党员步骤",
            50,
            computed=_overdue,
            counted=lambda user: recruitment_overdue_count(user=user),
            permission=RECRUITMENT_VIEW,
        )
    )
    task_kind_register(
        TaskKind(
            "activist_examination_due",
            "入党积极分子半年考察",
            52,
            computed=_examination_due,
            counted=lambda user: recruitment_examinations_due_count(user=user),
            permission=RECRUITMENT_VIEW,
        )
    )
    task_kind_register(
        TaskKind(
            "probation_ending",
            "预备期将满（收取转正申请）",
            54,
            computed=lambda user, limit: _probation(user, "ending", limit=limit),
            counted=lambda user: recruitment_probation_reminder_count(user=user, state="ending"),
            permission=RECRUITMENT_VIEW,
        )
    )
    task_kind_register(
        TaskKind(
            "probation_overrun",
            "预备期已满未转正",
            56,
            computed=lambda user, limit: _probation(user, "overrun", limit=limit),
            counted=lambda user: recruitment_probation_reminder_count(user=user, state="overrun"),
            permission=RECRUITMENT_VIEW,
        )
    )
    task_kind_register(
        TaskKind("thought_report_due", "本季度应提交思想汇报", 60, computed=_thought_report)
    )
