"""Reads of 书记信箱: the letters a user may answer or wrote, whom a member may write to, and
where a letter is emailed. A letter is for its addressed organisation's secretary only and for
superusers — not for the writer's own branch when it was addressed higher up, nor for the
organisations above the addressee. The secretary is the 书记 of the organisation's current
committee when that member has a login (partybuild.committees), and always the accounts
administering exactly that organisation (the only secretary known before committees were
registered)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.db.models.functions import Length

from partybuild.committees.selectors import (
    committee_secretary_organisation_ids,
    committee_secretary_organisations,
    committee_secretary_user,
)
from partybuild.memberservices.models import SecretaryLetter
from partybuild.models import Organisation, OrganisationType, User
from partybuild.selectors.roles import administrators_of, user_assignment_organisation_ids


def letter_branch_secretary_emails(*, organisation: Organisation) -> list[str]:
    """The addresses of an organisation's secretary: the current committee's 书记 when they have
    an active login with an email address; otherwise (no committee registered, no login, no
    address) the active accounts that administer exactly this organisation and have one."""
    secretary = committee_secretary_user(organisation=organisation)
    if secretary is not None and secretary.email:
        return [secretary.email]
    return sorted(
        set(
            administrators_of(organisations=[organisation])
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def letter_branch_of(*, organisation: Organisation) -> Organisation:
    """The branch whose secretary 「本支部书记」 means: a 党小组's parent branch."""
    if organisation.org_type == OrganisationType.GROUP:
        parent = organisation.get_parent()
        if parent is not None:
            return parent
    return organisation


def letter_top_organisation(*, organisation: Organisation) -> Organisation:
    """The top organisation of ``organisation``'s tree: the 管理部门 whose 书记信箱 is the
    site-wide mailbox."""
    return Organisation.objects.get(path=organisation.path[: Organisation.steplen])


def letter_mailbox_choices(*, organisation: Organisation) -> QuerySet[Organisation]:
    """The higher organisations whose 书记信箱 a member of ``organisation`` may write to: those
    above their branch, top first."""
    branch = letter_branch_of(organisation=organisation)
    step = Organisation.steplen
    paths = [branch.path[:end] for end in range(step, len(branch.path), step)]
    return Organisation.objects.filter(path__in=paths).order_by(Length("path"))


def letter_addressee_ids_for_user(*, user: User) -> set[int]:
    """The organisations whose letters ``user`` answers: those they administer exactly, and those
    whose current 书记 they are."""
    return user_assignment_organisation_ids(user=user) | committee_secretary_organisation_ids(
        user=user
    )


def letter_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[SecretaryLetter]:
    """Letters addressed to the organisation the user administers or is the 书记 of (a
    superuser: all)."""
    if not user.is_authenticated or not user.is_active:
        return SecretaryLetter.objects.none()
    if user.is_superuser:
        return SecretaryLetter.objects.all()
    return SecretaryLetter.objects.filter(
        Q(addressee_id__in=user_assignment_organisation_ids(user=user))
        | Q(addressee_id__in=committee_secretary_organisations(user=user))
    )


def letter_is_addressed_to(*, user: User | AnonymousUser, letter: SecretaryLetter) -> bool:
    """Whether ``user`` may read and answer ``letter`` (the same rule as the scope)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return letter.addressee_id in letter_addressee_ids_for_user(user=user)


def letter_list_managed(
    *, user: User | AnonymousUser, status: str | None = None
) -> QuerySet[SecretaryLetter]:
    """The administrators' list, newest first."""
    queryset = letter_scope_for_user(user=user).select_related(
        "organisation", "addressee", "sender", "replied_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def letter_list_mine(*, user: User) -> QuerySet[SecretaryLetter]:
    """The letters the user wrote, with replies."""
    return (
        SecretaryLetter.objects.filter(sender=user)
        .select_related("organisation", "addressee", "replied_by")
        .order_by("-created_at", "-pk")
    )
