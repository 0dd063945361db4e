"""Reads of accounts for delegated user administration (管理员管理), scoped to a user.

An account belongs to an administrator's subtree when it is placed there — by its 所属党组织
(``User.organisation``), by the organisation it administers or by its member dossier — and by
nothing outside it: an account that administers
a higher organisation stays out of reach of a branch administrator, even if its owner's dossier
is in that branch. Accounts placed nowhere, and superusers, are for superusers only.
"""

from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import Q, QuerySet
from wagtail import hooks

from partybuild.models import User
from partybuild.selectors.organisations import organisation_scope_for_user

#: Wagtail hook through which other apps name the groups they made for organisations (content:
#: the 编辑 and 书记 groups of each organisation's subtree). Each function receives
#: ``organisations`` (a QuerySet) and returns a QuerySet of the Groups made for them.
ORGANISATION_GROUPS_HOOK = "partybuild_organisation_groups"


def user_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[User]:
    """Accounts the user may administer: all for a superuser, else those placed in their subtree."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    root = user.administered_organisation
    if root is None:
        return User.objects.none()
    placed_inside = Q(organisation__path__startswith=root.path)
    administers_inside = Q(administered_organisation__path__startswith=root.path)
    dossier_inside = Q(member__organisation__path__startswith=root.path)
    return User.objects.filter(
        placed_inside | administers_inside | dossier_inside,
        Q(organisation__isnull=True) | placed_inside,
        Q(administered_organisation__isnull=True) | administers_inside,
        Q(member__isnull=True) | dossier_inside,
        is_superuser=False,
    )


def user_is_in_scope(*, user: User | AnonymousUser, account: User) -> bool:
    """Whether ``user`` may administer ``account`` (their own account included)."""
    if user.is_authenticated and user.is_active and account.pk == user.pk:
        return True
    return user_scope_for_user(user=user).filter(pk=account.pk).exists()


def user_grantable_groups(*, user: User | AnonymousUser) -> QuerySet[Group]:
    """Groups the user may give to an account: any for a superuser; else the groups they belong
    to and the groups made for organisations of their subtree."""
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    if user.is_superuser:
        return Group.objects.all()
    grantable = Q(pk__in=user.groups.values("pk"))
    organisations = organisation_scope_for_user(user=user)
    for organisation_groups in hooks.get_hooks(ORGANISATION_GROUPS_HOOK):
        grantable |= Q(pk__in=organisation_groups(organisations=organisations).values("pk"))
    return Group.objects.filter(grantable)
