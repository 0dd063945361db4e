"""角色分配 in the admin (partybuild/admin/roles.py): an account's assignments, granting and
revoking through the services, and the escalation attempts they refuse."""

import pytest
from django.urls import reverse

from partybuild.models import Role, RoleAssignment, User
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db


def _account(username: str, organisation, *roles) -> User:
    user = User.objects.create_user(
        username=username, password="x", name=username, organisation=organisation
    )
    for role, scope in roles:
        assign_role(user, role, scope)
    return user


def _url(account: User) -> str:
    return reverse("partybuild_account_roles", args=[account.pk])


def _grant(client, account: User, role_code: str, organisation):
    return client.post(
        _url(account),
        {"role": Role.objects.get(code=role_code).pk, "organisation": organisation.pk},
    )


@pytest.fixture
def delegate(client, tree):
    """A 安全管理员 of the county who is also 支部书记 of 一总支, signed in."""
    user = _account(
        "delegate",
        tree["county"],
        ("security_admin", tree["county"]),
        ("branch_secretary", tree["general"]),
    )
    client.force_login(user)
    return user


def test_the_page_lists_assignments_and_grants_through_the_service(delegate, client, tree):
    target = _account("target", tree["first"])
    response = _grant(client, target, "editor", tree["first"])
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target)
    assert (assignment.role.code, assignment.organisation, assignment.granted_by) == (
        "editor",
        tree["first"],
        delegate,
    )
    html = client.get(_url(target)).content.decode()
    assert "编辑" in html and "一支部" in html and "撤销" in html


def test_a_role_above_ones_own_is_not_offered_nor_granted(delegate, client, tree):
    target = _account("target", tree["first"])
    form = client.get(_url(target)).context["form"]
    offered = set(form.fields["role"].queryset.values_list("code", flat=True))
    assert "org_admin" not in offered and "committee_reviewer" not in offered
    assert {"editor", "branch_secretary"} <= offered
    response = _grant(client, target, "org_admin", tree["first"])
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_granting_outside_the_subtree_where_one_holds_the_role_is_refused(delegate, client, tree):
    # 三支部 is in the delegate's scope (安全管理员 of the county), but they hold 支部书记 only on
    # 一总支: the service refuses, and the form says why.
    target = _account("target", tree["third"])
    response = _grant(client, target, "editor", tree["third"])
    assert response.status_code == 200
    assert "只能在您持有该角色的党组织范围内分配" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_an_out_of_scope_account_is_404(client, tree):
    actor = _account("actor", tree["general"], ("security_admin", tree["general"]))
    client.force_login(actor)
    target = _account("target", tree["third"])
    other = _account("other", tree["third"], ("editor", tree["third"]))
    assert client.get(_url(target)).status_code == 404
    assert _grant(client, target, "security_admin", tree["general"]).status_code == 404
    assignment = RoleAssignment.objects.get(user=other)
    url = reverse("partybuild_account_role_revoke", args=[other.pk, assignment.pk])
    assert client.post(url).status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_separated_roles_are_refused_in_the_form(admin_client, tree):
    target = _account("target", tree["county"], ("system_admin", tree["county"]))
    response = _grant(admin_client, target, "audit_admin", tree["county"])
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=target, role__code="audit_admin").exists()


def test_revoking_an_assignment(delegate, client, tree):
    target = _account("target", tree["first"], ("editor", tree["first"]))
    assignment = RoleAssignment.objects.get(user=target)
    url = reverse("partybuild_account_role_revoke", args=[target.pk, assignment.pk])
    assert client.post(url).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_revoking_a_role_one_cannot_grant_is_refused(delegate, client, tree):
    target = _account("target", tree["first"], ("org_admin", tree["first"]))
    assignment = RoleAssignment.objects.get(user=target)
    url = reverse("partybuild_account_role_revoke", args=[target.pk, assignment.pk])
    response = client.post(url, follow=True)
    assert "不能撤销「党组织管理员」" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("role", ["org_admin", "audit_admin"])
def test_accounts_without_the_assignment_permission_are_refused(client, tree, role):
    actor = _account("actor", tree["county"], (role, tree["county"]))
    target = _account("target", tree["first"])
    client.force_login(actor)
    # The admin answers a refusal (PermissionDenied) with a redirect to its home page.
    assert client.get(_url(target)).status_code in (302, 403)
    assert _grant(client, target, "editor", tree["first"]).status_code in (302, 403)
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_the_account_admin_links_to_the_assignments(admin_client, tree):
    target = _account("target", tree["first"])
    assert _url(target) in admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    edit = admin_client.get(reverse("wagtailusers_users:edit", args=[target.pk]))
    assert _url(target) in edit.content.decode()


ASSIGNMENTS = "/admin/role-assignments/"


def test_a_security_administrator_finds_accounts_and_their_roles(client, tree):
    """The 安全管理员 holds no 管理员管理 (the 系统管理员's): 设置 › 角色分配 lists the accounts of
    their scope with their roles and links to each account's 角色分配 page; no phone or ID."""
    security = User.objects.create_user(username="sec", password="x", name="安全员")
    assign_role(security, "security_admin", tree["county"])
    secretary = User.objects.create_user(
        username="zhang",
        password="x",
        name="张书记",
        organisation=tree["first"],
        phone="13800138009",
    )
    assign_role(secretary, "branch_secretary", tree["first"])
    User.objects.create_user(username="li", password="x", name="李党员", organisation=tree["third"])
    client.force_login(security)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ASSIGNMENTS in home  # in 设置
    html = client.get(ASSIGNMENTS).content.decode()
    assert "张书记" in html and "李党员" in html and "支部书记（一支部）" in html
    assert "13800138009" not in html
    assert reverse("partybuild_account_roles", args=[secretary.pk]) in html
    html = client.get(ASSIGNMENTS, {"q": "13800138009"}).content.decode()
    assert "张书记" in html and "李党员" not in html
    role = Role.objects.get(code="branch_secretary")
    html = client.get(ASSIGNMENTS, {"role": role.pk}).content.decode()
    assert "张书记" in html and "李党员" not in html
    assert client.get(reverse("partybuild_account_roles", args=[secretary.pk])).status_code == 200


def test_the_assignment_list_is_scoped_and_refused_without_the_permission(client, tree):
    branch_security = User.objects.create_user(username="sec1", password="x", name="一支部安全员")
    assign_role(branch_security, "security_admin", tree["first"])
    User.objects.create_user(username="li", password="x", name="李党员", organisation=tree["third"])
    User.objects.create_user(
        username="wang", password="x", name="王党员", organisation=tree["first"]
    )
    client.force_login(branch_security)
    html = client.get(ASSIGNMENTS).content.decode()
    assert "王党员" in html and "李党员" not in html
    auditor = User.objects.create_user(username="aud", password="x", name="审计员")
    assign_role(auditor, "audit_admin", tree["county"])
    client.force_login(auditor)
    assert client.get(ASSIGNMENTS).status_code in (302, 403)
    assert ASSIGNMENTS not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_assignment_list_query_count_is_constant(
    client, tree, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    for n in range(3):
        account = User.objects.create_user(username=f"a{n}", password="x", name=f"账号{n}")
        assign_role(account, "editor", tree["first"])
    with django_assert_max_num_queries(40) as few:
        client.get(ASSIGNMENTS)
    for n in range(3, 20):
        account = User.objects.create_user(username=f"a{n}", password="x", name=f"账号{n}")
        assign_role(account, "editor", tree["first"])
        assign_role(account, "branch_secretary", tree["second"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "账号19" in client.get(ASSIGNMENTS).content.decode()
