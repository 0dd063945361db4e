"""Page-permission groups derived from role assignments (content/role_groups.py, issue 17)."""

import pytest

from partybuild.models import Role, User
from partybuild.services.roles import role_assignment_grant, role_assignment_revoke

pytestmark = pytest.mark.django_db


def test_an_editor_assignment_puts_the_account_in_that_branch_s_group_only(branches):
    user = User.objects.create_user(username="derived", password="x")
    assignment = role_assignment_grant(
        actor=None, user=user, role=Role.objects.get(code="editor"), organisation=branches["a"]
    )
    groups = set(user.groups.all())
    assert branches["a"].content_groups.editors in groups
    assert branches["b"].content_groups.editors not in groups
    role_assignment_revoke(actor=None, assignment=assignment)
    assert not user.groups.exists()


def test_a_secretary_assignment_joins_the_branch_and_step_one_groups(branches):
    user = User.objects.create_user(username="derived_sec", password="x")
    role_assignment_grant(
        actor=None,
        user=user,
        role=Role.objects.get(code="branch_secretary"),
        organisation=branches["a"],
    )
    names = set(user.groups.values_list("name", flat=True))
    assert "支部书记" in names
    assert branches["a"].content_groups.secretaries.name in names
