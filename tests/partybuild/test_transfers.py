"""组织关系转接: the services' lifecycle and refusals, the scoped reads, and the admin views."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from partybuild.core.validators import id_number_check_character
from partybuild.models import Member, Transfer, TransferKind, TransferStatus
from partybuild.selectors.transfers import (
    transfer_history_for_member,
    transfer_incoming_pending,
    transfer_list,
    transfer_list_filtered,
    transfer_outgoing_pending,
)
from partybuild.services.transfers import (
    transfer_accept,
    transfer_record_incoming,
    transfer_record_outgoing,
    transfer_return,
    transfer_revoke,
    transfer_start,
)
from tests.partybuild.clock import today_setter

pytestmark = pytest.mark.django_db


@pytest.fixture
def set_today(monkeypatch):
    """``set_today(day)``: the services' today is ``day`` (tests/partybuild/clock.py)."""
    return today_setter(monkeypatch)


INDEX = reverse("transfers:index")


def make_id_number(birth: datetime.date, sequence: int) -> str:
    """A valid 18-digit number; an odd ``sequence`` gives a male holder."""
    first17 = f"110105{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_number_check_character(first17)


@pytest.fixture
def make_member():
    counter = {"n": 0}

    def _make(organisation, name="张三", **fields):
        counter["n"] += 1
        birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=counter["n"])
        member = Member(
            name=name,
            gender="male",
            birth_date=birth,
            organisation=organisation,
            joined_on=datetime.date(2005, 7, 1),
            **fields,
        )
        member.id_number = make_id_number(birth, 2 * counter["n"] + 1)
        member.full_clean()
        member.save()
        return member

    return _make


@pytest.fixture
def affairs_admin(make_admin, org_admin_group):
    """Organisation administrators who may also handle transfers and change requests."""
    for codename in (
        "add_transfer",
        "change_transfer",
        "view_transfer",
        "view_member",
        "change_memberchangerequest",
        "view_memberchangerequest",
    ):
        org_admin_group.permissions.add(Permission.objects.get(codename=codename))
    return make_admin


@pytest.fixture
def people(tree, affairs_admin, make_member):
    """A member of 一支部, and the administrators of 一支部 (sender), 三支部 (receiver) and
    二支部 (unrelated)."""
    return {
        "member": make_member(tree["first"], name="王小明"),
        "sender": affairs_admin("sender", tree["first"]),
        "receiver": affairs_admin("receiver", tree["third"]),
        "stranger": affairs_admin("stranger", tree["second"]),
    }


def start(people, tree, **kwargs):
    return transfer_start(
        member=people["member"],
        to_organisation=tree["third"],
        actor=people["sender"],
        reason="工作调动",
        letter_number="组转字〔2024〕001号",
        left_on=datetime.date(2024, 3, 1),
        **kwargs,
    )


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- services: lifecycle ---------------------------------------------------------------------


def test_full_lifecycle_moves_the_member_and_keeps_both_ends(people, tree):
    transfer = start(people, tree)
    assert transfer.status == TransferStatus.PENDING
    assert transfer.kind == TransferKind.INTERNAL
    assert (transfer.from_organisation, transfer.to_organisation) == (tree["first"], tree["third"])
    assert transfer.started_by == people["sender"]
    people["member"].refresh_from_db()
    assert people["member"].organisation == tree["first"]  # nothing moves before acceptance

    accepted = transfer_accept(
        transfer=transfer, actor=people["receiver"], arrived_on=datetime.date(2024, 3, 5)
    )
    assert accepted.status == TransferStatus.ACCEPTED
    assert accepted.decided_by == people["receiver"] and accepted.decided_at is not None
    people["member"].refresh_from_db()
    assert people["member"].organisation == tree["third"]

    stored = Transfer.objects.get(pk=transfer.pk)
    assert stored.from_organisation == tree["first"] and stored.to_organisation == tree["third"]
    assert stored.left_on == datetime.date(2024, 3, 1)
    assert stored.arrived_on == datetime.date(2024, 3, 5)
    assert stored.letter_number == "组转字〔2024〕001号"

    # The member can be transferred again once the first transfer is decided.
    second = transfer_start(
        member=people["member"], to_organisation=tree["first"], actor=people["receiver"]
    )
    transfer_accept(transfer=second, actor=people["sender"])
    history = list(transfer_history_for_member(user=people["sender"], member=people["member"]))
    assert [(t.from_organisation, t.to_organisation) for t in history] == [
        (tree["first"], tree["third"]),
        (tree["third"], tree["first"]),
    ]


