"""Moderation that guides (issue 19): both steps offer the same words, a 退回修改 reaches the
editor who submitted (我的消息 and e-mail) with its reason, and the page's editor shows the reason
until it is submitted again; the final approval is told too."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from content.models import DisclosurePage
from partybuild.models import Message
from tests.content.conftest import PASSWORD
from tests.content.moderation import action_url, current_task_state, page_form

pytestmark = pytest.mark.django_db

REASON = "请补充收缴明细表。"


@pytest.fixture
def submitted(client, branches, disclosure_folder, branch_editor):
    """A 事务公开 page of branch A, submitted by its editor (who has an e-mail address)."""
    branch_editor.email = "editor_a@example.com"
    branch_editor.save(update_fields=["email"])
    folder = disclosure_folder(branches["a"])
    client.force_login(branch_editor)
    add_url = reverse("wagtailadmin_pages:add", args=["content", "disclosurepage", folder.pk])
    client.post(add_url, page_form(**{"action-submit": "submit"}))
    return DisclosurePage.objects.get(slug="dues-2026-q3")


def _edit_view(client, user, page) -> str:
    client.force_login(user)
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()


def test_both_steps_offer_the_same_words(client, submitted, branch_secretary, reviewer):
    _state, task_state = current_task_state(submitted)
    branch_words = [
        label for _a, label, _m in task_state.task.specific.get_actions(submitted, branch_secretary)
    ]
    client.force_login(branch_secretary)
    client.post(action_url(submitted, "approve", task_state), {"comment": ""})
    _state, task_state = current_task_state(submitted)
    assert task_state.task.name == "党委审核"
    committee_words = [
        label for _a, label, _m in task_state.task.specific.get_actions(submitted, reviewer)
    ]
    assert (
        [str(word) for word in branch_words]
        == [str(word) for word in committee_words]
        == [
            "退回修改",
            "审核通过",
            "审核通过并留言",
        ]
    )
    page = _edit_view(client, reviewer, submitted)
    assert "退回修改" in page and "审核通过" in page
    assert "请求修改" not in page and "Request changes" not in page


def test_a_rejection_reaches_the_editor_with_its_reason(
    client, submitted, branch_editor, branch_secretary, reviewer
):
    mail.outbox.clear()
    _state, task_state = current_task_state(submitted)
    client.force_login(branch_secretary)
    client.post(action_url(submitted, "reject", task_state), {"comment": REASON})

    [message] = Message.objects.filter(recipient=branch_editor)
    assert message.kind == "moderation"
    assert message.title == "「2026年第三季度党费收缴情况公示」被退回修改"
    assert REASON in message.body and "支部审核" in message.body
    assert (message.object_type, message.object_id) == ("page", submitted.pk)
    [email] = [m for m in mail.outbox if "editor_a@example.com" in m.to]
    assert REASON in email.body

    editor_view = _edit_view(client, branch_editor, submitted)
    assert "本页已被退回修改（支部审核，secretary_a" in editor_view
    assert REASON in editor_view

    # Resubmitted: the warning goes; approved at both steps: the editor is told it is live.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
        page_form(summary="已补充收缴明细表。", **{"action-submit": "submit"}),
    )
    assert "本页已被退回修改" not in _edit_view(client, branch_editor, submitted)
    for moderator in (branch_secretary, reviewer):
        _state, task_state = current_task_state(submitted)
        client.force_login(moderator)
        client.post(action_url(submitted, "approve", task_state), {"comment": ""})
    assert WorkflowState.objects.for_instance(submitted).filter(status="approved").exists()
    latest = Message.objects.filter(recipient=branch_editor).order_by("-pk").first()
    assert latest.title == "「2026年第三季度党费收缴情况公示」已审核通过"
    assert "reviewer" in latest.body


def test_the_editor_reads_the_rejection_in_the_app(
    client, submitted, branch_editor, branch_secretary
):
    _state, task_state = current_task_state(submitted)
    client.force_login(branch_secretary)
    client.post(action_url(submitted, "reject", task_state), {"comment": REASON})
    client.logout()
    token = client.post(
        "/api/app/auth/token",
        {"username": "editor_a", "password": PASSWORD},
        content_type="application/json",
    )
    inbox = client.get(
        "/api/app/messages/", HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}"
    ).json()
    items = inbox["items"] if isinstance(inbox, dict) else inbox
    assert any(REASON in item["body"] for item in items)
