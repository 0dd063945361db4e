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


#: The app API's administrators' reads, each asking for its register's permission.
APP_ADMIN_READS = (
    "/api/app/dues/report?period=2026-11",
    "/api/app/recruitment/board",
    "/api/app/supervision/assignments",
    "/api/app/supervision/tasks",
    "/api/app/supervision/inspections",
    "/api/app/meetings/managed",
    "/api/app/wishes/pending",
    "/api/app/experiences/pending",
    "/api/app/suggestions/managed",
    "/api/app/letters/managed",
    "/api/app/board/managed",
)


def test_the_app_api_refuses_an_auditor_the_administrators_reads(tree):
    """Before, these asked only for a role in force: an 审计管理员 read the registers' rows."""
    from tests.api.conftest import client_for

    auditor = client_for(_account("auditor", "audit_admin", tree["county"]))
    admin = client_for(_account("org_admin", "org_admin", tree["first"]))
    for url in APP_ADMIN_READS:
        response = auditor.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "forbidden", url
        assert admin.get(url).status_code == 200, url


def test_an_organisation_administrator_reaches_the_member_services_they_hold(client, tree):
    """微心得 and 新增微心愿 were missing from the catalogue: only a superuser reached them."""
    admin = _account("org_admin", "org_admin", tree["first"])
    assert admin.has_perm("memberservices.view_microexperience")
    client.force_login(admin)
    for name in ("experiences:index", "wishes:index", "wishes:add"):
        assert client.get(reverse(name)).status_code == 200, name


def test_statistics_panels_follow_the_registers_permissions(client, tree):
    auditor = _account("auditor", "audit_admin", tree["county"])
    client.force_login(auditor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    for heading in ("党员统计", "本月党费收缴", "通知阅读率", "换届提醒"):
        assert heading not in home
    export = reverse("partybuild_statistics_export", args=["members"])
    assert client.get(export).status_code in (302, 403)
    editor = _account("editor", "editor", tree["first"])
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "通知阅读率" in home and "党员统计" not in home
    dues_export = reverse("partybuild_statistics_export", args=["dues"])
    assert client.get(dues_export).status_code in (302, 403)
    admin = _account("org_admin", "org_admin", tree["first"])
    client.force_login(admin)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "党员统计" in home and "本月党费收缴" in home
    assert client.get(reverse("partybuild_statistics_export", args=["members"])).status_code == 200


def test_administrators_tasks_need_the_registers_permissions(tree):
    from partybuild.models import Member, MemberChangeRequest
    from partybuild.tasks import task_counts_for_user

    member = Member.objects.create(name="王申请", organisation=tree["first"], gender="male")
    auditor = _account("auditor", "audit_admin", tree["county"])
    MemberChangeRequest.objects.create(
        member=member, changes={"phone": "13800138000"}, requested_by=auditor
    )
    auditor = User.objects.get(pk=auditor.pk)
    admin = _account("org_admin", "org_admin", tree["first"])
    assert task_counts_for_user(user=admin)["change_request_to_decide"] == 1
    assert task_counts_for_user(user=auditor)["change_request_to_decide"] == 0
