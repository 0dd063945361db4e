"""App API: 党内关怀 — for administrators only: the 困难党员 of their subtree (with the yearly
review flag), the 光荣在党50年 list of a year and the 政治生日 of a month. Members are refused
(403); everything is confined to the caller's subtree (the same selectors as the admin)."""

import datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.care import selectors
from partybuild.care.models import HardshipKind, HardshipLevel, HardshipMember
from partybuild.models import Member
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField

router = Router(tags=["党内关怀"])

VIEW = "care.view_hardshipmember"


class HardshipOut(Schema):
    """A 困难党员 record with its yearly review flag."""

    id: int
    member_id: int
    member: str
    organisation: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    registered_on: datetime.date
    reviewed_on: datetime.date
    review_due: bool = Field(description="上次复核已满12个月，待年度复核")
    closed_on: datetime.date | None


class CareMemberOut(Schema):
    """A member of the 光荣在党50年 list or of the month's 政治生日."""

    member_id: int
    member: str
    organisation: str
    joined_on: datetime.date | None
    confirmed_on: datetime.date | None
    years: int = Field(description="党龄（纪念章名单）或入党周年（政治生日）")


class HardshipQuery(Schema):
    """Filters of the 困难党员 list."""

    kind: HardshipKind | None = None
    level: HardshipLevel | None = None
    review_due: bool | None = Field(None, description="true：只看待年度复核的")
    organisation: IdField | None = Field(None, description="党组织")


class MedalQuery(Schema):
    """The year of the 光荣在党50年 list and an organisation to narrow it to."""

    year: int = Field(..., ge=1971, le=9999, description="颁发年度")
    organisation: IdField | None = Field(None, description="党组织")


class AnniversaryQuery(Schema):
    """The month of the 政治生日 list and an organisation to narrow it to."""

    month: str = Field(
        ..., pattern=r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$", description="月份，如 2026-12"
    )
    organisation: IdField | None = Field(None, description="党组织")


def hardship_data(record: HardshipMember) -> dict:
    return {
        "id": record.pk,
        "member_id": record.member_id,
        "member": record.member.name,
        "organisation": record.member.organisation.name,
        "kind": record.kind,
        "kind_label": record.get_kind_display(),
        "level": record.level,
        "level_label": record.get_level_display(),
        "registered_on": record.registered_on,
        "reviewed_on": record.reviewed_on,
        "review_due": record.review_due,
        "closed_on": record.closed_on,
    }


def _member_data(member: Member, years: int) -> dict:
    return {
        "member_id": member.pk,
        "member": member.name,
        "organisation": member.organisation.name,
        "joined_on": member.joined_on,
        "confirmed_on": member.confirmed_on,
        "years": years,
    }


@router.get(
    "hardships",
    response={200: list[HardshipOut], **error_responses(403)},
    summary="困难党员列表（管理员）",
)
@paginate(AppPagination)
def care_hardship_list(request, query: Query[HardshipQuery]):
    require_administrator(request.user, VIEW)
    records = selectors.hardship_list(
        user=request.user,
        kind=query.kind,
        level=query.level,
        review_due=query.review_due,
        organisation_id=query.organisation,
    )
    return Mapped(records, hardship_data)


@router.get(
    "medals",
    response={200: list[CareMemberOut], **error_responses(403)},
    summary="光荣在党50年纪念章名单（管理员）",
)
@paginate(AppPagination)
def care_medal_list(request, query: Query[MedalQuery]):
    require_administrator(request.user, VIEW)
    members = selectors.medal_list(
        user=request.user, year=query.year, organisation_id=query.organisation
    )
    return Mapped(members, lambda m: _member_data(m, selectors.MEDAL_YEARS))


@router.get(
    "anniversaries",
    response={200: list[CareMemberOut], **error_responses(403)},
    summary="本月政治生日（管理员）",
)
@paginate(AppPagination)
def care_anniversary_list(request, query: Query[AnniversaryQuery]):
    require_administrator(request.user, VIEW)
    month = datetime.date(int(query.month[:4]), int(query.month[5:]), 1)
    members = selectors.anniversary_list(
        user=request.user, month=month, organisation_id=query.organisation
    )
    return Mapped(members, lambda m: _member_data(m, month.year - m.joined_on.year))
