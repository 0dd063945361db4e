"""Panels on the Wagtail admin home page, and its order: what needs the user's action first."""

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.ui.components import Component

from partybuild.core.requests import current_request
from partybuild.core.versioned_cache import ORGANISATIONS, scope_label, versioned_cache_get_or_set
from partybuild.models import User
from partybuild.selectors.organisations import organisation_term_reminders
from partybuild.selectors.roles import user_scope_paths
from partybuild.tasks import task_counts_to_administer

T = TypeVar("T")


def dashboard_figure(
    *, user: User, name: str, topics: Sequence[str], compute: Callable[[], T]
) -> T:
    """A figure of the admin home for ``user``'s subtree: computed once per request (memoised on
    the request being served), and cached for everyone with the same subtree until a write to
    one of ``topics`` (or the next day, or ``FIGURE_TIMEOUT``; partybuild/core/versioned_cache.py).

    The key holds the scope's root paths (a superuser's: the whole tree), so two administrators
    of different subtrees never share a figure; and the language and the date, which the labels
    and the periods (this month, this quarter, the last 30 days) depend on."""
    return versioned_cache_get_or_set(
        name=f"dashboard:{name}:{translation.get_language()}:{timezone.localdate():%Y%m%d}",
        scope=scope_label(user_scope_paths(user=user)),
        topics=topics,
        compute=compute,
        memo=current_request(),
    )


def dashboard_term_reminders(*, user: User) -> list:
    """换届提醒 of ``user``'s subtree, shared by its panel and the organisations statistics."""
    return dashboard_figure(
        user=user,
        name="term_reminders",
        topics=(ORGANISATIONS,),
        compute=lambda: organisation_term_reminders(user=user),
    )


class TermReminderPanel(Component):
    """换届提醒: organisations of the user's subtree whose term ends within 6 months."""

    name = "term_reminders"
    template_name = "partybuild/dashboard/term_reminders.html"
    order = 40

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {"reminders": dashboard_term_reminders(user=self.request.user)}


class TodoPanel(Component):
    """待办事项: how many of each administrators' kind of 我的任务 wait on the user (change
    requests, transfers, letters, suggestions, …; partybuild/tasks.py), each linking to the
    list where they are done; shown to accounts holding a role in force."""

    name = "todo"
    template_name = "partybuild/dashboard/todo.html"
    order = 30

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        rows = [
            {"label": kind.label, "count": count, "url": reverse(kind.admin_url)}
            for kind, count in task_counts_to_administer(user=self.request.user)
            if count
        ]
        return {"rows": rows}


#: The admin home's order: what waits on the user's action first, then the statistics
#: (orders 110 and up, partybuild/statistics/panels.py).
HOME_ORDER = {
    "workflow_objects_to_moderate": 10,
    "user_objects_in_workflow_moderation": 20,
    TodoPanel.name: 30,
    TermReminderPanel.name: 40,
    "recruitment_reminders": 50,
    "locked_pages": 60,
    "recent_edits": 70,
}


def home_panels_order(panels: list) -> None:
    """Put the panels of the admin home in :data:`HOME_ORDER` (the rest keep theirs)."""
    for panel in panels:
        order = HOME_ORDER.get(getattr(panel, "name", ""))
        if order is not None:
            panel.order = order
