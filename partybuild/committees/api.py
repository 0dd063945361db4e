"""App API: 我的支部 — a member's own branch (a 党小组's parent) and its current committee, names
and posts only: no phone, no ID, nothing else of anyone's dossier. An account without a member
record on the roll gets an empty answer."""

import datetime

from ninja import Router, Schema
from pydantic import Field

from partybuild.committees.selectors import committee_term_current, member_branch_directory
from partysite.api.errors import error_responses

router = Router(tags=["我的支部"])


class BranchMemberOut(Schema):
    """A member of the branch's committee: name and post only."""

    name: str
    post: str = Field(description="secretary 书记 / deputy_secretary 副书记 / … / member 委员")
    post_label: str


class BranchTermOut(Schema):
    """The dates of the branch committee's current term."""

    starts_on: datetime.date
    ends_on: datetime.date


class BranchOut(Schema):
    """我的支部: the member's branch and its current committee."""

    organisation_id: int | None = Field(description="本人所在党支部；没有党员档案时为空")
    organisation: str
    org_type_label: str
    term: BranchTermOut | None = Field(description="本届班子任期；尚未登记时为空")
    committee: list[BranchMemberOut] = Field(description="本届班子成员，书记在前")


@router.get(
    "",
    response={200: BranchOut, **error_responses()},
    summary="我的支部（党员）",
    description="本人所在党支部及本届班子成员（只有姓名和职务）。",
)
def branch_directory(request):
    found = member_branch_directory(user=request.user)
    if found is None:
        return {
            "organisation_id": None,
            "organisation": "",
            "org_type_label": "",
            "term": None,
            "committee": [],
        }
    organisation, seats = found
    term = committee_term_current(organisation=organisation)
    return {
        "organisation_id": organisation.pk,
        "organisation": organisation.name,
        "org_type_label": organisation.get_org_type_display(),
        "term": {"starts_on": term.starts_on, "ends_on": term.ends_on} if term else None,
        "committee": [
            {
                "name": seat.member.name,
                "post": seat.post,
                "post_label": seat.get_post_display(),
            }
            for seat in seats
        ],
    }
