"""The shared registers ask for the model's permission from the account's roles, not only for a
role in force (partybuild/admin/permissions.py): an 审计管理员 with a scope is refused them, a
党组织管理员 reaches them."""

import pytest
from django.urls import NoReverseMatch, reverse

from partybuild.admin.permissions import AdministratorPermissionPolicy, user_administers
from partybuild.models import Role, User
from partybuild.orglife.models import Meeting
from partybuild.supervision.models import InspectionAssignment, InspectionTask
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db

REGISTER_URLS = (
    "meetings:index",
    "meeting_compliance",
    "meeting_evaluation",
    "inspection_tasks:index",
    "inspection_assignments:index",
    "meeting_inspections:index",
    "suggestions:index",
    "secretary_letters:index",
    "board_posts:index",
    "partybuild_dues_report",
    "partybuild_dues_waivers",
)


def _account(username: str, role: str, organisation) -> User:
    user = User.objects.create_user(username=username, password="x", name=username)
    assign_role(user, role, organisation)
    return user


@pytest.fixture
def urls():
    found = []
    for name in REGISTER_URLS:
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            pytest.fail(f"no URL {name}")
    return found


def test_an_audit_administrator_with_scope_is_refused_the_registers(client, tree, urls):
    auditor = _account("auditor", "audit_admin", tree["county"])
    assert not user_administers(auditor, "orglife.view_meeting")
    assert not AdministratorPermissionPolicy(Meeting).user_has_permission(auditor, "view")
    client.force_login(auditor)
    for url in urls:
        assert client.get(url).status_code in (302, 403), url


def test_an_organisation_administrator_reaches_the_registers(client, tree, urls):
    admin = _account("org_admin", "org_admin", tree["first"])
    policy = AdministratorPermissionPolicy(Meeting)
    assert policy.user_has_permission(admin, "view")
    assert policy.user_has_permission(admin, "change")
    assert not policy.user_has_permission(admin, "delete")  # no role grants deleting a meeting
    client.force_login(admin)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_inspection_assignments_go_by_the_task_permissions(tree):
    editor = _account("editor", "editor", tree["first"])
    admin = _account("org_admin", "org_admin", tree["first"])
    policy = AdministratorPermissionPolicy(InspectionAssignment)
    assert not policy.user_has_permission(editor, "view")
    assert not policy.user_has_permission(admin, "view")  # no permission of its own
    by_task = AdministratorPermissionPolicy(InspectionAssignment, permission_model=InspectionTask)
    assert by_task.user_has_permission(admin, "view")
    assert not by_task.user_has_permission(editor, "view")


def test_a_disabled_role_opens_no_register(client, tree, urls):
    admin = _account("org_admin", "org_admin", tree["first"])
    Role.objects.filter(code="org_admin").update(is_enabled=False)
    client.force_login(admin)
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
