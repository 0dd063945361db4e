"""Messages sent by the services when a change request is decided or a transfer changes state.

The services send them inside their transactions, so the admin, the app API and management
commands all send the same messages, and a refused or failed decision sends none.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partybuild.models import Message, MessageKind, User
from partybuild.services.change_requests import (
    change_request_approve,
    change_request_reject,
    change_request_submit,
)
from partybuild.services.transfers import (
    transfer_accept,
    transfer_record_incoming,
    transfer_record_outgoing,
    transfer_return,
    transfer_revoke,
    transfer_start,
)
from tests.api.conftest import make_member_account, valid_id_number
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, make_admin, superuser):
    """Two members with accounts (一支部, 二支部) and administrators around the tree."""
    return {
        "member": make_member_account(
            "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
        ).member,
        "other_member": make_member_account(
            "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
        ).member,
        "sender": make_admin("sender", tree["first"]),
        "receiver": make_admin("receiver", tree["second"]),
        "general": make_admin("general", tree["general"]),
        "county": make_admin("county", tree["county"]),
        "town": make_admin("town", tree["town"]),
        "superuser": superuser,
    }


def _messages_of(user: User) -> list[Message]:
    return list(Message.objects.filter(recipient=user).order_by("pk"))


def _recipients() -> set[str]:
    return set(Message.objects.values_list("recipient__username", flat=True))


# 档案修改申请


def test_approval_tells_the_member_which_fields_changed(people):
    member = people["member"]
    request = change_request_submit(
        member=member,
        actor=member.user,
        changes={"phone": "13912345678", "home_address": "慈利县零阳镇1号"},
    )
    assert not Message.objects.exists()
    change_request_approve(request=request, actor=people["sender"])
    [message] = _messages_of(member.user)
    assert message.kind == MessageKind.CHANGE_REQUEST
    assert message.title == "您的档案修改申请已通过"
    assert "手机号码" in message.body and "家庭住址" in message.body
    assert "13912345678" not in message.body
    assert (message.object_type, message.object_id) == ("change_request", request.pk)
    assert message.read_at is None
    assert _recipients() == {"member_a"}


def test_rejection_tells_the_member_the_reason(people):
    member = people["member"]
    request = change_request_submit(
        member=member, actor=member.user, changes={"ethnicity": "土家族"}
    )
    change_request_reject(request=request, actor=people["general"], reason="请提供户口簿")
    [message] = _messages_of(member.user)
    assert message.title == "您的档案修改申请被驳回"
    assert "民族" in message.body and "请提供户口簿" in message.body
    assert (message.object_type, message.object_id) == ("change_request", request.pk)
    assert _recipients() == {"member_a"}


def test_a_refused_decision_sends_nothing(people):
    member = people["member"]
    request = change_request_submit(
        member=member, actor=member.user, changes={"ethnicity": "土家族"}
    )
    with pytest.raises(ValidationError):
        change_request_reject(request=request, actor=people["sender"], reason="  ")
    with pytest.raises(PermissionDenied):
        change_request_approve(request=request, actor=people["receiver"])
    assert not Message.objects.exists()


def test_a_dossier_without_an_account_gets_no_message(people):
    member = people["member"]
    request = change_request_submit(
        member=member, actor=member.user, changes={"ethnicity": "土家族"}
    )
    member.user = None
    member.save(update_fields=["user"])
    request.refresh_from_db()
    change_request_approve(request=request, actor=people["sender"])
    assert not Message.objects.exists()


# 组织关系转接


def test_starting_a_transfer_tells_the_member_and_the_receiving_administrators(people, tree):
    inactive = User.objects.create_user(username="inactive", password="x")
    assign_role(inactive, "org_admin", tree["second"])
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    transfer = transfer_start(
        member=people["member"], to_organisation=tree["second"], actor=people["sender"]
    )
    [for_member] = _messages_of(people["member"].user)
    assert for_member.kind == MessageKind.TRANSFER
    assert for_member.title == "您的组织关系转接已发起，等待「二支部」接收"
    assert (for_member.object_type, for_member.object_id) == ("transfer", transfer.pk)
    # Receiving organisation and its ancestors; not the sender's own branch, not elsewhere.
    assert _recipients() == {"member_a", "receiver", "general", "county"}
    [for_receiver] = _messages_of(people["receiver"])
    assert for_receiver.title == "「党员member_a」的组织关系待您接收"
    assert "一支部" in for_receiver.body
    assert (for_receiver.object_type, for_receiver.object_id) == ("transfer", transfer.pk)


def test_accepting_tells_the_member_only(people, tree):
    transfer = transfer_start(
        member=people["member"], to_organisation=tree["second"], actor=people["sender"]
    )
    before = Message.objects.count()
    transfer_accept(transfer=transfer, actor=people["receiver"])
    [new] = Message.objects.order_by("pk")[before:]
    assert new.recipient == people["member"].user
    assert new.title == "您的组织关系已转入「二支部」"
    assert (new.object_type, new.object_id) == ("transfer", transfer.pk)


def test_returning_tells_the_member_the_reason(people, tree):
    transfer = transfer_start(
        member=people["member"], to_organisation=tree["second"], actor=people["sender"]
    )
    transfer_return(transfer=transfer, actor=people["receiver"], reason="介绍信缺失")
    latest = _messages_of(people["member"].user)[-1]
    assert latest.title == "您的组织关系转接被「二支部」退回"
    assert "介绍信缺失" in latest.body
    assert Message.objects.filter(recipient=people["receiver"]).count() == 1


def test_revoking_tells_the_member(people, tree):
    transfer = transfer_start(
        member=people["member"], to_organisation=tree["second"], actor=people["sender"]
    )
    transfer_revoke(transfer=transfer, actor=people["sender"], reason="填错转入组织")
    latest = _messages_of(people["member"].user)[-1]
    assert latest.title == "您的组织关系转接已由「一支部」撤回"
    assert "填错转入组织" in latest.body
    assert not Message.objects.filter(recipient=people["other_member"].user).exists()


def test_recording_outgoing_and_incoming_tells_the_member(people, tree):
    member = people["member"]
    outgoing = transfer_record_outgoing(
        member=member,
        external_organisation="外省某支部",
        letter_number="2026-017",
        left_on=datetime.date(2026, 3, 1),
        actor=people["sender"],
    )
    [left] = _messages_of(member.user)
    assert left.title == "您的组织关系已转出到「外省某支部」"
    assert left.object_id == outgoing.pk
    incoming = transfer_record_incoming(
        member=member,
        to_organisation=tree["first"],
        external_organisation="外省某支部",
        letter_number="2026-099",
        arrived_on=datetime.date(2026, 9, 1),
        actor=people["sender"],
    )
    arrived = _messages_of(member.user)[-1]
    assert arrived.title == "您的组织关系已从「外省某支部」转入「一支部」"
    assert (arrived.object_type, arrived.object_id) == ("transfer", incoming.pk)
    assert _recipients() == {"member_a"}


def test_a_new_dossier_from_outside_has_no_account_to_tell(people, tree):
    birth = datetime.date(1990, 2, 3)
    transfer_record_incoming(
        member_data={
            "name": "李四",
            "gender": "male",
            "birth_date": birth,
            "id_number": valid_id_number(birth, "315"),
            "joined_on": datetime.date(2015, 7, 1),
        },
        to_organisation=tree["first"],
        external_organisation="外省某支部",
        letter_number="2026-100",
        arrived_on=datetime.date(2026, 9, 1),
        actor=people["sender"],
    )
    assert not Message.objects.exists()


def test_a_refused_transfer_sends_nothing(people, tree):
    transfer_start(member=people["member"], to_organisation=tree["second"], actor=people["sender"])
    before = Message.objects.count()
    with pytest.raises(ValidationError):
        transfer_start(
            member=people["member"], to_organisation=tree["third"], actor=people["sender"]
        )
    assert Message.objects.count() == before
