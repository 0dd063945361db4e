"""Branches publish too (issue 17 item 8): a branch editor writes 党建动态 and 通知公告 in their
organisation's folders, addressed to its subtree only, through the two-step moderation; a
published 党建动态 reminds the members and administrators it concerns."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import streamfield

from content.announcements import DYNAMIC_OBJECT_TYPE
from content.branch_publishing import folder_targets_clean
from content.models import (
    DynamicIndexPage,
    DynamicPage,
    NoticePage,
    OrganisationDynamicIndexPage,
    OrganisationNoticeIndexPage,
)
from content.receipts import NOTICE_OBJECT_TYPE
from partybuild.models import Message, MessageKind, Role, User
from partybuild.services.roles import role_assignment_grant
from tests.content.moderation import action_url, current_task_state, page_form

pytestmark = pytest.mark.django_db


def _account(username: str, role_code: str, organisation) -> User:
    """An account whose groups follow from one role assignment (content/role_groups.py)."""
    user = User.objects.create_user(username=username, password="x", name=username)
    role_assignment_grant(
        actor=None, user=user, role=Role.objects.get(code=role_code), organisation=organisation
    )
    return user


@pytest.fixture
def editor_a(branches):
    """An account with the role 编辑 on branch A (一支部)."""
    return _account("role_editor_a", "editor", branches["a"])


@pytest.fixture
def secretary_a(branches):
    return _account("role_secretary_a", "branch_secretary", branches["a"])


@pytest.fixture
def secretary_b(branches):
    return _account("role_secretary_b", "branch_secretary", branches["b"])


@pytest.fixture
def reviewer_top(tree):
    return _account("role_reviewer", "committee_reviewer", tree["county"])


def _add_url(model_name: str, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["content", model_name, parent.pk])


def _with_targets(data: dict, targets) -> dict:
    """``data`` with the multiple-choice ``target_organisations`` (one key, several values)."""
    return {**data, "target_organisations": [target.pk for target in targets]}


def _dynamic_form(*targets, **overrides):
    data = page_form(
        title="一支部开展主题党日活动",
        slug="theme-day",
        summary="一支部组织党员参观红色教育基地。",
        gallery=streamfield([]),
        **overrides,
    )
    return _with_targets(data, targets)


def _notice_form(*targets, **overrides):
    data = page_form(
        title="关于召开支部党员大会的通知",
        slug="branch-meeting",
        summary="定于下周三召开支部党员大会。",
        **overrides,
    )
    return _with_targets(data, targets)


# --- folders and the scope rule ---


def test_every_branch_gets_notice_and_dynamic_folders_its_groups_may_write_in(branches):
    for model in (OrganisationNoticeIndexPage, OrganisationDynamicIndexPage):
        folder = model.objects.get(organisation=branches["a"])
        assert folder.live and folder.title == branches["a"].name
        editor = User.objects.create_user(username=f"probe_{model.__name__}")
        editor.groups.add(branches["a"].content_groups.editors)
        permissions = folder.permissions_for_user(editor)
        assert permissions.can_add_subpage() and not permissions.can_publish_subpage()
        other = model.objects.get(organisation=branches["b"])
        assert not other.permissions_for_user(editor).can_add_subpage()


def test_folder_targets_clean_accepts_the_subtree_only(tree):
    branch = tree["first"]  # 一支部, with 一小组 below it
    assert folder_targets_clean(organisation=branch, targets=[]) == [branch]
    assert folder_targets_clean(organisation=branch, targets=[branch]) == [branch]
    assert folder_targets_clean(organisation=branch, targets=[tree["group"]]) == [tree["group"]]
    for outside in (tree["second"], tree["general"], tree["county"]):  # sibling, parent, top
        with pytest.raises(ValidationError) as caught:
            folder_targets_clean(organisation=branch, targets=[tree["group"], outside])
        error = caught.value.error_dict["target_organisations"][0]
        assert error.code == "target_outside_scope"
        assert outside.name in error.messages[0]
        assert "只能面向本组织及下级组织" in error.messages[0]


# --- the admin, as a branch editor uses it ---


def test_a_branch_editor_adds_a_dynamic_for_their_branch_and_submits_it(client, branches, editor_a):
    folder = OrganisationDynamicIndexPage.objects.get(organisation=branches["a"])
    client.force_login(editor_a)
    response = client.post(
        _add_url("dynamicpage", folder), _dynamic_form(**{"action-submit": "submit"})
    )
    assert response.status_code == 302
    page = DynamicPage.objects.get(slug="theme-day")
    assert not page.live
    assert list(page.target_organisations.all()) == [branches["a"]], "empty means the branch"
    _, task_state = current_task_state(page)
    assert task_state.task.name == "支部审核"


def test_a_branch_editor_adds_a_notice_for_part_of_their_subtree(client, tree, editor_a):
    folder = OrganisationNoticeIndexPage.objects.get(organisation=tree["first"])
    client.force_login(editor_a)
    response = client.post(
        _add_url("noticepage", folder),
        _notice_form(tree["group"], **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    notice = NoticePage.objects.get(slug="branch-meeting")
    assert list(notice.target_organisations.all()) == [tree["group"]]
    _, task_state = current_task_state(notice)
    assert task_state.task.name == "支部审核"


def test_a_branch_editor_cannot_address_another_branch(client, branches, editor_a):
    client.force_login(editor_a)
    for model_name, folder_model, form in (
        ("noticepage", OrganisationNoticeIndexPage, _notice_form),
        ("dynamicpage", OrganisationDynamicIndexPage, _dynamic_form),
    ):
        folder = folder_model.objects.get(organisation=branches["a"])
        offered = client.get(_add_url(model_name, folder)).context["form"]
        choices = offered.fields["target_organisations"].queryset
        assert branches["a"] in choices and branches["b"] not in choices  # only the subtree
        response = client.post(_add_url(model_name, folder), form(branches["b"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "只能面向本组织及下级组织" in html
    assert not NoticePage.objects.filter(slug="branch-meeting").exists()
    assert not DynamicPage.objects.filter(slug="theme-day").exists()


def test_a_branch_editor_cannot_write_in_another_branch_or_site_wide(client, branches, editor_a):
    client.force_login(editor_a)
    for model_name, parent in (
        ("dynamicpage", OrganisationDynamicIndexPage.objects.get(organisation=branches["b"])),
        ("noticepage", OrganisationNoticeIndexPage.objects.get(organisation=branches["b"])),
        ("dynamicpage", DynamicIndexPage.objects.get()),
    ):
        form = _dynamic_form if model_name == "dynamicpage" else _notice_form
        assert client.get(_add_url(model_name, parent)).status_code in (302, 403)
        response = client.post(_add_url(model_name, parent), form())
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response.url.startswith(reverse("wagtailadmin_home"))
    assert not DynamicPage.objects.filter(slug="theme-day").exists()
    assert not NoticePage.objects.filter(slug="branch-meeting").exists()


# --- moderation and the reminders of a published dynamic ---


def test_a_branch_dynamic_goes_through_both_steps_and_reminds_its_subtree_only(
    client, tree, editor_a, secretary_a, secretary_b, reviewer_top, make_member
):
    in_branch = make_member("member_a", tree["first"])
    in_group = make_member("member_group", tree["group"])
    in_sibling = make_member("member_b", tree["second"])
    above = make_member("member_general", tree["general"])
    folder = OrganisationDynamicIndexPage.objects.get(organisation=tree["first"])

    client.force_login(editor_a)
    client.post(_add_url("dynamicpage", folder), _dynamic_form(**{"action-submit": "submit"}))
    page = DynamicPage.objects.get(slug="theme-day")

    # Step 1: the sibling branch's secretary cannot act; the branch's own secretary can.
    _, task_state = current_task_state(page)
    client.force_login(secretary_b)
    client.post(action_url(page, "approve", task_state), {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    client.force_login(secretary_a)
    client.post(action_url(page, "approve", task_state), {"comment": ""})
    _, task_state = current_task_state(page)
    assert task_state.task.name == "党委审核"
    page.refresh_from_db()
    assert not page.live
    assert not Message.objects.filter(object_type=DYNAMIC_OBJECT_TYPE).exists()

    # Step 2: the 党委审核员 publishes; the branch's subtree is reminded, nobody else.
    client.force_login(reviewer_top)
    client.post(action_url(page, "approve", task_state), {"comment": ""})
    page.refresh_from_db()
    assert page.live
    messages = Message.objects.filter(object_type=DYNAMIC_OBJECT_TYPE, object_id=page.pk)
    recipients = set(messages.values_list("recipient__username", flat=True))
    assert recipients == {
        in_branch.username,
        in_group.username,
        editor_a.username,  # the branch's administrators: roles held on it
        secretary_a.username,
    }
    assert in_sibling.username not in recipients and above.username not in recipients
    assert secretary_b.username not in recipients and reviewer_top.username not in recipients
    message = messages.get(recipient=in_branch)
    assert message.kind == MessageKind.SYSTEM
    assert message.title == "新党建动态：一支部开展主题党日活动"
    assert message.body == "一支部组织党员参观红色教育基地。"

    # Publishing an edit reminds nobody again.
    page.save_revision(user=reviewer_top).publish()
    assert messages.count() == 4


def test_a_site_wide_dynamic_naming_no_organisation_reminds_nobody(make_member, tree):
    make_member("member_a", tree["first"])
    page = DynamicPage(title="全县党建工作会议召开", slug="county-meeting")
    DynamicIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    assert not Message.objects.filter(object_type=DYNAMIC_OBJECT_TYPE).exists()


def test_a_branch_notice_reaches_its_subtree_only(tree, make_member):
    """The notice path is unchanged: a branch notice's audience is its targets' subtrees."""
    in_group = make_member("member_group", tree["group"])
    make_member("member_b", tree["second"])
    notice = NoticePage(title="一小组学习安排", slug="group-study")
    OrganisationNoticeIndexPage.objects.get(organisation=tree["first"]).add_child(instance=notice)
    notice.target_organisations = [tree["group"]]
    notice.save_revision().publish()
    recipients = Message.objects.filter(object_type=NOTICE_OBJECT_TYPE, object_id=notice.pk)
    assert list(recipients.values_list("recipient", flat=True)) == [in_group.pk]


def test_the_folder_lists_its_live_articles_on_the_portal(client, tree):
    folder = OrganisationDynamicIndexPage.objects.get(organisation=tree["first"])
    page = DynamicPage(title="一支部志愿服务", slug="volunteer")
    folder.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(folder.url).content.decode()
    assert "一支部志愿服务" in html and "badge" not in html
    assert "一支部志愿服务" in client.get(DynamicIndexPage.objects.get().url).content.decode()


def test_an_organisation_whose_dynamic_folder_holds_an_article_cannot_be_deleted(tree):
    from partybuild.services.organisations import organisation_delete

    folder = OrganisationDynamicIndexPage.objects.get(organisation=tree["third"])
    folder.add_child(instance=DynamicPage(title="三支部活动", slug="third-activity"))
    with pytest.raises(ValidationError, match="党建动态栏目中还有1篇文章"):
        organisation_delete(organisation=tree["third"], actor=None)
    assert OrganisationDynamicIndexPage.objects.filter(organisation=tree["third"]).exists()


def test_a_role_on_a_committee_covers_the_folders_of_its_subtree_created_later_too(client, tree):
    """A role applies to its organisation's subtree: an 编辑 of 一总支 writes in the folders of
    一支部 and of a branch created after the assignment, never in 三支部's."""
    from partybuild.models import Organisation

    editor = _account("general_editor", "editor", tree["general"])
    client.force_login(editor)
    first = OrganisationDynamicIndexPage.objects.get(organisation=tree["first"])
    third = OrganisationDynamicIndexPage.objects.get(organisation=tree["third"])
    assert client.get(_add_url("dynamicpage", first)).status_code == 200
    assert client.get(_add_url("dynamicpage", third)).status_code in (302, 403)
    new_branch = tree["general"].add_child(
        instance=Organisation(name="新建支部", org_type="branch", code="NEW001")
    )
    editor = User.objects.get(pk=editor.pk)
    client.force_login(editor)
    folder = OrganisationDynamicIndexPage.objects.get(organisation=new_branch)
    response = client.post(
        _add_url("dynamicpage", folder), _dynamic_form(**{"action-submit": "submit"})
    )
    assert response.status_code == 302
    assert list(DynamicPage.objects.get(slug="theme-day").target_organisations.all()) == [
        new_branch
    ]
