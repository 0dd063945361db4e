"""Moderation in the admin, as a test client does it: the page form, the task, its actions."""

from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def page_form(**overrides):
    data = {
        "title": "2026年第三季度党费收缴情况公示",
        "slug": "dues-2026-q3",
        "date": "2026-10-08",
        "summary": "公示本支部第三季度党费收缴情况。",
        "body": streamfield([("paragraph", rich_text("<p>本季度应缴党费已全部收齐。</p>"))]),
        "attachments": streamfield([]),
        "visibility": "public",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def current_task_state(page):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    return state, state.current_task_state


def action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
