"""App API: 党组织 — the organisation tree an administrator manages."""

import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from partybuild.api.access import require_administrator
from partybuild.api.errors import error_responses
from partybuild.api.pagination import AppPagination, Mapped
from partybuild.api.types import ObjectId
from partybuild.models import Organisation
from partybuild.privacy import mask_identifier
from partybuild.selectors.organisations import organisation_scope_for_user

router = Router(tags=["党组织"])


class OrganisationOut(Schema):
    id: int
    name: str
    org_type: str
    org_type_label: str
    code: str
    depth: int
    parent_id: int | None
    member_count: int


class OrganisationChild(Schema):
    id: int
    name: str
    org_type_label: str


class OrganisationDetailOut(OrganisationOut):
    leader_name: str
    contact_phone: str
    founded_on: datetime.date | None
    term_start: datetime.date | None
    term_end: datetime.date | None
    remarks: str
    children: list[OrganisationChild]


def _annotated(user):
    return organisation_scope_for_user(user=user).annotate(
        member_count=Count("members", filter=Q(members__is_on_roll=True), distinct=True)
    )


def _parent_id(organisation: Organisation, ids_by_path: dict[str, int]) -> int | None:
    return (
        ids_by_path.get(organisation.path[: -Organisation.steplen])
        if organisation.depth > 1
        else None
    )


def organisation_data(organisation: Organisation, parent_id: int | None) -> dict:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "org_type": organisation.org_type,
        "org_type_label": organisation.get_org_type_display(),
        "code": organisation.code,
        "depth": organisation.depth,
        "parent_id": parent_id,
        "member_count": organisation.member_count,
    }


@router.get(
    "",
    response={200: list[OrganisationOut], **error_responses(403)},
    summary="我管理的党组织（按树的顺序）",
    description="扁平列表，按树的先序排列；depth 与 parent_id 给出层级。",
)
@paginate(AppPagination)
def organisation_list(request):
    require_administrator(request.user)
    queryset = _annotated(request.user).order_by("path")
    paths = dict(Organisation.objects.values_list("path", "pk"))
    return Mapped(queryset, lambda o: organisation_data(o, _parent_id(o, paths)))


@router.get(
    "{organisation_id}",
    response={200: OrganisationDetailOut, **error_responses(403, 404)},
    summary="党组织详情",
)
def organisation_detail(request, organisation_id: ObjectId):
    require_administrator(request.user)
    organisation = get_object_or_404(_annotated(request.user), pk=organisation_id)
    parent = organisation.get_parent() if organisation.depth > 1 else None
    return {
        **organisation_data(organisation, parent.pk if parent else None),
        "leader_name": organisation.leader_name,
        "contact_phone": mask_identifier(organisation.contact_phone, kind="mobile")
        if organisation.contact_phone and organisation.contact_phone.startswith("1")
        else organisation.contact_phone,
        "founded_on": organisation.founded_on,
        "term_start": organisation.term_start,
        "term_end": organisation.term_end,
        "remarks": organisation.remarks,
        "children": [
            {"id": c.pk, "name": c.name, "org_type_label": c.get_org_type_display()}
            for c in organisation.get_children()
        ],
    }
