"""班子成员与换届's kind of 我的任务 (partybuild/tasks.py): 换届提醒 — organisations of the
administrator's subtree whose committee's term ends within 6 months or 1 month, or has ended,
and whose 换届 is not completed (docs/domain.md §1)."""

from django.utils.translation import gettext_lazy as _

from partybuild.tasks import TaskKind, task_kind_register

#: What a reminder's task says, by the kernel's level.
TITLES = {
    "six_months": _("「%(name)s」班子任期将于%(end)s届满（6个月内），请做好换届准备"),
    "one_month": _("「%(name)s」班子任期将于%(end)s届满（1个月内），请及时换届"),
    "overdue": _("「%(name)s」班子任期已于%(end)s届满，请尽快换届"),
}


def reelection_tasks(user) -> list:
    """The reminders as tasks, the soonest end first (computed, one query for the terms)."""
    from partybuild.committees.selectors import committee_reelection_reminders

    tasks = []
    for entry in committee_reelection_reminders(user=user):
        organisation = entry.reminder.organisation
        title = str(TITLES[entry.reminder.level]) % {
            "name": organisation.name,
            "end": organisation.term_end.isoformat(),
        }
        tasks.append((title, "organisation", organisation.pk, None))
    return tasks


def register() -> None:
    """Called from the app's ``ready``."""
    task_kind_register(
        TaskKind(
            "committee_reelection_due",
            "换届提醒",
            46,
            computed=reelection_tasks,
            permission="committees.change_committeeterm",
            admin_url="committees_index",
        )
    )
