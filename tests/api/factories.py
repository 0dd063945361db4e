"""Objects the app API tests need, made through the real models and services."""

import datetime
import itertools

from content.models import (
    DisclosurePage,
    NoticeIndexPage,
    NoticePage,
    OrganisationDisclosureIndexPage,
)
from partybuild.models import Member, Message, MessageKind, Transfer, TransferKind, TransferStatus
from partybuild.services.change_requests import change_request_submit
from tests.api.conftest import make_member_account


def publish_notice(title: str, *targets, date: datetime.date | None = None) -> NoticePage:
    """Publish a 通知公告 addressed to ``targets`` (none: everyone)."""
    notice = NoticePage(title=title, date=date or datetime.date(2026, 11, 1), summary="摘要")
    notice.target_organisations = list(targets)
    NoticeIndexPage.objects.first().add_child(instance=notice)
    notice.save_revision().publish()
    notice.refresh_from_db()
    return notice


def publish_disclosure(organisation, title: str, visibility: str = "public") -> DisclosurePage:
    page = DisclosurePage(title=title, visibility=visibility, date=datetime.date(2026, 10, 1))
    OrganisationDisclosureIndexPage.objects.get(organisation=organisation).add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def message_for(user, title: str = "测试消息") -> Message:
    return Message.objects.create(recipient=user, kind=MessageKind.SYSTEM, title=title)


def pending_transfer(member: Member, to_organisation) -> Transfer:
    """A 待接收 internal transfer made directly (no actor), like one started by the sender."""
    return Transfer.objects.create(
        member=member,
        kind=TransferKind.INTERNAL,
        status=TransferStatus.PENDING,
        from_organisation=member.organisation,
        to_organisation=to_organisation,
    )


def change_request_of(user, phone: str = "13912345678"):
    return change_request_submit(member=user.member, actor=user, changes={"phone": phone})


_serials = itertools.count(1)


def member_in(organisation, username: str, phone: str) -> Member:
    """A member with an account and a unique valid ID number (male: odd serial)."""
    serial = f"{(2 * next(_serials) + 1) % 1000:03d}"
    return make_member_account(
        username, organisation, phone=phone, birth=datetime.date(1990, 1, 2), serial=serial
    ).member


def candidate_in(organisation, *, user=None, name: str = "申请人"):
    """A candidate (born 1995, male) registered in ``organisation``."""
    from partybuild.recruitment.services import candidate_create
    from tests.api.conftest import valid_id_number

    birth = datetime.date(1995, 6, 1)
    return candidate_create(
        organisation=organisation,
        actor=None,
        name=name,
        gender="male",
        birth_date=birth,
        id_number=valid_id_number(birth, f"{(2 * next(_serials) + 1) % 1000:03d}"),
        user=user,
    )
