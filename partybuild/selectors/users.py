"""Reads of accounts for delegated user administration (管理员管理), scoped to a user.

An account belongs to an administrator's scope when it is placed there — by its 所属党组织
(``User.organisation``), by the organisations of its role assignments, by its member dossier, or
by the former ``administered_organisation`` (a placement only: it grants nothing) — and by nothing
outside it: an account placed, or holding a role, on a higher organisation stays out of reach of
a branch administrator, even if its owner's dossier is in that branch. Accounts placed nowhere,
and superusers, are for superusers only.

Also the account a member signs in to with their 手机号码 (:func:`account_for_phone_sign_in`).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from partybuild.core.validators import normalise_phone
from partybuild.models import Member, RoleAssignment, User
from partybuild.models.identity import phone_lookup
from partybuild.selectors.roles import paths_q, user_scope_paths


def user_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[User]:
    """Accounts the user may administer: all for a superuser, else those placed in their subtree."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    paths = user_scope_paths(user=user)
    if not paths:
        return User.objects.none()
    placed_inside = paths_q(paths, "organisation")
    administers_inside = paths_q(paths, "administered_organisation")
    dossier_inside = paths_q(paths, "member__organisation")
    assigned_inside = Q(
        pk__in=RoleAssignment.objects.filter(paths_q(paths, "organisation")).values("user_id")
    )
    assigned_outside = Q(
        pk__in=RoleAssignment.objects.exclude(paths_q(paths, "organisation")).values("user_id")
    )
    return User.objects.filter(
        placed_inside | administers_inside | dossier_inside | assigned_inside,
        Q(organisation__isnull=True) | placed_inside,
        Q(administered_organisation__isnull=True) | administers_inside,
        Q(member__isnull=True) | dossier_inside,
        ~assigned_outside,
        is_superuser=False,
    )


def user_is_in_scope(*, user: User | AnonymousUser, account: User) -> bool:
    """Whether ``user`` may administer ``account`` (their own account included)."""
    if user.is_authenticated and user.is_active and account.pk == user.pk:
        return True
    return user_scope_for_user(user=user).filter(pk=account.pk).exists()


def account_for_phone_sign_in(*, phone: str) -> User | None:
    """The one active account a whole 手机号码 signs in to: the account whose own number it is or
    whose member dossier has it (partybuild.models.identity.phone_lookup, through the blind
    index). None when the value is not a number, no account has it, or several do — an
    ambiguous number signs in to nobody, and the member uses their 账号 instead."""
    normalised = normalise_phone(phone)
    if not normalised.isdigit():
        return None
    dossiers = Member.objects.filter(phone_lookup(normalised)).values("user_id")
    found = list(
        User.objects.filter(is_active=True)
        .filter(phone_lookup(normalised) | Q(pk__in=dossiers))
        .distinct()[:2]
    )
    return found[0] if len(found) == 1 else None
