"""The demo accounts (the package's demo is loaded in DEBUG): they log in and see their scope,
take an article from draft to live, and write the demo's letters and posts."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import streamfield

from content.models import (
    DisclosurePage,
    DynamicPage,
    OrganisationDisclosureIndexPage,
    OrganisationDynamicIndexPage,
)
from partybuild.memberservices.models import BoardPost, SecretaryLetter, Suggestion
from partybuild.memberservices.selectors.suggestions import member_service_settings
from partybuild.models import Message, User
from tests.content.moderation import action_url, current_task_state, page_form
from tests.partybuild.demo.loading import SEED_ORGANISATIONS
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_in_debug_the_demo_accounts_can_log_in(client):
    assert User.objects.filter(username="admin", is_superuser=True).count() == 1
    assert client.login(username="admin", password="dangjian123")
    html = client.get("/admin/organisations/").content.decode()
    for name in SEED_ORGANISATIONS:
        assert name in html

    client.logout()
    assert client.login(username="ui_secretary", password="dangjian123")
    html = client.get("/admin/organisations/").content.decode()
    assert "UI部支部委员会" in html
    assert "设备部支部委员会" not in html


@pytest.mark.usefixtures("portal_pages")
def test_in_debug_the_demo_member_login_opens_the_portal_without_a_forced_change(client):
    """README: ``dangyuan`` / ``dangjian123`` is a member's login, not asked to change."""
    member_account = User.objects.get(username="dangyuan")
    assert member_account.member.organisation.name == "UI部支部委员会"
    assert not member_account.password_change_required
    assert client.login(username="dangyuan", password="dangjian123")
    assert client.get("/me/").status_code == 200


def test_demo_accounts_of_the_branch_are_placed_in_it():
    """所属党组织: the branch's administrator, the member login and the letters' authors."""
    placed = User.objects.filter(member__isnull=False).values_list(
        "username", "organisation_id", "member__organisation_id"
    )
    assert placed and all(account == dossier for _name, account, dossier in placed)
    assert User.objects.get(username="ui_secretary").organisation.code == "CL0403"


def test_demo_accounts_take_an_article_from_draft_to_live(client, settings):
    """The README's walk-through: ui_editor submits, ui_secretary and reviewer approve."""
    settings.DEBUG = True
    folder = OrganisationDisclosureIndexPage.objects.get(organisation__code="CL0403")
    client.force_login(User.objects.get(username="ui_editor"))
    add_url = reverse("wagtailadmin_pages:add", args=["content", "disclosurepage", folder.pk])
    client.post(add_url, page_form(**{"action-submit": "submit"}))
    page = DisclosurePage.objects.get(slug="dues-2026-q3")
    for username in ("ui_secretary", "reviewer"):
        _, task_state = current_task_state(page)
        client.force_login(User.objects.get(username=username))
        client.post(action_url(page, "approve", task_state), {"comment": ""})
    page.refresh_from_db()
    assert page.live


def test_demo_editor_writes_a_branch_dynamic_that_reminds_the_branch(client, settings):
    """README: ui_editor writes a 党建动态 for UI部; once both steps approve it, the branch's
    members (``dangyuan`` among them) find a reminder in their inbox."""
    settings.DEBUG = True
    folder = OrganisationDynamicIndexPage.objects.get(organisation__code="CL0403")
    client.force_login(User.objects.get(username="ui_editor"))
    add_url = reverse("wagtailadmin_pages:add", args=["content", "dynamicpage", folder.pk])
    data = page_form(
        title="UI部支部开展主题党日活动",
        slug="ui-theme-day",
        gallery=streamfield([]),
        **{"action-submit": "submit"},
    )
    client.post(add_url, data)
    page = DynamicPage.objects.get(slug="ui-theme-day")
    assert [o.code for o in page.target_organisations.all()] == ["CL0403"]
    for username in ("ui_secretary", "reviewer"):
        _, task_state = current_task_state(page)
        client.force_login(User.objects.get(username=username))
        client.post(action_url(page, "approve", task_state), {"comment": ""})
    page.refresh_from_db()
    assert page.live
    reminded = Message.objects.filter(object_type="dynamic", object_id=page.pk)
    assert reminded.filter(recipient__username="dangyuan").exists()
    assert reminded.filter(recipient__username="ui_secretary").exists()
    assert not reminded.filter(recipient__username="reviewer").exists()


def test_demo_member_services(demo):
    """意见建议, 书记信箱 and 留言板 across several branches, one anonymous suggestion per branch
    without a submitter, replies and a hidden post (a second run adds nothing:
    test_demo_content.py)."""
    result = demo.result
    assert result.member_services > 0
    assert Suggestion.objects.values("organisation").distinct().count() >= 2
    anonymous = Suggestion.objects.filter(is_anonymous=True)
    assert anonymous.exists() and not anonymous.filter(submitter__isnull=False).exists()
    assert Suggestion.objects.exclude(reply="").exists()
    assert SecretaryLetter.objects.filter(status="replied").exists()
    assert BoardPost.objects.filter(hidden=True).exclude(hidden_reason="").exists()
    assert member_service_settings().mailbox_email


def test_the_three_separated_administrators_log_in_with_one_role_each(client):
    """三员分立: 系统管理员, 安全管理员 and 审计管理员 on the whole tree, each alone."""
    for username, role in (
        ("sysadmin", "system_admin"),
        ("secadmin", "security_admin"),
        ("auditor", "audit_admin"),
    ):
        account = User.objects.get(username=username)
        assert list(account.role_assignments.values_list("role__code", "organisation__code")) == [
            (role, "CL")
        ]
        assert client.login(username=username, password="dangjian123")
        assert client.get("/admin/").status_code == 200
        client.logout()
