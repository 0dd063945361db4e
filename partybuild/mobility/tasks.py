"""流动党员's kind of 我的任务 (partybuild/tasks.py): the open outflows of my subtree without a
contact of the branch in the current quarter (docs/domain.md §8), computed from the rule."""

import datetime

from django.utils import timezone

from partybuild.mobility.selectors import mobile_outflow_contact_due, quarter_start
from partybuild.tasks import Task, TaskKind, task_kind_register

#: What deciding such a task needs (``TaskKind.permission``).
MOBILITY_CHANGE = "mobility.change_mobileoutflow"


def _contact_due(user, *, limit: int) -> list[Task]:
    today = timezone.localdate()
    since = timezone.make_aware(datetime.datetime.combine(quarter_start(today), datetime.time()))
    return [
        (
            f"流动党员「{outflow.member.name}」（{outflow.destination}）本季度尚未联系",
            "mobile_outflow",
            outflow.pk,
            since,
        )
        for outflow in mobile_outflow_contact_due(user=user)[:limit]
    ]


def register() -> None:
    """Called from the app's ``ready``."""
    task_kind_register(
        TaskKind(
            "mobile_contact_due",
            "本季度未联系的流动党员",
            62,
            computed=_contact_due,
            counted=lambda user: mobile_outflow_contact_due(user=user).count(),
            permission=MOBILITY_CHANGE,
            admin_url="mobility_outflows",
        )
    )
