"""两级审核 in the admin: draft, submit, reject with comment, resubmit, approve twice, live."""

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from content.models import DisclosurePage
from tests.content.moderation import action_url, current_task_state, page_form

pytestmark = pytest.mark.django_db


def test_the_workflow_covers_every_section():
    from content.models import HomePage

    home = HomePage.objects.get()
    for section in home.get_children():
        assert section.get_workflow().name == "两级审核"
    assert [t.name for t in section.get_workflow().tasks] == ["支部审核", "党委审核"]


def test_full_moderation_path(
    client, branches, disclosure_folder, branch_editor, branch_secretary, other_secretary, reviewer
):
    folder = disclosure_folder(branches["a"])

    # 1. The editor writes a draft and submits it; they have no way to publish.
    client.force_login(branch_editor)
    add_url = reverse("wagtailadmin_pages:add", args=["content", "disclosurepage", folder.pk])
    response = client.post(add_url, page_form(**{"action-publish": "publish"}))
    page = DisclosurePage.objects.get(slug="dues-2026-q3")
    assert not page.live, "an editor must not be able to publish directly"
    assert page.organisation_id == branches["a"].pk
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), page_form(**{"action-submit": "submit"})
    )
    assert response.status_code == 302
    workflow_state, task_state = current_task_state(page)
    assert task_state.task.name == "支部审核"

    # 2. Branch B's secretary can neither act nor even open the task.
    client.force_login(other_secretary)
    response = client.post(action_url(page, "approve", task_state), {"comment": ""})
    assert response.status_code in (302, 403, 404)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    # 3. Branch A's secretary must give a reason to reject.
    client.force_login(branch_secretary)
    response = client.post(
        action_url(page, "reject", task_state),
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},  # as the admin's modal sends it
    )
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert "退回时必须填写理由" in response.json()["html"]
    client.post(action_url(page, "reject", task_state), {"comment": "请补充收缴明细表。"})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # 4. The editor sees the reason, edits and resubmits.
    client.force_login(branch_editor)
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "请补充收缴明细表。" in history
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_form(summary="已补充收缴明细表。", **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    workflow_state, task_state = current_task_state(page)
    assert task_state.task.name == "支部审核"

    # 5. Step 1 approved by A's secretary: still not live.
    client.force_login(branch_secretary)
    client.post(action_url(page, "approve", task_state), {"comment": ""})
    workflow_state, task_state = current_task_state(page)
    assert task_state.task.name == "党委审核"
    assert not Page.objects.get(pk=page.pk).live

    # 6. The secretary cannot take step 2.
    response = client.post(action_url(page, "approve", task_state), {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    # 7. Step 2 approved by the reviewer: the page is live with the resubmitted text.
    client.force_login(reviewer)
    client.post(action_url(page, "approve", task_state), {"comment": "同意发布。"})
    page.refresh_from_db()
    assert page.live
    assert page.summary == "已补充收缴明细表。"
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert client.get(page.url).status_code == 200


def test_notice_shows_publisher_and_reviewer_from_the_workflow(client, db, branch_editor, reviewer):
    from django.contrib.auth.models import Group

    from content.models import NoticeIndexPage, NoticePage

    editor = branch_editor
    editor.name = "尹丽珍"
    editor.save()
    editor.groups.add(Group.objects.get(name="内容编辑"))
    secretary = reviewer.__class__.objects.create_user(username="county_sec", name="乔磊")
    secretary.groups.add(Group.objects.get(name="支部书记"), Group.objects.get(name="内容编辑"))
    reviewer.name = "王启正"
    reviewer.save()

    index = NoticeIndexPage.objects.get()
    notice = NoticePage(title="中国加快无障环境建设", slug="barrier-free", owner=editor)
    index.add_child(instance=notice)
    revision = notice.save_revision(user=editor)
    workflow_state = notice.get_workflow().start(notice, editor)
    workflow_state.current_task_state.task.specific.on_action(
        workflow_state.current_task_state, secretary, "approve"
    )
    workflow_state.refresh_from_db()
    workflow_state.current_task_state.task.specific.on_action(
        workflow_state.current_task_state, reviewer, "approve"
    )
    notice.refresh_from_db()
    assert notice.live and revision.pk
    listing = client.get(index.url).content.decode()
    assert "发布者：尹丽珍" in listing
    assert "审核人：王启正" in listing
    assert "审核人：王启正" in client.get(notice.url).content.decode()
