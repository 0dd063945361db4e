"""Reads of 组织关系转接, scoped to the requesting user.

A transfer concerns two ends: an administrator sees it when either its sending or its receiving
organisation lies in their subtree (a superuser sees all). A 待接收 transfer whose letter is past
its validity reads as 已过期 everywhere (docs/domain.md §6), before a command marks it so.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from partybuild.models import Member, Transfer, TransferStatus, User
from partybuild.selectors.members import member_is_in_scope
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.roles import scope_q


def transfer_lapsed_q(*, prefix: str = "") -> Q:
    """Transfers still 待接收 after the last day of their letter's validity (docs/domain.md §6);
    ``prefix`` names the relation from another model (``"transfers__"``)."""
    return Q(
        **{
            f"{prefix}status": TransferStatus.PENDING,
            f"{prefix}letter_valid_until__lt": timezone.localdate(),
        }
    )


def transfer_lapsed() -> QuerySet[Transfer]:
    """Every transfer whose letter has lapsed but is not yet marked 已过期."""
    return Transfer.objects.filter(transfer_lapsed_q())


def transfer_in_progress() -> QuerySet[Transfer]:
    """Transfers still in progress: 待接收 with a letter within its validity (or none)."""
    return Transfer.objects.filter(status=TransferStatus.PENDING).exclude(transfer_lapsed_q())


def transfer_filter_status(transfers: QuerySet[Transfer], status: str) -> QuerySet[Transfer]:
    """``transfers`` with the status they have today: 待接收 leaves out lapsed letters, 已过期
    takes them in with those marked so (docs/domain.md §6)."""
    if status == TransferStatus.PENDING:
        return transfers.filter(status=status).exclude(transfer_lapsed_q())
    if status == TransferStatus.EXPIRED:
        return transfers.filter(Q(status=status) | transfer_lapsed_q())
    return transfers.filter(status=status)


def transfer_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Transfer]:
    """Transfers whose sending or receiving organisation the user administers."""
    if not user.is_authenticated or not user.is_active:
        return Transfer.objects.none()
    if user.is_superuser:
        return Transfer.objects.all()
    return Transfer.objects.filter(
        scope_q(user=user, lookup="from_organisation")
        | scope_q(user=user, lookup="to_organisation")
    )


def transfer_is_visible(*, user: User | AnonymousUser, transfer: Transfer) -> bool:
    """Whether the user administers either end of ``transfer``."""
    return any(
        organisation is not None and organisation_is_in_scope(user=user, organisation=organisation)
        for organisation in (transfer.from_organisation, transfer.to_organisation)
    )


def transfer_list(*, user: User | AnonymousUser) -> QuerySet[Transfer]:
    """The user's transfers for listings, newest first, with both ends and the member."""
    return (
        transfer_scope_for_user(user=user)
        .select_related("member", "from_organisation", "to_organisation", "started_by")
        .order_by("-started_at", "-pk")
    )


def transfer_incoming_pending(*, user: User | AnonymousUser) -> QuerySet[Transfer]:
    """Pending transfers the user may accept or return (the receiving end is in scope); a lapsed
    letter is no longer among them."""
    queryset = transfer_filter_status(transfer_list(user=user), TransferStatus.PENDING)
    if user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(scope_q(user=user, lookup="to_organisation"))


def transfer_outgoing_pending(*, user: User | AnonymousUser) -> QuerySet[Transfer]:
    """Pending transfers the user may revoke (the sending end is in scope), lapsed letters aside."""
    pending = transfer_filter_status(transfer_list(user=user), TransferStatus.PENDING)
    return _sent_by_user(user=user, transfers=pending)


def transfer_outgoing_expired(*, user: User | AnonymousUser) -> QuerySet[Transfer]:
    """Letters the user's subtree issued that expired unreceived (to issue again, §6)."""
    expired = transfer_filter_status(transfer_list(user=user), TransferStatus.EXPIRED)
    return _sent_by_user(user=user, transfers=expired)


def _sent_by_user(
    *, user: User | AnonymousUser, transfers: QuerySet[Transfer]
) -> QuerySet[Transfer]:
    """``transfers`` whose sending end is in the user's subtree (all for a superuser)."""
    queryset = transfers
    if user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(scope_q(user=user, lookup="from_organisation"))


def transfer_history_for_member(
    *, user: User | AnonymousUser, member: Member
) -> QuerySet[Transfer]:
    """A member's transfers, oldest first, each with both ends.

    Whoever administers the member now (or the member themselves) sees the whole history,
    including where the member came from; anyone else sees only the transfers they were a
    party to.
    """
    queryset = (
        Transfer.objects.filter(member=member)
        .select_related("from_organisation", "to_organisation", "started_by", "decided_by")
        .order_by("started_at", "pk")
    )
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if member.user_id is not None and member.user_id == user.pk:
        return queryset
    if member_is_in_scope(user=user, member=member):
        return queryset
    return queryset.filter(pk__in=transfer_scope_for_user(user=user).values("pk"))


def transfer_list_filtered(
    *,
    user: User | AnonymousUser,
    status: str | None = None,
    kind: str | None = None,
    direction: str | None = None,
) -> QuerySet[Transfer]:
    """:func:`transfer_list` filtered like the admin listing (None: not filtered).

    ``direction`` is ``"incoming"`` (the receiving end is in the user's subtree) or
    ``"outgoing"`` (the sending end is); a transfer inside the subtree is both.
    """
    transfers = transfer_list(user=user)
    if status is not None:
        transfers = transfer_filter_status(transfers, status)
    if kind is not None:
        transfers = transfers.filter(kind=kind)
    if direction is None:
        return transfers
    end = {"incoming": "to_organisation", "outgoing": "from_organisation"}[direction]
    if user.is_authenticated and user.is_superuser:
        return transfers.filter(**{f"{end}__isnull": False})
    return transfers.filter(scope_q(user=user, lookup=end))
