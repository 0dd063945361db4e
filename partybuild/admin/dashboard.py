"""Panels on the Wagtail admin home page."""

from wagtail.admin.ui.components import Component

from partybuild.selectors.organisations import organisation_term_reminders


class TermReminderPanel(Component):
    """换届提醒: organisations of the user's subtree whose term ends within 6 months."""

    name = "term_reminders"
    template_name = "partybuild/dashboard/term_reminders.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {"reminders": organisation_term_reminders(user=self.request.user)}
