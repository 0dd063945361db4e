"""Reads of 流动党员, always scoped to a user: outflows of members of the user's subtree (with
whether the branch has been in contact this quarter, as an SQL annotation, so lists have a
constant query count), inflows registered with branches of the subtree, and a member's own."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from partybuild.mobility.models import MobileContact, MobileInflow, MobileOutflow
from partybuild.models import User
from partybuild.selectors.roles import scope_q


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s calendar quarter (1 Jan, 1 Apr, 1 Jul, 1 Oct)."""
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def _contacted_this_quarter(today: datetime.date) -> Exists:
    return Exists(
        MobileContact.objects.filter(
            outflow=OuterRef("pk"),
            contacted_on__gte=quarter_start(today),
            contacted_on__lte=today,
        )
    )


def mobile_outflow_list(
    *,
    user: User,
    status: str | None = None,
    contact_due: bool | None = None,
    organisation_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[MobileOutflow]:
    """Outflows of members of the user's subtree, annotated ``contacted_this_quarter`` and
    ``contact_due`` (open and no contact since the quarter began, docs/domain.md §8). ``status``:
    ``open`` (外出中) or ``returned`` (已返回)."""
    today = today or timezone.localdate()
    outflows = (
        MobileOutflow.objects.filter(scope_q(user=user, lookup="member__organisation"))
        .select_related("member", "member__organisation")
        .annotate(contacted_this_quarter=_contacted_this_quarter(today))
    )
    if status == "open":
        outflows = outflows.filter(returned_on__isnull=True)
    elif status == "returned":
        outflows = outflows.filter(returned_on__isnull=False)
    if contact_due is not None:
        due = Q(returned_on__isnull=True, contacted_this_quarter=False)
        outflows = outflows.filter(due) if contact_due else outflows.exclude(due)
    if organisation_id:
        outflows = outflows.filter(member__organisation_id=organisation_id)
    return outflows.order_by("-left_on", "-pk")


def mobile_outflow_contact_due(
    *, user: User, today: datetime.date | None = None
) -> QuerySet[MobileOutflow]:
    """Open outflows of the user's subtree without a contact in the current quarter."""
    return mobile_outflow_list(user=user, contact_due=True, today=today).order_by(
        "member__organisation__path", "left_on", "pk"
    )


def mobile_outflow_is_contact_due(
    *, outflow: MobileOutflow, today: datetime.date | None = None
) -> bool:
    """The rule of ``contact_due`` for one outflow."""
    today = today or timezone.localdate()
    if outflow.returned_on is not None:
        return False
    return not outflow.contacts.filter(
        contacted_on__gte=quarter_start(today), contacted_on__lte=today
    ).exists()


def mobile_outflow_mine(
    *, user: User, today: datetime.date | None = None
) -> QuerySet[MobileOutflow]:
    """The signed-in member's own outflows, newest first, with their contact logs (annotated
    like :func:`mobile_outflow_list`)."""
    if not user.is_authenticated:
        return MobileOutflow.objects.none()
    return (
        MobileOutflow.objects.filter(member__user=user)
        .select_related("member", "member__organisation")
        .prefetch_related("contacts")
        .annotate(contacted_this_quarter=_contacted_this_quarter(today or timezone.localdate()))
        .order_by("-left_on", "-pk")
    )


def mobile_inflow_list(
    *, user: User, status: str | None = None, organisation_id: int | None = None
) -> QuerySet[MobileInflow]:
    """Inflows registered with branches of the user's subtree; ``status``: ``present`` (在本地)
    or ``left`` (已离开)."""
    inflows = MobileInflow.objects.filter(scope_q(user=user, lookup="organisation")).select_related(
        "organisation"
    )
    if status == "present":
        inflows = inflows.filter(left_on__isnull=True)
    elif status == "left":
        inflows = inflows.filter(left_on__isnull=False)
    if organisation_id:
        inflows = inflows.filter(organisation_id=organisation_id)
    return inflows.order_by("-arrived_on", "-pk")
