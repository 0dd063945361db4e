"""Reads of 书记信箱: the letters a user may answer or wrote, and where a letter is emailed."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from partybuild.models import Organisation, SecretaryLetter, User
from partybuild.selectors.organisations import organisation_scope_for_user


def letter_branch_secretary_emails(*, organisation: Organisation) -> list[str]:
    """The addresses of a branch's secretary: the active accounts that administer exactly this
    organisation and have an email address (Organisation has no secretary field)."""
    return sorted(
        set(
            User.objects.filter(is_active=True, administered_organisation=organisation)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def letter_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[SecretaryLetter]:
    """Letters from members of the organisations the user administers."""
    return SecretaryLetter.objects.filter(organisation__in=organisation_scope_for_user(user=user))


def letter_list_managed(
    *, user: User | AnonymousUser, status: str | None = None
) -> QuerySet[SecretaryLetter]:
    """The administrators' list, newest first."""
    queryset = letter_scope_for_user(user=user).select_related(
        "organisation", "sender", "replied_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def letter_list_mine(*, user: User) -> QuerySet[SecretaryLetter]:
    """The letters the user wrote, with replies."""
    return (
        SecretaryLetter.objects.filter(sender=user)
        .select_related("organisation", "replied_by")
        .order_by("-created_at", "-pk")
    )
