"""App API: 党代表 — a representative lists his own terms and records his 联系党员群众 activities
and 提案/建议 (another account's representative is 404); a member sees the representatives in
office of his constituency (his organisation or one above it)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.representatives import services
from partybuild.representatives.models import ContactActivity, Proposal, Representative
from partybuild.representatives.selectors import (
    representative_list_for_constituency,
    representative_list_for_member,
)
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["党代表"])


class RepresentativeOut(Schema):
    """A representative's term: the congress, the constituency and the dates."""

    id: int
    name: str
    congress: str
    level: str
    level_label: str
    constituency: str
    term_start: datetime.date
    term_end: datetime.date
    ended_on: datetime.date | None


class ActivityIn(Schema):
    """A 联系党员群众 activity recorded by the representative."""

    date: datetime.date
    place: str = Field(..., max_length=200)
    content: str = Field(..., max_length=2000)
    people_reached: int = Field(..., ge=1, le=100000)


class ActivityOut(ActivityIn):
    """A recorded 联系党员群众 activity."""

    id: int


class ProposalIn(Schema):
    """A 提案/建议 submitted by the representative."""

    title: str = Field(..., max_length=200)
    content: str = Field(..., max_length=5000)
    submitted_on: datetime.date
    handling_organisation: str = Field("", max_length=200)


class ProposalOut(ProposalIn):
    """A 提案/建议 with its handling and reply."""

    id: int
    status: str
    status_label: str
    reply: str
    replied_on: datetime.date | None


def representative_data(rep: Representative) -> dict:
    return {
        "id": rep.pk,
        "name": rep.member.name,
        "congress": str(rep.congress),
        "level": rep.congress.level,
        "level_label": rep.congress.get_level_display(),
        "constituency": rep.constituency.name,
        "term_start": rep.congress.term_start,
        "term_end": rep.congress.term_end,
        "ended_on": rep.ended_on,
    }


def activity_data(activity: ContactActivity) -> dict:
    return {
        "id": activity.pk,
        "date": activity.date,
        "place": activity.place,
        "content": activity.content,
        "people_reached": activity.people_reached,
    }


def proposal_data(proposal: Proposal) -> dict:
    return {
        "id": proposal.pk,
        "title": proposal.title,
        "content": proposal.content,
        "submitted_on": proposal.submitted_on,
        "handling_organisation": proposal.handling_organisation,
        "status": proposal.status,
        "status_label": proposal.get_status_display(),
        "reply": proposal.reply,
        "replied_on": proposal.replied_on,
    }


def _mine(request, representative_id: int) -> Representative:
    return get_object_or_404(
        representative_list_for_member(user=request.user), pk=representative_id
    )


@router.get(
    "mine",
    response={200: list[RepresentativeOut], **error_responses()},
    summary="我的党代表任职",
)
def representative_list_mine(request):
    return [representative_data(rep) for rep in representative_list_for_member(user=request.user)]


@router.get(
    "constituency",
    response={200: list[RepresentativeOut], **error_responses()},
    summary="本选举单位在任的党代表（党员）",
)
def representative_list_constituency(request):
    return [
        representative_data(rep) for rep in representative_list_for_constituency(user=request.user)
    ]


@router.get(
    "{representative_id}/activities",
    response={200: list[ActivityOut], **error_responses(404)},
    summary="我的联系党员群众活动（党代表本人）",
)
@paginate(AppPagination)
def representative_activity_list(request, representative_id: ObjectId):
    rep = _mine(request, representative_id)
    return Mapped(rep.activities.order_by("-date", "-pk"), activity_data)


@router.post(
    "{representative_id}/activities",
    response={201: ActivityOut, **error_responses(403, 404)},
    summary="登记联系党员群众活动（党代表本人）",
)
def representative_activity_create(request, representative_id: ObjectId, payload: ActivityIn):
    rep = _mine(request, representative_id)
    activity = services.contact_activity_record(
        representative=rep, actor=request.user, **payload.dict()
    )
    return Status(201, activity_data(activity))


@router.get(
    "{representative_id}/proposals",
    response={200: list[ProposalOut], **error_responses(404)},
    summary="我的提案建议（党代表本人）",
)
@paginate(AppPagination)
def representative_proposal_list(request, representative_id: ObjectId):
    rep = _mine(request, representative_id)
    return Mapped(rep.proposals.order_by("-submitted_on", "-pk"), proposal_data)


@router.post(
    "{representative_id}/proposals",
    response={201: ProposalOut, **error_responses(403, 404)},
    summary="提交提案建议（党代表本人）",
)
def representative_proposal_create(request, representative_id: ObjectId, payload: ProposalIn):
    rep = _mine(request, representative_id)
    proposal = services.proposal_submit(representative=rep, actor=request.user, **payload.dict())
    return Status(201, proposal_data(proposal))
