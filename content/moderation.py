"""发布者 and 审核人 of pages, read from the workflow history (never typed in).

发布者 is whoever submitted the page's latest approved workflow (else the page's owner);
审核人 is whoever approved that workflow's last step. Works for a whole listing in three queries.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, TaskState, WorkflowState


@dataclass(frozen=True)
class ModerationPeople:
    """Who published and who reviewed a page (names for display; empty when unknown)."""

    publisher: str = ""
    reviewer: str = ""


def _display(user) -> str:
    return user.get_full_name() if user is not None else ""


def page_moderation_people(*, pages: list[Page]) -> dict[int, ModerationPeople]:
    """Map page id → ModerationPeople for ``pages`` (constant number of queries)."""
    if not pages:
        return {}
    base_type = ContentType.objects.get_for_model(Page)
    states = (
        WorkflowState.objects.filter(
            base_content_type=base_type,
            object_id__in=[str(page.pk) for page in pages],
            status=WorkflowState.STATUS_APPROVED,
        )
        .select_related("requested_by")
        .order_by("created_at")
    )
    latest_state = {int(state.object_id): state for state in states}
    approvals = (
        TaskState.objects.filter(
            workflow_state__in=list(latest_state.values()), status=TaskState.STATUS_APPROVED
        )
        .select_related("finished_by")
        .order_by("finished_at")
    )
    last_approver = {approval.workflow_state_id: approval.finished_by for approval in approvals}
    owners = {
        page.pk: page.owner
        for page in Page.objects.filter(pk__in=[p.pk for p in pages]).select_related("owner")
    }
    people = {}
    for page in pages:
        state = latest_state.get(page.pk)
        publisher = state.requested_by if state else owners.get(page.pk)
        reviewer = last_approver.get(state.pk) if state else None
        people[page.pk] = ModerationPeople(
            publisher=_display(publisher), reviewer=_display(reviewer)
        )
    return people
