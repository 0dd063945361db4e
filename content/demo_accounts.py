"""Demo accounts for moderation (DEBUG only): an editor, a secretary and a reviewer.

They can take an article of 「UI部支部委员会」 (制度建设, 事务公开, or a 通知公告 or 党建动态 for
the branch, in its folders) from draft to live: ``ui_editor`` writes and submits,
``ui_secretary`` (created by partybuild's demo loader) approves step 1 (支部审核), ``reviewer``
approves step 2 (党委审核) and the page goes live. Each holds a role assignment
(编辑 and 支部书记 on the branch, 党委审核员 on the top organisation); their Wagtail groups follow
from it (content/role_groups.py).
"""

from django.db import transaction

from partybuild.models import Organisation, Role, RoleAssignment, User
from partybuild.services.roles import role_assignment_grant

EDITOR_ROLE = "editor"
SECRETARY_ROLE = "branch_secretary"
REVIEWER_ROLE = "committee_reviewer"


def _grant(user: User, role_code: str, organisation: Organisation) -> None:
    role = Role.objects.get(code=role_code)
    if not RoleAssignment.objects.filter(user=user, role=role, organisation=organisation).exists():
        role_assignment_grant(actor=None, user=user, role=role, organisation=organisation)


@transaction.atomic
def content_demo_accounts_load(*, organisation_code: str, password: str) -> list[str]:
    """Create the demo editor and reviewer and give the demo secretary her role (idempotent);
    ``organisation_code`` is the demo branch's, ``password`` the demo accounts'."""
    branch = Organisation.objects.get(code=organisation_code)
    top = Organisation.objects.get(path=branch.path[: Organisation.steplen])
    created = []
    editor, is_new = User.objects.get_or_create(username="ui_editor", defaults={"name": "向勤"})
    if is_new:
        editor.set_password(password)
        editor.save()
        created.append(editor.username)
    _grant(editor, EDITOR_ROLE, branch)

    reviewer, is_new = User.objects.get_or_create(username="reviewer", defaults={"name": "王启正"})
    if is_new:
        reviewer.set_password(password)
        reviewer.save()
        created.append(reviewer.username)
    _grant(reviewer, REVIEWER_ROLE, top)

    secretary = User.objects.filter(username="ui_secretary").first()
    if secretary is not None:
        _grant(secretary, SECRETARY_ROLE, branch)
    return created
