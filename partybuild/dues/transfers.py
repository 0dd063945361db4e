"""党费 and 组织关系转接 (docs/domain.md §6): what the kernel's transfers learn from dues, and what
dues do when a transfer is accepted. Registered from the app's AppConfig.ready, so the kernel
never imports this app."""

import datetime

from partybuild.core.versioned_cache import DUES, cache_version_bump
from partybuild.dues.models import DuesAssessment
from partybuild.dues.selectors import dues_paid_until
from partybuild.models import Member, Transfer
from partybuild.services.transfers import transfer_dues_paid_until_source_register
from partybuild.signals import transfer_accepted


def _paid_until(member: Member) -> datetime.date | None:
    """A new letter's default 党费交至: the month up to which the member's dues are paid."""
    return dues_paid_until(member=member)


def dues_transfer_accepted(sender, transfer: Transfer, **kwargs) -> None:
    """The receiver charges from the month after 党费交至 (docs/domain.md §6): the months from
    then that the sender assessed while the letter was on its way and that are still wholly
    unpaid become the receiver's, so no month is charged by both sides. A month the member has
    paid something of stays with the side that collected it."""
    DuesAssessment.objects.filter(
        member_id=transfer.member_id,
        month__gte=transfer.dues_charged_from,
        paid_amount=0,
    ).exclude(organisation_id=transfer.to_organisation_id).update(
        organisation_id=transfer.to_organisation_id
    )
    cache_version_bump(DUES)  # an update() sends no post_save: retire the cached reports


def register() -> None:
    """Connect dues to the kernel's transfers."""
    transfer_dues_paid_until_source_register(_paid_until)
    transfer_accepted.connect(dues_transfer_accepted, dispatch_uid="dues_transfer_accepted")
