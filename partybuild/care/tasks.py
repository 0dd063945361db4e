"""党内关怀's kinds of 我的任务 (partybuild/tasks.py), computed from the rules: the 困难党员
records of my subtree due for their yearly review, and the members whose 政治生日 (anniversary
of the 入党日期) falls this month, for the branch secretary to mark (docs/domain.md §9)."""

import datetime

from django.utils import timezone

from partybuild.care.selectors import anniversary_list, hardship_review_due
from partybuild.core.dates import add_years
from partybuild.tasks import Task, TaskKind, task_kind_register


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _review_due(user, *, limit: int) -> list[Task]:
    return [
        (
            f"困难党员「{record.member.name}」上次复核于 {record.reviewed_on:%Y-%m-%d}，请年度复核",
            "hardship_member",
            record.pk,
            _moment(record.reviewed_on),
        )
        for record in hardship_review_due(user=user)[:limit]
    ]


def _birthdays(user, *, limit: int) -> list[Task]:
    today = timezone.localdate()
    tasks = []
    for member in anniversary_list(user=user, month=today)[:limit]:
        years = today.year - member.joined_on.year
        day = add_years(member.joined_on, years)
        tasks.append(
            (
                f"「{member.name}」{day.month}月{day.day}日政治生日（入党{years}周年）",
                "member",
                member.pk,
                _moment(day),
            )
        )
    return tasks


def register() -> None:
    """Called from the app's ``ready``."""
    task_kind_register(
        TaskKind(
            "hardship_review_due",
            "待年度复核的困难党员",
            64,
            computed=_review_due,
            counted=lambda user: hardship_review_due(user=user).count(),
            permission="care.change_hardshipmember",
            admin_url="care_hardships",
        )
    )
    task_kind_register(
        TaskKind(
            "political_birthday",
            "本月政治生日",
            66,
            computed=_birthdays,
            counted=lambda user: anniversary_list(user=user, month=timezone.localdate()).count(),
            permission="care.view_hardshipmember",
            admin_url="care_anniversaries",
        )
    )