def test_accept_defaults_to_today_and_refuses_an_arrival_before_departure(people, tree):
    transfer = start(people, tree)
    with pytest.raises(ValidationError) as caught:
        transfer_accept(
            transfer=transfer, actor=people["receiver"], arrived_on=datetime.date(2024, 2, 1)
        )
    assert codes(caught.value) == {"transfer_dates_order"}
    accepted = transfer_accept(transfer=transfer, actor=people["receiver"])
    assert accepted.arrived_on is not None


def test_return_needs_a_reason_and_leaves_the_member_in_place(people, tree):
    transfer = start(people, tree)
    with pytest.raises(ValidationError) as caught:
        transfer_return(transfer=transfer, actor=people["receiver"], reason="  ")
    assert codes(caught.value) == {"reason_required"}
    assert "退回理由" in str(caught.value)
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING

    returned = transfer_return(transfer=transfer, actor=people["receiver"], reason="介绍信抬头有误")
    assert returned.status == TransferStatus.RETURNED
    assert returned.decision_reason == "介绍信抬头有误"
    people["member"].refresh_from_db()
    assert people["member"].organisation == tree["first"]
    # A returned transfer no longer blocks a new one.
    assert start(people, tree).status == TransferStatus.PENDING


def test_revoke_only_before_a_decision(people, tree):
    transfer = start(people, tree)
    revoked = transfer_revoke(transfer=transfer, actor=people["sender"], reason="发错了")
    assert revoked.status == TransferStatus.REVOKED
    assert revoked.decision_reason == "发错了"
    with pytest.raises(ValidationError) as caught:
        transfer_accept(transfer=transfer, actor=people["receiver"])
    assert codes(caught.value) == {"transfer_not_pending"}
    assert "已撤回" in str(caught.value)

    accepted = transfer_accept(transfer=start(people, tree), actor=people["receiver"])
    with pytest.raises(ValidationError) as caught:
        transfer_revoke(transfer=accepted, actor=people["sender"])
    assert codes(caught.value) == {"transfer_not_pending"}
    assert Transfer.objects.get(pk=accepted.pk).status == TransferStatus.ACCEPTED


