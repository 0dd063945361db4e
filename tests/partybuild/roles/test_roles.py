"""Roles and scoped assignments (issue 17): derivation, delegation without escalation, 三员分立,
child within parent, disabled roles, and the page groups derived from assignments."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from partybuild.models import Role, RoleAssignment, User
from partybuild.permissions_catalogue import CATALOGUE
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.roles import user_scope_forget
from partybuild.services.roles import (
    role_assignment_grant,
    role_assignment_revoke,
    role_create,
    role_update,
)
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db


def _account(username: str) -> User:
    return User.objects.create_user(username=username, password="x", name=username)


def _perms(*names: str) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def _code(error) -> str:
    if isinstance(error, ValidationError):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


def test_every_catalogue_permission_exists(db):
    for area in CATALOGUE:
        for entry in area.entries:
            assert len(_perms(*entry.permissions)) == len(entry.permissions), entry.key


def test_scope_is_the_union_of_assignments_and_the_former_field_grants_nothing(tree):
    user = _account("two_branches")
    user.administered_organisation = tree["organ"]
    user.save()
    assert organisation_scope_for_user(user=user).count() == 0
    assign_role(user, "org_admin", tree["first"])
    assign_role(user, "editor", tree["third"])
    names = set(organisation_scope_for_user(user=user).values_list("name", flat=True))
    assert names == {"一支部", "一小组", "三支部"}


def test_permissions_are_the_union_of_roles_in_force(tree):
    user = _account("perm_user")
    assert not user.has_perm("partybuild.view_member")
    assign_role(user, "org_admin", tree["first"])
    user = User.objects.get(pk=user.pk)
    assert user.has_perm("partybuild.view_member")
    assert not user.has_perm("partybuild.view_full_identity")


def test_a_disabled_role_or_ancestor_grants_nothing(tree):
    editor = _account("editor_x")
    assign_role(editor, "editor", tree["first"])
    assert User.objects.get(pk=editor.pk).has_perm("partybuild.edit_content")
    Role.objects.filter(code="branch_secretary").update(is_enabled=False)  # the parent
    editor = User.objects.get(pk=editor.pk)
    assert not editor.has_perm("partybuild.edit_content")
    assert organisation_scope_for_user(user=editor).count() == 0


def test_a_child_role_cannot_hold_more_than_its_parent(db):
    parent = role_create(
        actor=None, code="p", name="上级", permissions=_perms("orglife.view_meeting")
    )
    with pytest.raises(ValidationError) as refused:
        role_create(
            actor=None,
            code="c",
            name="下级",
            parent=parent,
            permissions=_perms("orglife.view_meeting", "partybuild.view_full_identity"),
        )
    assert _code(refused.value) == "role_exceeds_parent"
    assert "查看完整身份信息" in str(refused.value)
    child = role_create(
        actor=None, code="c", name="下级", parent=parent, permissions=_perms("orglife.view_meeting")
    )
    with pytest.raises(ValidationError) as shrinking:
        role_update(
            actor=None,
            role=parent,
            name="上级",
            parent=None,
            permissions=[],
            is_enabled=True,
            order=0,
            note="",
        )
    assert _code(shrinking.value) == "role_child_exceeds"
    assert child.parent == parent


def test_three_administrators_are_never_combined(tree):
    user = _account("sanyuan")
    root = tree["county"] if "county" in tree else tree["organ"]
    role_assignment_grant(
        actor=None, user=user, role=Role.objects.get(code="system_admin"), organisation=root
    )
    for code in ("security_admin", "audit_admin"):
        with pytest.raises(ValidationError) as refused:
            role_assignment_grant(
                actor=None, user=user, role=Role.objects.get(code=code), organisation=root
            )
        assert _code(refused.value) == "role_separation_of_duties"


@pytest.fixture
def delegator(tree):
    """党组织管理员 of 一总支 (一支部, 一小组, 二支部)."""
    user = _account("delegator")
    assign_role(user, "org_admin", tree["general"])
    return user


def test_an_administrator_grants_a_role_they_hold_inside_their_subtree(tree, delegator):
    target = _account("target")
    assign_role(target, "editor", tree["first"])  # places the account in the subtree
    user_scope_forget(user=delegator)
    assignment = role_assignment_grant(
        actor=delegator,
        user=target,
        role=Role.objects.get(code="org_admin"),
        organisation=tree["second"],
    )
    assert assignment.granted_by == delegator
    role_assignment_revoke(actor=delegator, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize(
    ("role_code", "organisation_key", "code"),
    [
        ("committee_reviewer", "first", "role_not_grantable"),  # a role above their own
        ("org_admin", "third", "role_organisation_out_of_scope"),  # outside the subtree
        ("org_admin", "organ", "role_organisation_out_of_scope"),  # above the subtree
    ],
)
def test_escalation_attempts_are_refused(tree, delegator, role_code, organisation_key, code):
    target = _account("target")
    assign_role(target, "editor", tree["first"])
    with pytest.raises(PermissionDenied) as refused:
        role_assignment_grant(
            actor=delegator,
            user=target,
            role=Role.objects.get(code=role_code),
            organisation=tree[organisation_key],
        )
    assert refused.value.code == code
    assert not RoleAssignment.objects.filter(user=target, role__code=role_code).exists()


def test_an_out_of_scope_account_is_refused(tree, delegator):
    outsider = _account("outsider")
    assign_role(outsider, "editor", tree["third"])
    held = RoleAssignment.objects.get(user=outsider)
    with pytest.raises(PermissionDenied) as refused:
        role_assignment_grant(
            actor=delegator,
            user=outsider,
            role=Role.objects.get(code="editor"),
            organisation=tree["first"],
        )
    assert refused.value.code == "role_account_out_of_scope"
    with pytest.raises(PermissionDenied):
        role_assignment_revoke(actor=delegator, assignment=held)


def test_no_one_grants_themselves_a_role(tree, delegator):
    with pytest.raises(PermissionDenied) as refused:
        role_assignment_grant(
            actor=delegator,
            user=delegator,
            role=Role.objects.get(code="org_admin"),
            organisation=tree["first"],
        )
    assert refused.value.code == "role_assign_self"


def test_a_role_manager_cannot_add_a_permission_they_lack(tree):
    manager = _account("security")
    assign_role(manager, "security_admin", tree["organ"])
    manager = User.objects.get(pk=manager.pk)
    with pytest.raises(PermissionDenied) as refused:
        role_create(
            actor=manager,
            code="x",
            name="越权",
            permissions=_perms("partybuild.view_full_identity"),
        )
    assert refused.value.code == "role_permission_not_held"


def test_changes_are_audited(tree):
    from wagtail.models import ModelLogEntry

    user = _account("audited")
    assignment = role_assignment_grant(
        actor=None, user=user, role=Role.objects.get(code="editor"), organisation=tree["first"]
    )
    role_assignment_revoke(actor=None, assignment=assignment)
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert "partybuild.role_assignment.grant" in actions
    assert "partybuild.role_assignment.revoke" in actions
