"""App API: 流动党员 — for administrators, the outflows and inflows of their subtree (the
quarter's contact flag included) and recording a contact; for a member, their own outflow
records with the branch's contact log (``mine``).

Members are refused the administrators' operations (403); a record outside the caller's subtree
is 404. Phone numbers are masked with the one masking function."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.core.privacy import mask_identifier
from partybuild.mobility import selectors, services
from partybuild.mobility.models import ContactWay, MobileInflow, MobileOutflow
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["流动党员"])

VIEW = "mobility.view_mobileoutflow"
CHANGE = "mobility.change_mobileoutflow"


class ContactOut(Schema):
    """One entry of an outflow's contact log."""

    id: int
    contacted_on: datetime.date
    way: str
    way_label: str
    content: str


class OutflowOut(Schema):
    """A 流出党员 record with this quarter's contact flag (phone masked)."""

    id: int
    member_id: int
    member: str
    organisation: str
    destination: str
    destination_organisation: str
    destination_contact: str
    left_on: datetime.date
    reason: str
    reason_label: str
    contact_phone: str = Field(description="外出期间联系电话（已脱敏）")
    certificate_number: str = Field(description="流动党员活动证号")
    returned_on: datetime.date | None
    contacted_this_quarter: bool = Field(description="本季度党支部已与其联系")
    contact_due: bool = Field(description="外出中且本季度尚未联系")


class OutflowDetailOut(OutflowOut):
    """A 流出党员 record with its contact log."""

    contacts: list[ContactOut] = Field(description="联系记录，新的在前")


class InflowOut(Schema):
    """A 流入党员 record (phone masked)."""

    id: int
    name: str
    organisation_id: int
    organisation: str
    home_organisation: str
    certificate_number: str
    arrived_on: datetime.date
    phone: str = Field(description="联系电话（已脱敏）")
    left_on: datetime.date | None


class OutflowQuery(Schema):
    """Filters of the 流出党员 list."""

    status: str | None = Field(None, pattern="^(open|returned)$", description="open / returned")
    contact_due: bool | None = Field(None, description="true：只看本季度未联系的")
    organisation: IdField | None = Field(None, description="党组织")


class InflowQuery(Schema):
    """Filters of the 流入党员 list."""

    status: str | None = Field(None, pattern="^(present|left)$", description="present / left")
    organisation: IdField | None = Field(None, description="党组织")


class ContactIn(Schema):
    """A contact of the home branch with an outflowing member."""

    contacted_on: datetime.date
    way: ContactWay
    content: str = Field(..., min_length=1, max_length=2000)


def _contact_data(contact) -> dict:
    return {
        "id": contact.pk,
        "contacted_on": contact.contacted_on,
        "way": contact.way,
        "way_label": contact.get_way_display(),
        "content": contact.content,
    }


def outflow_data(outflow: MobileOutflow) -> dict:
    contacted = outflow.contacted_this_quarter
    return {
        "id": outflow.pk,
        "member_id": outflow.member_id,
        "member": outflow.member.name,
        "organisation": outflow.member.organisation.name,
        "destination": outflow.destination,
        "destination_organisation": outflow.destination_organisation,
        "destination_contact": outflow.destination_contact,
        "left_on": outflow.left_on,
        "reason": outflow.reason,
        "reason_label": outflow.get_reason_display(),
        "contact_phone": mask_identifier(outflow.contact_phone, kind="mobile"),
        "certificate_number": outflow.certificate_number,
        "returned_on": outflow.returned_on,
        "contacted_this_quarter": contacted,
        "contact_due": outflow.returned_on is None and not contacted,
    }


def _detail_data(outflow: MobileOutflow) -> dict:
    return {**outflow_data(outflow), "contacts": [_contact_data(c) for c in outflow.contacts.all()]}


def inflow_data(inflow: MobileInflow) -> dict:
    return {
        "id": inflow.pk,
        "name": inflow.name,
        "organisation_id": inflow.organisation_id,
        "organisation": inflow.organisation.name,
        "home_organisation": inflow.home_organisation,
        "certificate_number": inflow.certificate_number,
        "arrived_on": inflow.arrived_on,
        "phone": mask_identifier(inflow.phone, kind="mobile"),
        "left_on": inflow.left_on,
    }


def _visible(request, outflow_id: int) -> MobileOutflow:
    return get_object_or_404(
        selectors.mobile_outflow_list(user=request.user).prefetch_related("contacts"),
        pk=outflow_id,
    )


@router.get(
    "outflows",
    response={200: list[OutflowOut], **error_responses(403)},
    summary="流出党员列表（管理员）",
)
@paginate(AppPagination)
def mobile_outflow_list(request, query: Query[OutflowQuery]):
    require_administrator(request.user, VIEW)
    outflows = selectors.mobile_outflow_list(
        user=request.user,
        status=query.status,
        contact_due=query.contact_due,
        organisation_id=query.organisation,
    )
    return Mapped(outflows, outflow_data)


@router.get(
    "outflows/{outflow_id}",
    response={200: OutflowDetailOut, **error_responses(403, 404)},
    summary="流出党员详情及联系记录（管理员）",
)
def mobile_outflow_detail(request, outflow_id: ObjectId):
    require_administrator(request.user, VIEW)
    return _detail_data(_visible(request, outflow_id))


@router.post(
    "outflows/{outflow_id}/contacts",
    response={200: OutflowDetailOut, **error_responses(403, 404)},
    summary="登记与流出党员的联系（管理员）",
)
def mobile_contact_record(request, outflow_id: ObjectId, payload: ContactIn):
    require_administrator(request.user, CHANGE)
    outflow = _visible(request, outflow_id)
    services.mobile_contact_record(
        outflow=outflow,
        contacted_on=payload.contacted_on,
        way=payload.way,
        content=payload.content,
        actor=request.user,
    )
    return _detail_data(_visible(request, outflow_id))


@router.get(
    "inflows",
    response={200: list[InflowOut], **error_responses(403)},
    summary="流入党员列表（管理员）",
)
@paginate(AppPagination)
def mobile_inflow_list(request, query: Query[InflowQuery]):
    require_administrator(request.user, "mobility.view_mobileinflow")
    inflows = selectors.mobile_inflow_list(
        user=request.user, status=query.status, organisation_id=query.organisation
    )
    return Mapped(inflows, inflow_data)


@router.get(
    "mine",
    response={200: list[OutflowDetailOut], **error_responses()},
    summary="我的流动党员登记及联系记录",
)
def mobile_outflow_mine(request):
    return [_detail_data(outflow) for outflow in selectors.mobile_outflow_mine(user=request.user)]