def test_returned_transfer_cannot_be_accepted_or_returned_again(people, tree):
    transfer = start(people, tree)
    transfer_return(transfer=transfer, actor=people["receiver"], reason="信息不全")
    for call in (
        lambda: transfer_accept(transfer=transfer, actor=people["receiver"]),
        lambda: transfer_return(transfer=transfer, actor=people["receiver"], reason="再次"),
        lambda: transfer_revoke(transfer=transfer, actor=people["sender"]),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert codes(caught.value) == {"transfer_not_pending"}


def test_a_second_transfer_while_one_is_pending_is_refused(people, tree):
    start(people, tree)
    with pytest.raises(ValidationError) as caught:
        transfer_start(
            member=people["member"], to_organisation=tree["second"], actor=people["sender"]
        )
    assert codes(caught.value) == {"transfer_pending_exists"}
    assert "已有一项待接收的组织关系转接" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        transfer_record_outgoing(
            member=people["member"],
            external_organisation="外省某党支部",
            letter_number="X-1",
            left_on=datetime.date(2024, 3, 1),
            actor=people["sender"],
        )
    assert codes(caught.value) == {"transfer_pending_exists"}
    assert Transfer.objects.filter(member=people["member"]).count() == 1


def test_the_database_backs_one_pending_transfer_per_member(people, tree):
    start(people, tree)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(
            member=people["member"],
            kind=TransferKind.INTERNAL,
            status=TransferStatus.PENDING,
            from_organisation=tree["first"],
            to_organisation=tree["second"],
        )


def test_the_target_must_be_another_branch_or_group(people, tree):
    with pytest.raises(ValidationError) as caught:
        transfer_start(
            member=people["member"], to_organisation=tree["town"], actor=people["sender"]
        )
    assert codes(caught.value) == {"transfer_target_type"}
    assert "党支部或党小组" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        transfer_start(
            member=people["member"], to_organisation=tree["first"], actor=people["sender"]
        )
    assert codes(caught.value) == {"transfer_target_same"}
    # A 党小组 is a valid target.
    to_group = transfer_start(
        member=people["member"], to_organisation=tree["group"], actor=people["sender"]
    )
    assert to_group.to_organisation == tree["group"]


# --- services: who may act ------------------------------------------------------------------


def test_only_the_receiving_side_accepts_or_returns(people, tree):
    transfer = start(people, tree)
    with pytest.raises(PermissionDenied):
        transfer_accept(transfer=transfer, actor=people["sender"])
    with pytest.raises(PermissionDenied):
        transfer_return(transfer=transfer, actor=people["sender"], reason="不接收")
    with pytest.raises(PermissionDenied):
        transfer_revoke(transfer=transfer, actor=people["receiver"])
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING


def test_an_unrelated_administrator_is_refused_everywhere(people, tree, make_member):
    stranger = people["stranger"]
    with pytest.raises(PermissionDenied):
        transfer_start(member=people["member"], to_organisation=tree["third"], actor=stranger)
    transfer = start(people, tree)
    for call in (
        lambda: transfer_accept(transfer=transfer, actor=stranger),
        lambda: transfer_return(transfer=transfer, actor=stranger, reason="x"),
        lambda: transfer_revoke(transfer=transfer, actor=stranger),
        lambda: transfer_record_outgoing(
            member=people["member"],
            external_organisation="外省某党支部",
            letter_number="X-1",
            left_on=datetime.date(2024, 3, 1),
            actor=stranger,
        ),
        lambda: transfer_record_incoming(
            member_data={"name": "外来", "gender": "male"},
            to_organisation=tree["third"],
            external_organisation="外省某党支部",
            letter_number="X-2",
            arrived_on=datetime.date(2024, 3, 1),
            actor=stranger,
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING


def test_an_administrator_above_both_ends_may_do_both_sides(
    people, tree, affairs_admin, make_member
):
    general_admin = affairs_admin("general", tree["general"])
    transfer = transfer_start(
        member=people["member"], to_organisation=tree["second"], actor=general_admin
    )
    transfer_accept(transfer=transfer, actor=general_admin)
    people["member"].refresh_from_db()
    assert people["member"].organisation == tree["second"]


# --- services: outside the system -------------------------------------------------------------


def test_recording_an_outgoing_transfer_keeps_the_dossier_off_roll(people, tree):
    with pytest.raises(ValidationError) as caught:
        transfer_record_outgoing(
            member=people["member"],
            external_organisation="外省某党支部",
            letter_number="",
            left_on=datetime.date(2024, 4, 1),
            actor=people["sender"],
        )
    assert codes(caught.value) == {"letter_number_required"}

    transfer = transfer_record_outgoing(
        member=people["member"],
        external_organisation="外省某党支部",
        letter_number="组转字〔2024〕009号",
        left_on=datetime.date(2024, 4, 1),
        actor=people["sender"],
    )
    assert transfer.kind == TransferKind.OUTGOING
    assert transfer.status == TransferStatus.ACCEPTED
    assert transfer.from_organisation == tree["first"] and transfer.to_organisation is None
    member = Member.objects.get(pk=people["member"].pk)
    assert member.is_on_roll is False
    assert member.organisation == tree["first"]  # dossier kept where it was
    with pytest.raises(ValidationError) as caught:
        start(people, tree)
    assert codes(caught.value) == {"member_not_on_roll"}


def test_recording_an_incoming_transfer_creates_or_restores_the_dossier(people, tree, make_member):
    birth = datetime.date(1990, 5, 6)
    transfer = transfer_record_incoming(
        member_data={
            "name": "李外来",
            "gender": "female",
            "id_number": make_id_number(birth, 42),
            "birth_date": birth,
            "category": "full",
            "joined_on": datetime.date(2015, 7, 1),
        },
        to_organisation=tree["third"],
        external_organisation="外省某党支部",
        letter_number="外转〔2024〕3号",
        arrived_on=datetime.date(2024, 5, 1),
        actor=people["receiver"],
    )
    assert transfer.kind == TransferKind.INCOMING and transfer.status == TransferStatus.ACCEPTED
    assert transfer.from_organisation is None and transfer.to_organisation == tree["third"]
    assert transfer.member.organisation == tree["third"] and transfer.member.is_on_roll

    # A member who left earlier comes back into another branch: same dossier, on roll again.
    transfer_record_outgoing(
        member=people["member"],
        external_organisation="外省某党支部",
        letter_number="组转字〔2024〕010号",
        left_on=datetime.date(2024, 4, 1),
        actor=people["sender"],
    )
    back = transfer_record_incoming(
        member=people["member"],
        to_organisation=tree["third"],
        external_organisation="外省某党支部",
        letter_number="外转〔2024〕4号",
        arrived_on=datetime.date(2024, 6, 1),
        actor=people["receiver"],
    )
    member = Member.objects.get(pk=people["member"].pk)
    assert back.member == member and member.is_on_roll and member.organisation == tree["third"]
    history = list(transfer_history_for_member(user=people["receiver"], member=member))
    assert [t.kind for t in history] == [TransferKind.OUTGOING, TransferKind.INCOMING]
    assert history[0].from_organisation == tree["first"]

    # A member still on roll elsewhere in the system must be transferred within it.
    other = make_member(tree["second"], name="赵在册")
    with pytest.raises(ValidationError) as caught:
        transfer_record_incoming(
            member=other,
            to_organisation=tree["third"],
            external_organisation="外省某党支部",
            letter_number="外转〔2024〕5号",
            arrived_on=datetime.date(2024, 6, 1),
            actor=people["receiver"],
        )
    assert codes(caught.value) == {"member_on_roll_elsewhere"}


def test_incoming_member_data_is_validated_like_the_dossier(people, tree):
    with pytest.raises(ValidationError) as caught:
        transfer_record_incoming(
            member_data={"name": "坏号码", "gender": "male", "id_number": "110105199005060421"},
            to_organisation=tree["third"],
            external_organisation="外省某党支部",
            letter_number="外转〔2024〕6号",
            arrived_on=datetime.date(2024, 5, 1),
            actor=people["receiver"],
        )
    assert "公民身份号码" in str(caught.value)
    assert not Transfer.objects.exists()
    assert not Member.objects.filter(name="坏号码").exists()


# --- selectors ----------------------------------------------------------------------------------


def test_each_end_sees_the_transfer_and_nobody_else_does(people, tree):
    transfer = start(people, tree)
    assert list(transfer_list(user=people["sender"])) == [transfer]
    assert list(transfer_list(user=people["receiver"])) == [transfer]
    assert list(transfer_list(user=people["stranger"])) == []
    assert list(transfer_incoming_pending(user=people["receiver"])) == [transfer]
    assert list(transfer_incoming_pending(user=people["sender"])) == []
    assert list(transfer_outgoing_pending(user=people["sender"])) == [transfer]
    assert list(transfer_outgoing_pending(user=people["receiver"])) == []
    assert list(transfer_history_for_member(user=people["stranger"], member=people["member"])) == []

    transfer_accept(transfer=transfer, actor=people["receiver"])
    # After the move the sender still sees the transfer it made.
    assert list(transfer_list(user=people["sender"])) == [transfer]


# --- admin ------------------------------------------------------------------------------------


def url(name, obj):
    return reverse(f"transfers:{name}", args=[obj.pk])


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard (or 403)."""
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    return response.status_code == 403


def test_anonymous_visitor_is_sent_to_the_admin_login(client, people, tree):
    transfer = start(people, tree)
    for target in (INDEX, url("inspect", transfer), url("accept", transfer)):
        response = client.get(target)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_the_receiving_administrator_sees_and_accepts_an_incoming_transfer(client, people, tree):
    transfer = start(people, tree)
    client.force_login(people["receiver"])
    html = client.get(INDEX).content.decode()
    assert "王小明" in html and "待接收" in html
    assert "转入本组织、待接收的转接 1 项" in html
    assert url("accept", transfer) in html

    html = client.get(url("inspect", transfer)).content.decode()
    assert "一支部" in html and "三支部" in html and "组转字〔2024〕001号" in html
    assert url("accept", transfer) in html and url("revoke", transfer) not in html

    response = client.get(url("accept", transfer))
    assert response.status_code == 200
    assert "王小明" in response.content.decode()
    response = client.post(url("accept", transfer), {"arrived_on": "2024-03-05"})
    assert response.status_code == 302
    assert response.url == url("inspect", transfer)
    people["member"].refresh_from_db()
    assert people["member"].organisation == tree["third"]
    assert Transfer.objects.get(pk=transfer.pk).arrived_on == datetime.date(2024, 3, 5)


def test_the_sending_administrator_cannot_accept_but_may_revoke(client, people, tree):
    transfer = start(people, tree)
    client.force_login(people["sender"])
    html = client.get(INDEX).content.decode()
    assert "本组织转出、等待对方接收的转接 1 项" in html
    assert refused(client.get(url("accept", transfer)))
    assert refused(client.post(url("accept", transfer), {}))
    assert refused(client.post(url("return", transfer), {"decision_reason": "x"}))
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING

    assert client.get(url("revoke", transfer)).status_code == 200
    response = client.post(url("revoke", transfer), {"decision_reason": "填错转入组织"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REVOKED
    assert transfer.decision_reason == "填错转入组织"

    # Decided: the action pages send back to the transfer with the reason why.
    response = client.get(url("revoke", transfer), follow=True)
    assert "已撤回" in response.content.decode()


def test_an_unrelated_administrator_gets_404_on_every_transfer_page(client, people, tree):
    transfer = start(people, tree)
    client.force_login(people["stranger"])
    assert "王小明" not in client.get(INDEX).content.decode()
    for name in ("inspect", "history", "accept", "return", "revoke"):
        assert client.get(url(name, transfer)).status_code == 404, name
    for name in ("accept", "return", "revoke"):
        assert client.post(url(name, transfer), {"decision_reason": "x"}).status_code == 404
    assert (
        client.get(reverse("transfers:start_member", args=[people["member"].pk])).status_code == 404
    )
    assert (
        client.get(reverse("transfers:record_outgoing", args=[people["member"].pk])).status_code
        == 404
    )
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING


def test_return_through_the_admin_asks_for_the_reason(client, people, tree):
    transfer = start(people, tree)
    client.force_login(people["receiver"])
    response = client.post(url("return", transfer), {"decision_reason": ""})
    assert response.status_code == 200
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING
    response = client.post(url("return", transfer), {"decision_reason": "缺少介绍信"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RETURNED and transfer.decision_reason == "缺少介绍信"
    html = client.get(url("inspect", transfer)).content.decode()
    assert "缺少介绍信" in html and "已退回" in html


def test_starting_a_transfer_from_the_admin(client, people, tree):
    start_url = reverse("transfers:start_member", args=[people["member"].pk])
    client.force_login(people["sender"])
    html = client.get(start_url).content.decode()
    assert "王小明" in html
    assert "三支部" in html and f'value="{tree["first"].pk}"' not in html  # not its own branch
    assert f'value="{tree["town"].pk}"' not in html  # committees are not targets

    data = {"to_organisation": tree["third"].pk, "reason": "工作调动", "letter_number": "L-1"}
    response = client.post(start_url, data)
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=people["member"])
    assert transfer.to_organisation == tree["third"] and transfer.started_by == people["sender"]

    response = client.post(start_url, data)
    assert response.status_code == 200
    assert "已有一项待接收的组织关系转接" in response.content.decode()
    assert Transfer.objects.filter(member=people["member"]).count() == 1

    # The form without a member in the URL offers only the user's own members.
    html = client.get(reverse("transfers:start")).content.decode()
    assert "王小明" not in html  # already has a pending transfer


def test_listing_filters_by_status_and_direction(client, people, tree, make_member):
    pending = start(people, tree)
    other = make_member(tree["first"], name="钱已退")
    returned = transfer_start(member=other, to_organisation=tree["third"], actor=people["sender"])
    transfer_return(transfer=returned, actor=people["receiver"], reason="不符合")
    client.force_login(people["receiver"])
    html = client.get(INDEX, {"status": "pending"}).content.decode()
    assert "王小明" in html and "钱已退" not in html
    html = client.get(INDEX, {"status": "returned"}).content.decode()
    assert "钱已退" in html and "王小明" not in html
    html = client.get(INDEX, {"direction": "outgoing"}).content.decode()
    assert "王小明" not in html and "钱已退" not in html
    html = client.get(INDEX, {"direction": "incoming"}).content.decode()
    assert "王小明" in html and "钱已退" in html
    assert pending.pk


def test_listing_shows_the_letter_validity_and_dues_paid_until(client, people, tree):
    transfer = start(people, tree)
    transfer.dues_paid_until = datetime.date(2026, 2, 1)
    transfer.save(update_fields=["dues_paid_until"])
    client.force_login(people["receiver"])
    html = client.get(INDEX).content.decode()
    assert "介绍信有效期至" in html and f"{transfer.letter_valid_until:%Y-%m-%d}" in html
    assert "党费交至" in html and "2026-02" in html


def test_listing_query_count_does_not_grow_with_the_list(
    client, people, tree, make_member, django_assert_max_num_queries
):
    start(people, tree)
    client.force_login(people["receiver"])
    with django_assert_max_num_queries(40) as small:
        client.get(INDEX)
    for index in range(10):
        member = make_member(tree["first"], name=f"批量{index}")
        transfer_start(member=member, to_organisation=tree["third"], actor=people["sender"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(INDEX)
    assert "批量9" in response.content.decode()


def test_recording_outgoing_and_incoming_in_the_admin(client, people, tree):
    client.force_login(people["sender"])
    response = client.post(
        reverse("transfers:record_outgoing", args=[people["member"].pk]),
        {
            "external_organisation": "外省某党支部",
            "letter_number": "组转字9号",
            "left_on": "2024-04-01",
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=people["member"].pk).is_on_roll is False

    client.force_login(people["receiver"])
    birth = datetime.date(1991, 2, 3)
    form = {
        "to_organisation": tree["third"].pk,
        "external_organisation": "外省某党支部",
        "letter_number": "外转7号",
        "arrived_on": "2024-05-01",
        "name": "孙新来",
        "gender": "male",
        "id_number": make_id_number(birth, 7),
        "phone": "13800001111",
        "category": "full",
        "joined_on": "2016-07-01",
    }
    # A branch outside the receiver's subtree is not offered.
    response = client.post(
        reverse("transfers:record_incoming"), {**form, "to_organisation": tree["first"].pk}
    )
    assert response.status_code == 200
    assert not Member.objects.filter(name="孙新来").exists()
    response = client.post(reverse("transfers:record_incoming"), form)
    assert response.status_code == 302
    newcomer = Member.objects.get(name="孙新来")
    assert newcomer.organisation == tree["third"] and newcomer.birth_date == birth
    transfer = Transfer.objects.get(member=newcomer)
    assert transfer.kind == TransferKind.INCOMING and transfer.letter_number == "外转7号"

    # The same person again: the ID number is already registered.
    response = client.post(
        reverse("transfers:record_incoming"), {**form, "letter_number": "外转8号"}
    )
    assert response.status_code == 200
    assert "该公民身份号码已被登记" in response.content.decode()


# --- the letter's validity and 党费交至 (docs/domain.md §6) ------------------------------------

#: A letter issued on 10 March 2026 with the default 90 days: the issue day is not counted, so
#: day 90 is 8 June (21 days to 31 March, +30 April = 51, +31 May = 82, +8 June = 90).
ISSUED = datetime.date(2026, 3, 10)
DAY_89, DAY_90, DAY_91 = (
    datetime.date(2026, 6, 7),
    datetime.date(2026, 6, 8),
    datetime.date(2026, 6, 9),
)


def issue(people, tree, set_today, **kwargs):
    set_today(ISSUED)
    return transfer_start(
        member=people["member"],
        to_organisation=tree["third"],
        actor=people["sender"],
        left_on=ISSUED,
        **kwargs,
    )


def test_a_letter_is_valid_for_90_days_after_the_day_it_is_issued(people, tree, set_today):
    transfer = issue(people, tree, set_today)
    assert transfer.letter_valid_until == DAY_90


@pytest.mark.parametrize(("day", "accepted"), [(DAY_89, True), (DAY_90, True), (DAY_91, False)])
def test_the_receiver_accepts_within_the_validity_only(people, tree, set_today, day, accepted):
    transfer = issue(people, tree, set_today)
    set_today(day)
    if accepted:
        done = transfer_accept(transfer=transfer, actor=people["receiver"])
        assert done.status == TransferStatus.ACCEPTED and done.arrived_on == day
        assert Member.objects.get(pk=people["member"].pk).organisation == tree["third"]
        return
    with pytest.raises(ValidationError) as caught:
        transfer_accept(transfer=transfer, actor=people["receiver"])
    assert codes(caught.value) == {"transfer_letter_expired"}
    assert "有效期至 2026-06-08" in caught.value.messages[0]
    assert Member.objects.get(pk=people["member"].pk).organisation == tree["first"]


def test_an_arrival_after_the_last_day_is_refused_even_before_it(people, tree, set_today):
    transfer = issue(people, tree, set_today)
    set_today(DAY_90)
    with pytest.raises(ValidationError) as caught:
        transfer_accept(transfer=transfer, actor=people["receiver"], arrived_on=DAY_91)
    assert caught.value.error_dict["arrived_on"][0].code == "transfer_letter_expired"


def test_the_validity_is_a_setting(people, tree, set_today, settings):
    settings.TRANSFER_LETTER_VALID_DAYS = 30
    transfer = issue(people, tree, set_today)
    assert transfer.letter_valid_until == datetime.date(2026, 4, 9)  # 21 + 9 days


def test_a_lapsed_letter_reads_as_expired_and_drops_out_of_the_pending_lists(
    people, tree, set_today
):
    transfer = issue(people, tree, set_today)
    set_today(DAY_90)
    assert transfer_incoming_pending(user=people["receiver"]).get() == transfer
    assert transfer.current_status == TransferStatus.PENDING
    set_today(DAY_91)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING  # nothing stored yet
    assert transfer.is_expired and transfer.get_current_status_display() == "已过期"
    assert not transfer_incoming_pending(user=people["receiver"]).exists()
    assert not transfer_outgoing_pending(user=people["sender"]).exists()
    for user in (people["sender"], people["receiver"]):
        assert list(transfer_list_filtered(user=user, status="expired")) == [transfer]
        assert not transfer_list_filtered(user=user, status="pending").exists()
    with pytest.raises(ValidationError) as caught:
        transfer_return(transfer=transfer, actor=people["receiver"], reason="逾期")
    assert codes(caught.value) == {"transfer_letter_expired"}
    with pytest.raises(ValidationError) as caught:
        transfer_revoke(transfer=transfer, actor=people["sender"])
    assert codes(caught.value) == {"transfer_letter_expired"}


def test_a_new_letter_may_be_issued_once_the_old_one_lapsed(people, tree, set_today):
    first = issue(people, tree, set_today)
    set_today(DAY_90)
    with pytest.raises(ValidationError) as caught:
        transfer_start(member=people["member"], to_organisation=tree["third"], actor=None)
    assert codes(caught.value) == {"transfer_pending_exists"}
    set_today(DAY_91)
    second = transfer_start(
        member=people["member"], to_organisation=tree["third"], actor=people["sender"]
    )
    first.refresh_from_db()
    assert first.status == TransferStatus.EXPIRED
    assert second.status == TransferStatus.PENDING
    assert second.letter_valid_until == datetime.date(2026, 9, 7)  # 9 June + 90 days


def test_the_command_marks_lapsed_letters_and_tells_the_member(people, tree, set_today):
    from django.core.management import call_command
    from wagtail.models import ModelLogEntry

    transfer = issue(people, tree, set_today)
    other = transfer_start(
        member=Member.objects.create(
            name="刘未满", organisation=tree["first"], joined_on=datetime.date(2010, 7, 1)
        ),
        to_organisation=tree["third"],
        actor=None,
    )
    set_today(DAY_90)
    call_command("transfer_expire_letters")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING  # day 90: still valid
    set_today(DAY_91)
    call_command("transfer_expire_letters")
    transfer.refresh_from_db()
    other.refresh_from_db()
    assert transfer.status == other.status == TransferStatus.EXPIRED
    assert "2026-06-08" in transfer.decision_reason
    assert ModelLogEntry.objects.filter(action="partybuild.transfer.expire").count() == 2
    with pytest.raises(ValidationError) as caught:
        transfer_accept(transfer=transfer, actor=people["receiver"], arrived_on=DAY_90)
    assert codes(caught.value) == {"transfer_letter_expired"}


def test_the_letter_states_dues_paid_until_as_given_or_from_the_dues_records(
    people, tree, set_today
):
    given = issue(people, tree, set_today, dues_paid_until=datetime.date(2026, 2, 17))
    assert given.dues_paid_until == datetime.date(2026, 2, 1)
    transfer_revoke(transfer=given, actor=people["sender"])
    computed = issue(people, tree, set_today)
    assert computed.dues_paid_until is None  # never assessed: the records cannot tell


def test_expired_letters_in_the_admin(client, people, tree, set_today):
    transfer = issue(people, tree, set_today)
    set_today(DAY_91)
    client.force_login(people["receiver"])
    response = client.get(reverse("transfers:accept", args=[transfer.pk]))
    assert response.status_code == 302
    response = client.post(reverse("transfers:accept", args=[transfer.pk]), {}, follow=True)
    assert "有效期至 2026-06-08" in response.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING
    html = client.get(INDEX, {"status": "expired"}).content.decode()
    assert "王小明" in html and "已过期" in html
    assert "王小明" not in client.get(INDEX, {"status": "pending"}).content.decode()
    client.force_login(people["sender"])
    html = client.get(INDEX).content.decode()
    assert "data-transfer-expired" in html and "重新发起" in html
    assert reverse("transfers:start_member", args=[people["member"].pk]) in html


def test_the_start_form_takes_dues_paid_until_as_a_month(client, people, tree, set_today):
    set_today(ISSUED)
    client.force_login(people["sender"])
    response = client.post(
        reverse("transfers:start_member", args=[people["member"].pk]),
        {"to_organisation": tree["third"].pk, "dues_paid_until": "2026-03"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=people["member"])
    assert transfer.dues_paid_until == datetime.date(2026, 3, 1)
    assert transfer.letter_valid_until == DAY_90
    page = client.get(reverse("transfers:inspect", args=[transfer.pk])).content.decode()
    assert "2026-03" in page and "党费交至" in page


def test_the_api_states_validity_and_dues_paid_until_and_refuses_an_expired_letter(
    roles, tree, api_client, set_today
):
    set_today(ISSUED)
    sender = api_client(roles["admin_a"])
    body = {"member_id": roles["member_a"].member.pk, "to_organisation_id": tree["second"].pk}
    bad = sender.post(
        "/api/app/transfers/", {**body, "dues_paid_until": "2026-13"}, "application/json"
    )
    assert bad.status_code == 422
    created = sender.post(
        "/api/app/transfers/", {**body, "dues_paid_until": "2026-03"}, "application/json"
    ).json()
    assert (created["dues_paid_until"], created["letter_valid_until"]) == ("2026-03", "2026-06-08")
    assert (created["status"], created["is_expired"]) == ("pending", False)
    set_today(DAY_91)
    receiver = api_client(roles["admin_parent"])
    detail = receiver.get(f"/api/app/transfers/{created['id']}").json()
    assert (detail["status"], detail["status_label"], detail["is_expired"]) == (
        "expired",
        "已过期",
        True,
    )
    listed = receiver.get("/api/app/transfers/?status=expired").json()["items"]
    assert [t["id"] for t in listed] == [created["id"]]
    refused = receiver.post(f"/api/app/transfers/{created['id']}/accept", {}, "application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "transfer_letter_expired"


def test_the_migration_gives_letters_still_pending_their_validity(people, tree):
    import importlib

    from django.apps import apps
    from django.db import connection
    from django.utils import timezone

    migration = importlib.import_module(
        "partybuild.migrations.0018_transfer_letter_validity_dues_paid_until"
    )
    pending = start(people, tree)
    returned = transfer_start(
        member=Member.objects.create(name="钱已退", organisation=tree["first"]),
        to_organisation=tree["third"],
        actor=None,
    )
    transfer_return(transfer=returned, actor=None, reason="不符合")
    issued = timezone.make_aware(datetime.datetime(2026, 3, 10, 1, 30))  # 10 March in Shanghai
    Transfer.objects.update(letter_valid_until=None, started_at=issued)
    migration.pending_letters_validity(apps, type("Editor", (), {"connection": connection}))
    assert Transfer.objects.get(pk=pending.pk).letter_valid_until == DAY_90
    assert Transfer.objects.get(pk=returned.pk).letter_valid_until is None
