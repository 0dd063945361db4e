"""Reads of 微心得: administrators see their subtree's; members see the approved ones of their
area (the same 党委 area as 微心愿, see partybuild.memberservices.selectors.wishes) and all of
their own."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from partybuild.memberservices.models import ExperienceStatus, MicroExperience
from partybuild.memberservices.selectors.wishes import wish_area_root
from partybuild.models import Member, User
from partybuild.selectors.organisations import organisation_scope_for_user


def _with_relations(queryset: QuerySet[MicroExperience]) -> QuerySet[MicroExperience]:
    return queryset.select_related("author", "organisation", "image", "attachment")


def experience_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[MicroExperience]:
    """微心得 of the organisations the user administers."""
    return MicroExperience.objects.filter(
        organisation__in=organisation_scope_for_user(user=user).values("pk")
    )


def experience_list_admin(
    *,
    user: User | AnonymousUser,
    status: str | None = None,
    organisation_id: int | None = None,
) -> QuerySet[MicroExperience]:
    """The administrator's 微心得, newest first; ``organisation_id`` takes its subtree."""
    experiences = _with_relations(experience_scope_for_user(user=user))
    if status:
        experiences = experiences.filter(status=status)
    if organisation_id is not None:
        root = organisation_scope_for_user(user=user).filter(pk=organisation_id).first()
        if root is None:
            return experiences.none()
        experiences = experiences.filter(organisation__path__startswith=root.path)
    return experiences.order_by("-submitted_at", "-pk")


def experience_list_for_member(*, member: Member) -> QuerySet[MicroExperience]:
    """Approved 微心得 of the member's area, newest first."""
    area = wish_area_root(organisation=member.organisation)
    return _with_relations(
        MicroExperience.objects.filter(
            status=ExperienceStatus.APPROVED, organisation__path__startswith=area.path
        )
    ).order_by("-submitted_at", "-pk")


def experience_list_mine(*, member: Member) -> QuerySet[MicroExperience]:
    """The member's own 微心得 in every state, newest first."""
    return _with_relations(MicroExperience.objects.filter(author=member)).order_by(
        "-submitted_at", "-pk"
    )
