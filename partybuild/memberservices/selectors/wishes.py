"""Reads of 微心愿.

Administrators see the wishes of their subtree. Members see the published wishes of their
*area*: the subtree of the nearest 党委 (基层党委) above their own organisation — e.g. a member of
一支部 under 一总支 under 机关党委 sees the wishes of every branch of 机关党委, not those of a
neighbouring 乡镇党委. (Without any 党委 above, the area is the top of their tree.) Listings
first expire overdue wishes, so nobody is offered a wish past its deadline.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from partybuild.memberservices.models import MicroWish, WishStatus
from partybuild.models import Member, Organisation, OrganisationType, User
from partybuild.selectors.organisations import organisation_scope_for_user


def wish_area_root(*, organisation: Organisation) -> Organisation:
    """The nearest 党委 at or above ``organisation`` (else the root of its tree); one query."""
    step = Organisation.steplen
    ancestors = [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]
    candidates = list(
        Organisation.objects.filter(path__in=ancestors).only("pk", "path", "org_type", "depth")
    )
    committees = [o for o in candidates if o.org_type == OrganisationType.COMMITTEE]
    pool = committees or candidates
    return max(pool, key=lambda o: o.depth) if committees else min(pool, key=lambda o: o.depth)


def _expire() -> None:
    from partybuild.memberservices.services.wishes import wish_expire_overdue

    wish_expire_overdue()


def _with_relations(queryset: QuerySet[MicroWish]) -> QuerySet[MicroWish]:
    return queryset.select_related("organisation", "image", "claimed_by", "fulfilment_photo")


def wish_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[MicroWish]:
    """Wishes of the organisations the user administers."""
    return MicroWish.objects.filter(
        organisation__in=organisation_scope_for_user(user=user).values("pk")
    )


def wish_list_admin(
    *,
    user: User | AnonymousUser,
    status: str | None = None,
    organisation_id: int | None = None,
) -> QuerySet[MicroWish]:
    """The administrator's wishes, newest first; ``organisation_id`` takes its subtree."""
    _expire()
    wishes = _with_relations(wish_scope_for_user(user=user))
    if status:
        wishes = wishes.filter(status=status)
    if organisation_id is not None:
        root = organisation_scope_for_user(user=user).filter(pk=organisation_id).first()
        if root is None:
            return wishes.none()
        wishes = wishes.filter(organisation__path__startswith=root.path)
    return wishes.order_by("-created_at", "-pk")


def wish_list_for_member(*, member: Member) -> QuerySet[MicroWish]:
    """Published wishes of the member's area, nearest deadline first."""
    _expire()
    area = wish_area_root(organisation=member.organisation)
    return _with_relations(
        MicroWish.objects.filter(
            status=WishStatus.PUBLISHED, organisation__path__startswith=area.path
        )
    ).order_by("deadline", "pk")


def wish_visible_to_user(*, user: User, member: Member | None) -> QuerySet[MicroWish]:
    """What a user may open in the app: the wishes they administer, and (as a member) the
    published wishes of their area and those they claimed."""
    condition = Q(organisation__in=organisation_scope_for_user(user=user).values("pk"))
    if member is not None:
        area = wish_area_root(organisation=member.organisation)
        condition |= Q(status=WishStatus.PUBLISHED, organisation__path__startswith=area.path)
        condition |= Q(claimed_by=member)
    return _with_relations(MicroWish.objects.filter(condition))


def wish_claim_candidates(*, member: Member) -> QuerySet[MicroWish]:
    """Wishes a member may try to claim: those of their area past review, so someone who was a
    moment too late learns that it was claimed (rather than that it does not exist)."""
    area = wish_area_root(organisation=member.organisation)
    return MicroWish.objects.filter(organisation__path__startswith=area.path).exclude(
        status__in=(WishStatus.PENDING, WishStatus.REJECTED)
    )


def wish_list_mine(*, member: Member) -> QuerySet[MicroWish]:
    """The wishes ``member`` claimed, newest claim first."""
    return _with_relations(MicroWish.objects.filter(claimed_by=member)).order_by(
        "-claimed_at", "-pk"
    )
