"""发展党员's kinds of 我的任务 (partybuild/tasks.py), computed from the rules rather than stored:
the overdue steps of the candidates I administer, and my own quarterly 思想汇报."""

import datetime

from django.utils import timezone

from partybuild.recruitment.models import Candidate
from partybuild.recruitment.selectors import candidate_thought_report_due, recruitment_reminders
from partybuild.tasks import Task, TaskKind, task_kind_register


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _overdue(user) -> list[Task]:
    return [
        (
            f"「{item['candidate'].name}」的「{item['name']}」已逾期 {item['days_overdue']} 天",
            "candidate",
            item["candidate"].pk,
            _moment(item["due_on"]),
        )
        for item in recruitment_reminders(user=user)
    ]


def _thought_report(user) -> list[Task]:
    mine = Candidate.objects.filter(user=user).prefetch_related("steps", "submissions").first()
    if mine is not None and candidate_thought_report_due(candidate=mine):
        return [("请提交本季度的思想汇报", "candidate", mine.pk, timezone.now())]
    return []


def register() -> None:
    """Called from the app's ``ready``."""
    task_kind_register(TaskKind("recruitment_overdue", "逾期的发展党员步骤", 50, computed=_overdue))
    task_kind_register(
        TaskKind("thought_report_due", "本季度应提交思想汇报", 60, computed=_thought_report)
    )
