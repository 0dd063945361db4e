"""App API: 党组织 — the organisation tree an administrator manages.

The tree is a flat list in tree (pre-)order: ``depth`` is the level in the whole tree, ``level``
the level below the top of what the caller administers (0 for it), and ``parent_id`` the parent
when the caller administers it too (None at the top), so the app can nest the items itself.
Mobile contact numbers of organisations are masked like every other mobile number.
"""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.api.member_schemas import OrganisationRef
from partybuild.core.privacy import mask_identifier
from partybuild.models import Organisation, User
from partybuild.selectors.organisations import (
    organisation_list_with_counts,
    organisation_list_with_parent,
    organisation_member_counts,
    organisation_scope_for_user,
    organisation_transfer_targets,
)
from partybuild.selectors.roles import user_scope_paths
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["党组织"])


class OrganisationOut(Schema):
    """An organisation in the caller's tree."""

    id: int
    name: str
    org_type: str
    org_type_label: str
    code: str
    depth: int = Field(description="在整棵组织树中的层级（最上级为 1）")
    level: int = Field(description="相对于我管理的最上级组织的层级（最上级为 0）")
    parent_id: int | None = Field(description="上级组织；不在我的管理范围内时为 null")
    member_count: int = Field(description="本组织在册党员数（不含下级组织）")
    subtree_member_count: int = Field(description="本组织及下级组织在册党员数")


class OrganisationChildOut(Schema):
    """A direct lower organisation in the details of an organisation."""

    id: int
    name: str
    org_type: str
    org_type_label: str
    subtree_member_count: int


class OrganisationDetailOut(OrganisationOut):
    """An organisation's details: its leader, contact, term of office and lower organisations."""

    parent: OrganisationRef | None
    leader_name: str = Field(description="组织负责人（书记）")
    contact_phone: str = Field(description="联系方式（手机号码脱敏）")
    unit_party_status: str
    unit_party_status_label: str
    is_village_or_community: bool = Field(description="村（社区）党组织：每届任期5年")
    founded_on: datetime.date | None
    term_start: datetime.date | None
    term_end: datetime.date | None
    remarks: str
    children: list[OrganisationChildOut]


class TransferTargetFilters(Schema):
    """Search of the organisations a member may be transferred to."""

    q: str = Field("", max_length=50, description="名称（包含）或组织编码")


class TransferTargetOut(Schema):
    """A 党支部 or 党小组 anywhere in the system that may receive a member."""

    id: int
    name: str
    org_type: str
    org_type_label: str
    parent_name: str


def _top_depth(user: User) -> int:
    """The depth of the top organisation the caller administers (1 for a superuser)."""
    paths = user_scope_paths(user=user)
    return 1 if paths is None else min(len(path) for path in paths) // Organisation.steplen


def _organisation_data(organisation: Organisation, *, top_depth: int) -> dict:
    """OrganisationOut fields of an organisation from organisation_list_with_counts."""
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "org_type": organisation.org_type,
        "org_type_label": organisation.get_org_type_display(),
        "code": organisation.code,
        "depth": organisation.depth,
        "level": organisation.depth - top_depth,
        "parent_id": organisation.parent_in_scope_id,
        "member_count": organisation.member_count,
        "subtree_member_count": organisation.subtree_member_count,
    }


class CountedPage:
    """The organisations for ``AppPagination``: a page is read, then its member counts in one
    aggregate query (not a count per organisation), however many the page holds."""

    def __init__(self, organisations, *, top_depth: int) -> None:
        self.organisations = organisations
        self.top_depth = top_depth

    def all(self) -> "CountedPage":
        return self

    def count(self) -> int:
        return self.organisations.count()

    def __getitem__(self, index: slice) -> list[dict]:
        page = list(self.organisations[index])
        counts = organisation_member_counts(organisations=page)
        for organisation in page:
            organisation.member_count, organisation.subtree_member_count = counts[organisation.pk]
        return [_organisation_data(organisation, top_depth=self.top_depth) for organisation in page]


@router.get(
    "",
    response={200: list[OrganisationOut], **error_responses(403)},
    summary="我管理的党组织（按树的顺序）",
    description="扁平列表，按组织树的先序排列；level 与 parent_id 给出层级关系。",
)
@paginate(AppPagination)
def organisation_list(request):
    require_administrator(request.user, "partybuild.view_organisation")
    return CountedPage(
        organisation_list_with_parent(user=request.user), top_depth=_top_depth(request.user)
    )


@router.get(
    "transfer-targets",
    response={200: list[TransferTargetOut], **error_responses(403)},
    summary="可转入的党组织（发起转接时选择）",
    description="系统内所有党支部和党小组，按组织树的顺序；可按名称或组织编码查找。",
)
@paginate(AppPagination)
def organisation_transfer_target_list(request, filters: Query[TransferTargetFilters]):
    require_administrator(request.user, "partybuild.view_organisation")
    return Mapped(
        organisation_transfer_targets(query=filters.q),
        lambda organisation: {
            "id": organisation.pk,
            "name": organisation.name,
            "org_type": organisation.org_type,
            "org_type_label": organisation.get_org_type_display(),
            "parent_name": organisation.parent_name or "",
        },
    )


@router.get(
    "{organisation_id}",
    response={200: OrganisationDetailOut, **error_responses(403, 404)},
    summary="党组织详情",
)
def organisation_detail(request, organisation_id: ObjectId):
    require_administrator(request.user, "partybuild.view_organisation")
    organisations = organisation_list_with_counts(user=request.user)
    organisation = get_object_or_404(organisations, pk=organisation_id)
    parent = (
        organisation_scope_for_user(user=request.user)
        .filter(pk=organisation.parent_in_scope_id)
        .first()
        if organisation.parent_in_scope_id
        else None
    )
    children = organisations.filter(
        path__startswith=organisation.path, depth=organisation.depth + 1
    )
    return {
        **_organisation_data(organisation, top_depth=_top_depth(request.user)),
        "parent": {"id": parent.pk, "name": parent.name} if parent else None,
        "leader_name": organisation.leader_name,
        "contact_phone": mask_identifier(organisation.contact_phone, kind="contact_phone"),
        "unit_party_status": organisation.unit_party_status,
        "unit_party_status_label": organisation.get_unit_party_status_display(),
        "is_village_or_community": organisation.is_village_or_community,
        "founded_on": organisation.founded_on,
        "term_start": organisation.term_start,
        "term_end": organisation.term_end,
        "remarks": organisation.remarks,
        "children": [
            {
                "id": child.pk,
                "name": child.name,
                "org_type": child.org_type,
                "org_type_label": child.get_org_type_display(),
                "subtree_member_count": child.subtree_member_count,
            }
            for child in children
        ],
    }
