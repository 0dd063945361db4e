"""App API: 党员 — the members an administrator manages.

The list has the member admin's filters and search (name or pinyin initials) and always masks
phone numbers. A dossier is masked too, unless the caller holds 「查看完整身份信息」
(``partybuild.view_full_identity``): then it is shown in full and the reveal is recorded in the
audit log.
"""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import may_reveal_identity, require_administrator
from partybuild.api.member_schemas import (
    DOSSIER_PREFETCH,
    MemberDossierOut,
    MemberSummaryOut,
    member_dossier_data,
    member_summary_data,
)
from partybuild.api.roster_pagination import RosterPagination
from partybuild.models import Education, Gender, MemberCategory, MemberStanding
from partybuild.selectors.members import member_list, member_list_filtered
from partybuild.services.audit import identity_reveal_record
from partysite.api.errors import error_responses
from partysite.api.pagination import Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["党员"])


class MemberFilters(Schema):
    """The member admin's filters; each is optional."""

    organisation: IdField | None = Field(
        None, description="所在党组织（含下级组织）；不在管理范围内时结果为空"
    )
    category: Literal[tuple(MemberCategory.values)] | None = Field(None, description="人员类别")
    standing: Literal[tuple(MemberStanding.values)] | None = Field(None, description="党籍状态")
    gender: Literal[tuple(Gender.values)] | None = Field(None, description="性别")
    education: Literal[tuple(Education.values)] | None = Field(None, description="学历")
    joined_year: int | None = Field(None, ge=1921, le=2100, description="入党年份")
    on_roll: bool | None = Field(None, description="是否在册")
    lost_contact: bool | None = Field(None, description="是否失联党员")
    abroad: bool | None = Field(None, description="是否出国(境)党员")
    mobile: bool | None = Field(None, description="是否流动党员")
    q: str = Field("", max_length=50, description="姓名（包含）或拼音首字母，如 zs")


@router.get(
    "",
    response={200: list[MemberSummaryOut], **error_responses(403)},
    summary="我管理的党员",
    description=(
        "按花名册顺序（党组织、姓氏笔画）排列；列表中的手机号码一律脱敏，"
        "有「查看完整身份信息」权限者在档案详情中查看（留审计记录）。"
        "翻页：把返回的 next 作为 cursor 传入取下一页（深翻页用游标，不用大的 offset）。"
    ),
)
@paginate(RosterPagination)
def member_list_managed(request, filters: Query[MemberFilters]):
    require_administrator(request.user, "partybuild.view_member")
    members = member_list_filtered(
        user=request.user,
        organisation_id=filters.organisation,
        category=filters.category,
        standing=filters.standing,
        gender=filters.gender,
        education=filters.education,
        joined_year=filters.joined_year,
        is_on_roll=filters.on_roll,
        is_lost_contact=filters.lost_contact,
        is_abroad=filters.abroad,
        is_mobile=filters.mobile,
        query=filters.q,
    )
    return Mapped(members, member_summary_data)


@router.get(
    "{member_id}",
    response={200: MemberDossierOut, **error_responses(403, 404)},
    summary="党员档案",
    description="身份证号码和手机号码脱敏；有「查看完整身份信息」权限者看到完整号码，并记入审计日志。",
)
def member_detail(request, member_id: ObjectId):
    require_administrator(request.user, "partybuild.view_member")
    member = get_object_or_404(
        member_list(user=request.user).prefetch_related(*DOSSIER_PREFETCH), pk=member_id
    )
    reveal = may_reveal_identity(request.user)
    if reveal:
        identity_reveal_record(actor=request.user, members=[member], context="api")
    return member_dossier_data(member, reveal=reveal)
