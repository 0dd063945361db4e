"""发展党员's panel on the Wagtail admin home: the reminders of the candidates the user
administers (docs/domain.md §3) — overdue steps, activists due for their six-monthly
examination, probations ending within a month or run past their end unconverted."""

from wagtail.admin.ui.components import Component

from partybuild.recruitment.selectors import (
    recruitment_examinations_due,
    recruitment_examinations_due_count,
    recruitment_overdue_count,
    recruitment_probation_reminder_count,
    recruitment_probation_reminders,
)

#: Rows of each list shown on the home page; the board (进度看板) lists them all.
HOME_ROWS = 10


class RecruitmentReminderPanel(Component):
    """发展党员提醒, shown to users who may view candidates when there is something to do."""

    name = "recruitment_reminders"
    template_name = "partybuild/recruitment/home_reminders.html"
    order = 95

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        if not user.has_perm("recruitment.view_candidate"):
            return {"visible": False}
        overdue_count = recruitment_overdue_count(user=user)
        examination_count = recruitment_examinations_due_count(user=user)
        examinations = recruitment_examinations_due(user=user, limit=HOME_ROWS)
        probations = recruitment_probation_reminders(user=user, limit=HOME_ROWS)
        probation_count = sum(
            recruitment_probation_reminder_count(user=user, state=state)
            for state in ("ending", "overrun")
        )
        return {
            "visible": bool(overdue_count or examination_count or probation_count),
            "overdue_count": overdue_count,
            "examinations": examinations,
            "examination_count": examination_count,
            "probations": probations,
            "probation_count": probation_count,
        }
