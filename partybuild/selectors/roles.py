"""Reads of roles and assignments: which roles are in force, an account's scope and what it may
grant (docs/architecture.md, "Who sees what").

An account's scope is the union of the subtrees of its assignments of roles in force — a role
grants nothing while it or an ancestor is disabled. ``User.administered_organisation`` no longer
grants anything; the selectors here are the one source of scope.
"""

import copy
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Q, QuerySet

from partybuild.models import Organisation, Role, RoleAssignment, User

#: Where an account caches its scope's root paths (cleared by the assignment services).
SCOPE_CACHE = "_partybuild_scope_paths"
#: Where an account caches the roles in force for the request (its scope and its permissions
#: both ask; cleared with the scope).
EFFECTIVE_ROLES_CACHE = "_partybuild_effective_roles"


def role_effective_ids() -> set[int]:
    """The pks of the roles in force: enabled, and every ancestor enabled (one query)."""
    rows = {
        pk: (parent_id, enabled)
        for pk, parent_id, enabled in Role.objects.values_list("pk", "parent_id", "is_enabled")
    }
    effective: set[int] = set()
    for pk in rows:
        seen, current = set(), pk
        while current is not None and current not in seen:
            seen.add(current)
            parent_id, enabled = rows[current]
            if not enabled:
                break
            current = parent_id
        else:
            effective.add(pk)
    return effective


def role_is_effective(*, role: Role) -> bool:
    """Whether ``role`` is in force (it and all its ancestors enabled)."""
    return role.pk in role_effective_ids()


def role_ancestors(*, role: Role) -> list[Role]:
    """``role``'s parent, grandparent, … (nearest first)."""
    ancestors, seen, current = [], {role.pk}, role.parent
    while current is not None and current.pk not in seen:
        ancestors.append(current)
        seen.add(current.pk)
        current = current.parent
    return ancestors


