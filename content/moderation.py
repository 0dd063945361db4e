"""Moderation as people meet it: 发布者 and 审核人 of pages, read from the workflow history (never
typed in); the decision told to the editor who submitted; the reason of a 退回修改 on the page.

发布者 is whoever submitted the page's latest approved workflow (else the page's owner);
审核人 is whoever approved that workflow's last step. Works for a whole listing in three queries.
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from partybuild.models import MessageKind
from partybuild.services.messages import message_send


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


@dataclass(frozen=True)
class Rejection:
    """The last 退回修改 of a page still waiting for changes: the step, who, when and why."""

    step: str
    reviewer: str
    at: datetime.datetime | None
    reason: str


def page_rejection(*, page: Page) -> Rejection | None:
    """The rejection ``page`` is waiting on (its workflow needs changes), or None."""
    state = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
            status=WorkflowState.STATUS_NEEDS_CHANGES,
        )
        .select_related("current_task_state__task", "current_task_state__finished_by")
        .order_by("-created_at")
        .first()
    )
    task_state = state.current_task_state if state else None
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return Rejection(
        step=task_state.task.name,
        reviewer=_display(task_state.finished_by),
        at=task_state.finished_at,
        reason=task_state.specific.get_comment(),
    )


def moderation_decision_notify(*, workflow_state: WorkflowState, decided_by=None) -> int:
    """Tell the editor who submitted ``workflow_state`` its outcome in 我的消息: 退回修改 with
    the step, the reviewer and the reason, or 审核通过 (published). Nothing when the editor
    decided it themselves or is unknown. Returns the number of messages sent."""
    editor = workflow_state.requested_by
    if editor is None or (decided_by is not None and decided_by.pk == editor.pk):
        return 0
    page = workflow_state.content_object
    title = page.get_admin_display_title() if page is not None else ""
    reviewer = _display(decided_by) or _("审核人")
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        rejection = page_rejection(page=page) if page is not None else None
        reason = rejection.reason if rejection else ""
        step = rejection.step if rejection else ""
        subject = _("「%(title)s」被退回修改") % {"title": title}
        body = _("%(reviewer)s 在「%(step)s」退回了您提交的「%(title)s」。退回理由：%(reason)s") % {
            "reviewer": reviewer,
            "step": step,
            "title": title,
            "reason": reason or _("（未填写）"),
        }
    else:
        subject = _("「%(title)s」已审核通过") % {"title": title}
        body = _("您提交的「%(title)s」已由 %(reviewer)s 审核通过并发布。") % {
            "title": title,
            "reviewer": reviewer,
        }
    return message_send(
        recipients=[editor],
        kind=MessageKind.MODERATION,
        title=subject,
        body=body,
        object_type="page",
        object_id=page.pk if page is not None else None,
    )


def rejection_warning(request, page: Page) -> None:
    """Add the warning of :func:`page_rejection` to ``request``'s messages (shown by the page
    editor) when ``page`` waits on a rejection."""
    rejection = page_rejection(page=page)
    if rejection is None:
        return
    when = timezone.localtime(rejection.at).strftime("%Y-%m-%d %H:%M") if rejection.at else ""
    messages.warning(
        request,
        _(
            "本页已被退回修改（%(step)s，%(reviewer)s，%(when)s）。退回理由：%(reason)s"
            "。修改后请再次提交审核。"
        )
        % {
            "step": rejection.step,
            "reviewer": rejection.reviewer or _("审核人"),
            "when": when,
            "reason": rejection.reason.rstrip("。.") or _("（未填写）"),
        },
    )
