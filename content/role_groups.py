"""Wagtail page permissions derived from role assignments (issue 17).

Page permissions (each organisation's folders under 制度建设/事务公开) and the two-step workflow
stay on Wagtail groups, but an account's membership of them is generated from its role
assignments in force, never edited by hand:
- a role with 内容·编辑 on an organisation → that organisation's 编辑 group;
- a role with 内容·支部审核 on an organisation → its 书记 group and the site-wide 支部书记 group
  (the step-1 group of BranchApprovalTask);
- a role with 内容·党委审核 anywhere → the site-wide 党委审核员 group (step 2, publishes).
A role applies to its organisation's subtree: an assignment on a 党委 puts its holder in the
groups of every organisation below it, those created later included. Runs from
partybuild.signals.role_assignments_changed and when organisations are created
(content/branch_subtrees.py).
"""

from django.contrib.auth.models import Group

from content.models import OrganisationContentGroups
from partybuild.models import Organisation, Role, RoleAssignment, User
from partybuild.selectors.roles import (
    assignments_in_force,
    minimal_paths,
    paths_q,
    role_permission_names,
)

EDIT = "partybuild.edit_content"
BRANCH_REVIEW = "partybuild.review_branch_content"
COMMITTEE_REVIEW = "partybuild.review_committee_content"
SECRETARIES_ROLE_GROUP = "支部书记"
REVIEWERS_ROLE_GROUP = "党委审核员"


def _managed_group_ids() -> set[int]:
    """Every group whose membership is derived here."""
    ids = set(
        Group.objects.filter(name__in=[SECRETARIES_ROLE_GROUP, REVIEWERS_ROLE_GROUP]).values_list(
            "pk", flat=True
        )
    )
    for editors, secretaries in OrganisationContentGroups.objects.values_list(
        "editors_id", "secretaries_id"
    ):
        ids.update((editors, secretaries))
    return ids


def content_groups_for_user(*, user: User) -> set[int]:
    """The generated groups ``user``'s assignments in force put them in. A role applies to its
    organisation's subtree, so an assignment on a 党委 puts its holder in the groups of every
    organisation below it too (the folders are one per organisation, side by side)."""
    wanted: set[int] = set()
    site_wide = dict(
        Group.objects.filter(name__in=[SECRETARIES_ROLE_GROUP, REVIEWERS_ROLE_GROUP]).values_list(
            "name", "pk"
        )
    )
    permissions: dict[int, set[str]] = {}
    editing: list[str] = []
    reviewing: list[str] = []
    for assignment in assignments_in_force(user=user).select_related("role", "organisation"):
        role: Role = assignment.role
        if role.pk not in permissions:
            permissions[role.pk] = role_permission_names(role=role)
        held = permissions[role.pk]
        if EDIT in held:
            editing.append(assignment.organisation.path)
        if BRANCH_REVIEW in held:
            reviewing.append(assignment.organisation.path)
            if SECRETARIES_ROLE_GROUP in site_wide:
                wanted.add(site_wide[SECRETARIES_ROLE_GROUP])
        if COMMITTEE_REVIEW in held and REVIEWERS_ROLE_GROUP in site_wide:
            wanted.add(site_wide[REVIEWERS_ROLE_GROUP])
    if editing or reviewing:
        records = OrganisationContentGroups.objects.filter(
            paths_q(minimal_paths(editing + reviewing), "organisation")
        ).values_list("organisation__path", "editors_id", "secretaries_id")
        for path, editors, secretaries in records:
            if any(path.startswith(root) for root in editing):
                wanted.add(editors)
            if any(path.startswith(root) for root in reviewing):
                wanted.add(secretaries)
    return wanted


def content_groups_sync(*, user: User, managed: set[int] | None = None) -> None:
    """Put ``user`` in exactly the generated groups their assignments call for; ``managed``,
    the generated groups, when the caller syncs many accounts (it is read once for all)."""
    if managed is None:
        managed = _managed_group_ids()
    wanted = content_groups_for_user(user=user)
    current = set(user.groups.filter(pk__in=managed).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
    for attribute in ("_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attribute, None)


def content_groups_sync_for_new_organisations(*, organisations: list[Organisation]) -> None:
    """Put the holders of assignments covering newly created ``organisations`` (on one of them
    or an ancestor) in their new groups: a role applies to organisations created after it was
    assigned too. Queries grow with the number of such accounts, not of organisations (the
    generated groups, one row per organisation, are read once, not once per account)."""
    steplen = Organisation.steplen
    ancestors = {
        organisation.path[:end]
        for organisation in organisations
        for end in range(steplen, len(organisation.path) + 1, steplen)
    }
    holders = (
        RoleAssignment.objects.filter(organisation__path__in=ancestors)
        .values_list("user_id", flat=True)
        .distinct()
    )
    managed = None
    for user in User.objects.filter(pk__in=holders, is_active=True):
        if managed is None:
            managed = _managed_group_ids()
        content_groups_sync(user=user, managed=managed)


def role_assignments_changed_receiver(sender, *, user: User, **kwargs) -> None:
    """partybuild.signals.role_assignments_changed → :func:`content_groups_sync`."""
    content_groups_sync(user=user)
