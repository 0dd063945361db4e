"""Wagtail page permissions derived from role assignments (issue 17).

Page permissions (each organisation's folders under 制度建设/事务公开) and the two-step workflow
stay on Wagtail groups, but an account's membership of them is generated from its role
assignments in force, never edited by hand:
- a role with 内容·编辑 on an organisation → that organisation's 编辑 group;
- a role with 内容·支部审核 on an organisation → its 书记 group and the site-wide 支部书记 group
  (the step-1 group of BranchApprovalTask);
- a role with 内容·党委审核 anywhere → the site-wide 党委审核员 group (step 2, publishes).
Runs from partybuild.signals.role_assignments_changed.
"""

from django.contrib.auth.models import Group

from content.models import OrganisationContentGroups
from partybuild.models import Role, User
from partybuild.selectors.roles import assignments_in_force, role_permission_names

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
    """The generated groups ``user``'s assignments in force put them in."""
    wanted: set[int] = set()
    site_wide = dict(
        Group.objects.filter(name__in=[SECRETARIES_ROLE_GROUP, REVIEWERS_ROLE_GROUP]).values_list(
            "name", "pk"
        )
    )
    permissions: dict[int, set[str]] = {}
    for assignment in assignments_in_force(user=user).select_related("role"):
        role: Role = assignment.role
        if role.pk not in permissions:
            permissions[role.pk] = role_permission_names(role=role)
        held = permissions[role.pk]
        groups = OrganisationContentGroups.objects.filter(
            organisation_id=assignment.organisation_id
        ).first()
        if EDIT in held and groups is not None:
            wanted.add(groups.editors_id)
        if BRANCH_REVIEW in held:
            if groups is not None:
                wanted.add(groups.secretaries_id)
            if SECRETARIES_ROLE_GROUP in site_wide:
                wanted.add(site_wide[SECRETARIES_ROLE_GROUP])
        if COMMITTEE_REVIEW in held and REVIEWERS_ROLE_GROUP in site_wide:
            wanted.add(site_wide[REVIEWERS_ROLE_GROUP])
    return wanted


def content_groups_sync(*, user: User) -> None:
    """Put ``user`` in exactly the generated groups their assignments call for."""
    managed = _managed_group_ids()
    wanted = content_groups_for_user(user=user)
    current = set(user.groups.filter(pk__in=managed).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
    for attribute in ("_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attribute, None)


def role_assignments_changed_receiver(sender, *, user: User, **kwargs) -> None:
    """partybuild.signals.role_assignments_changed → :func:`content_groups_sync`."""
    content_groups_sync(user=user)