def role_descendant_ids(*, roles: set[int]) -> set[int]:
    """``roles`` and every role below them."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Role.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = set(roles), list(roles)
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def role_permission_names(*, role: Role) -> set[str]:
    """``role``'s own permissions as ``app.codename``."""
    return {
        f"{app_label}.{codename}"
        for app_label, codename in role.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def assignments_in_force(*, user: User) -> QuerySet[RoleAssignment]:
    """``user``'s assignments of roles in force (none for an inactive account)."""
    if not user.is_authenticated or not user.is_active:
        return RoleAssignment.objects.none()
    effective = user.__dict__.get(EFFECTIVE_ROLES_CACHE)
    if effective is None:
        effective = user.__dict__[EFFECTIVE_ROLES_CACHE] = role_effective_ids()
    return RoleAssignment.objects.filter(user=user, role_id__in=effective)


def user_role_permissions(*, user: User) -> set[str]:
    """The union of the permissions (``app.codename``) of ``user``'s roles in force."""
    rows = Permission.objects.filter(
        partybuild_roles__assignments__in=assignments_in_force(user=user)
    ).values_list("content_type__app_label", "codename")
    return {f"{app_label}.{codename}" for app_label, codename in rows.distinct()}


def minimal_paths(paths) -> list[str]:
    """``paths`` without those inside another (the roots of their union), sorted."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def user_scope_paths(*, user: User | AnonymousUser) -> list[str] | None:
    """The paths of the roots of ``user``'s scope: None for everything (an active superuser),
    [] for nothing. Cached on the account object for the request."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, SCOPE_CACHE, None)
    if cached is None:
        cached = minimal_paths(
            assignments_in_force(user=user).values_list("organisation__path", flat=True)
        )
        setattr(user, SCOPE_CACHE, cached)
    return list(cached)


def user_scope_forget(*, user: User) -> None:
    """Drop the scope and permissions cached on ``user`` (after their assignments changed)."""
    for attribute in (
        SCOPE_CACHE,
        EFFECTIVE_ROLES_CACHE,
        "_partybuild_scope_whole_tree",
        "_perm_cache",
        "_role_perm_cache",
        "_group_perm_cache",
    ):
        if hasattr(user, attribute):
            delattr(user, attribute)


def paths_q(paths: list[str] | None, lookup: str = "") -> Q:
    """A Q selecting rows whose organisation (``lookup``, '' for an Organisation) lies under one
    of ``paths``: everything for None, nothing for []."""
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    field = f"{lookup}__path__startswith" if lookup else "path__startswith"
    return reduce(or_, (Q(**{field: path}) for path in paths))


def scope_q(*, user: User | AnonymousUser, lookup: str = "") -> Q:
    """:func:`paths_q` over ``user``'s scope."""
    return paths_q(user_scope_paths(user=user), lookup)


def path_in_scope(*, user: User | AnonymousUser, path: str) -> bool:
    """Whether the organisation at ``path`` lies in ``user``'s scope."""
    paths = user_scope_paths(user=user)
    return paths is None or any(path.startswith(root) for root in paths)


def user_scope_roots(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations at the roots of ``user``'s scope, in tree order (all roots of the tree
    for a superuser)."""
    paths = user_scope_paths(user=user)
    if paths is None:
        return Organisation.objects.filter(depth=1).order_by("path")
    return Organisation.objects.filter(path__in=paths).order_by("path")


def administrators_of(*, organisations) -> QuerySet[User]:
    """Active accounts holding a role in force on exactly one of ``organisations``."""
    return User.objects.filter(
        is_active=True,
        pk__in=RoleAssignment.objects.filter(
            organisation__in=organisations, role_id__in=role_effective_ids()
        ).values("user_id"),
    )


def user_assignment_organisation_ids(*, user: User) -> set[int]:
    """The organisations ``user`` holds a role in force on exactly (not their subtrees)."""
    return set(assignments_in_force(user=user).values_list("organisation_id", flat=True))


def role_list(*, user: User | AnonymousUser) -> QuerySet[Role]:
    """Roles for the 角色管理 listing: every role for a superuser or a holder of
    ``partybuild.view_role``, else none."""
    if not user.is_authenticated or not user.is_active:
        return Role.objects.none()
    if user.is_superuser or user.has_perm("partybuild.view_role"):
        return Role.objects.select_related("parent").order_by("order", "code")
    return Role.objects.none()


def role_grantable_for_user(*, user: User | AnonymousUser) -> QuerySet[Role]:
    """Roles ``user`` may grant: any for a superuser; else the roles in force they hold and their
    descendants (docs/architecture.md, "Who sees what": delegation without escalation)."""
    if not user.is_authenticated or not user.is_active:
        return Role.objects.none()
    if user.is_superuser:
        return Role.objects.all()
    held = set(assignments_in_force(user=user).values_list("role_id", flat=True))
    return Role.objects.filter(pk__in=role_descendant_ids(roles=held))


def role_grant_organisations(*, user: User | AnonymousUser, role: Role) -> QuerySet[Organisation]:
    """Organisations on which ``user`` may grant ``role``: any for a superuser; else the subtrees
    where they hold ``role`` or one of its ancestors (in force)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    holders = {role.pk, *(ancestor.pk for ancestor in role_ancestors(role=role))}
    paths = minimal_paths(
        assignments_in_force(user=user)
        .filter(role_id__in=holders)
        .values_list("organisation__path", flat=True)
    )
    return Organisation.objects.filter(paths_q(paths))


def assignment_list_for_account(*, account: User) -> QuerySet[RoleAssignment]:
    """``account``'s assignments for the 角色分配 page, in role and tree order."""
    return (
        RoleAssignment.objects.filter(user=account)
        .select_related("role", "organisation", "granted_by")
        .order_by("role__order", "role__code", "organisation__path")
    )


def user_administers(user: User | AnonymousUser, permission: str | None = None) -> bool:
    """Whether ``user`` is an active superuser, or holds a role in force on an organisation and,
    when ``permission`` (``app.codename``) is given, that permission: the one rule of the admin's
    shared registers and of the app API's administrators' operations."""
    if not (user.is_authenticated and user.is_active and user_scope_paths(user=user) != []):
        return False
    return permission is None or user.is_superuser or user.has_perm(permission)


def user_narrowed_to(*, user: User, organisation: Organisation) -> User:
    """A copy of ``user`` whose scope is ``organisation``'s subtree alone, for the figures of one
    subtree the user administers (the 数据大屏): the scoped selectors read it like an account
    holding one assignment there. The copy is never a superuser and never saved; check the
    account's permissions on ``user`` itself."""
    narrowed = copy.copy(user)  # of the account itself, also for request.user's lazy object
    for key in [key for key in narrowed.__dict__ if key.endswith("_cache")]:
        del narrowed.__dict__[key]
    narrowed.is_superuser = False
    narrowed.__dict__[SCOPE_CACHE] = [organisation.path]
    return narrowed
