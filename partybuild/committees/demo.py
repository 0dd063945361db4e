"""Demo 班子成员: a committee for every demo organisation that has one (docs/domain.md §1a),
from its own 正式党员 — a 支部委员会 (书记, 副书记 and 委员 with their duties) where a branch has 7
or more 正式党员, else a 书记 and a 副书记 — and, so that the 换届提醒 shows, the demo member
branch's term ending 4 months from today with its 换届请示 submitted. The other terms began a
year ago."""

import datetime

from django.utils import timezone

from partybuild.committees.admin.forms import eligible_members
from partybuild.committees.models import CommitteeTerm
from partybuild.committees.selectors import COMMITTEE_TYPES
from partybuild.committees.services import (
    Seat,
    committee_term_register,
    reelection_request_submit,
)
from partybuild.core.dates import add_months, add_years, month_start
from partybuild.models import Organisation
from partybuild.models.organisations import (
    BRANCH_COMMITTEE_MIN_FULL_MEMBERS,
    OrganisationType,
    organisation_term_years,
)

#: The posts of a full committee, in the order its members are taken.
COMMITTEE_POSTS = ("secretary", "deputy_secretary", "organisation", "publicity", "discipline")
#: A branch without a committee has a 书记 and a 副书记.
SMALL_BRANCH_POSTS = ("secretary", "deputy_secretary")


def _posts(organisation: Organisation, eligible: int) -> tuple[str, ...]:
    if (
        organisation.org_type == OrganisationType.BRANCH
        and eligible < BRANCH_COMMITTEE_MIN_FULL_MEMBERS
    ):
        return SMALL_BRANCH_POSTS
    return COMMITTEE_POSTS


def _reminded_start(organisation: Organisation, today: datetime.date) -> datetime.date:
    """The first day of a term that ends 4 months from today."""
    years = organisation_term_years(
        org_type=organisation.org_type,
        is_village_or_community=organisation.is_village_or_community,
    )
    return add_years(add_months(today, 4) + datetime.timedelta(days=1), -years)


def demo_committees_load(*, reminded_code: str, secretary_name: str) -> int:
    """Create the demo committees unless some exist; returns how many terms were created. The
    organisation of code ``reminded_code`` is the one whose term ends soon, and the member named
    ``secretary_name`` (the demo branch administrator) is the 书记 where they are a member."""
    if CommitteeTerm.objects.exists():
        return 0
    today = timezone.localdate()
    usual_start = month_start(add_months(today, -12))
    created = 0
    organisations = Organisation.objects.filter(org_type__in=COMMITTEE_TYPES).order_by("path")
    for organisation in organisations:
        members = list(eligible_members(organisation).filter(organisation=organisation))
        if organisation.org_type != OrganisationType.BRANCH:
            members = list(eligible_members(organisation).order_by("pk"))
        if not members:
            continue
        members.sort(key=lambda member: (member.name != secretary_name, member.pk))
        posts = _posts(organisation, len(members))
        seats = [Seat(member, post) for member, post in zip(members, posts, strict=False)]
        reminded = organisation.code == reminded_code
        start = _reminded_start(organisation, today) if reminded else usual_start
        committee_term_register(
            organisation=organisation,
            starts_on=start,
            seats=seats,
            actor=None,
            approval_number=f"慈组〔{start:%Y}〕{created + 1}号",
        )
        created += 1
        if reminded:
            reelection_request_submit(
                organisation=organisation,
                requested_on=today,
                request_number=f"UI支〔{today:%Y}〕3号",
                actor=None,
            )
    return created
