"""App API: 党员 — the members an administrator manages, masked unless they may see full
identity (which is then recorded in the audit log)."""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import may_reveal_identity, require_administrator
from partybuild.api.errors import error_responses
from partybuild.api.member_schemas import (
    DOSSIER_PREFETCH,
    MemberDossierOut,
    MemberSummaryOut,
    member_dossier_data,
    member_summary_data,
)
from partybuild.api.pagination import AppPagination, Mapped
from partybuild.api.types import IdField, ObjectId
from partybuild.models import MemberCategory, MemberStanding
from partybuild.selectors.members import member_list, member_search
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.services.audit import identity_reveal_record

router = Router(tags=["党员"])


class MemberFilters(Schema):
    """The admin list's filters."""

    organisation: IdField | None = Field(None, description="党组织（含下级组织）")
    category: Literal[tuple(MemberCategory.values)] | None = Field(None, description="人员类别")
    standing: Literal[tuple(MemberStanding.values)] | None = Field(None, description="党籍状态")
    gender: Literal["male", "female"] | None = None
    joined_year: int | None = Field(None, ge=1921, le=2100, description="入党年份")
    on_roll: bool | None = Field(None, description="是否在册")
    q: str = Field("", max_length=50, description="姓名或拼音首字母")


@router.get(
    "",
    response={200: list[MemberSummaryOut], **error_responses(403)},
    summary="我管理的党员",
    description="列表中的手机号码一律脱敏；有「查看完整身份信息」权限者在档案详情中查看（留审计记录）。",
)
@paginate(AppPagination)
def member_list_managed(request, filters: Query[MemberFilters]):
    require_administrator(request.user)
    members = member_list(user=request.user)
    if filters.organisation is not None:
        root = (
            organisation_scope_for_user(user=request.user).filter(pk=filters.organisation).first()
        )
        members = (
            members.filter(organisation__path__startswith=root.path) if root else members.none()
        )
    for field in ("category", "standing", "gender"):
        if getattr(filters, field):
            members = members.filter(**{field: getattr(filters, field)})
    if filters.joined_year:
        members = members.filter(joined_on__year=filters.joined_year)
    if filters.on_roll is not None:
        members = members.filter(is_on_roll=filters.on_roll)
    members = member_search(members, filters.q)
    return Mapped(members, member_summary_data)


@router.get(
    "{member_id}",
    response={200: MemberDossierOut, **error_responses(403, 404)},
    summary="党员档案",
)
def member_detail(request, member_id: ObjectId):
    require_administrator(request.user)
    member = get_object_or_404(
        member_list(user=request.user).prefetch_related(*DOSSIER_PREFETCH), pk=member_id
    )
    reveal = may_reveal_identity(request.user)
    if reveal:
        identity_reveal_record(actor=request.user, members=[member], context="api")
    return member_dossier_data(member, reveal=reveal)
