"""微心愿: each state transition and its refusals, exactly one winning claim (a thread race on
PostgreSQL, a sequential double claim everywhere), expiry, points on completion and uploads."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone
from PIL import Image as PillowImage

from partybuild import uploads
from partybuild.memberservices.models import MicroWish, PointsEntry, WishStatus
from partybuild.memberservices.selectors.points import points_balance
from partybuild.memberservices.selectors.wishes import wish_area_root, wish_list_for_member
from partybuild.memberservices.services.points import WISH_COMPLETED_POINTS
from partybuild.memberservices.services.wishes import (
    wish_claim,
    wish_confirm,
    wish_create,
    wish_expire_overdue,
    wish_fulfil,
    wish_publish,
    wish_reject,
)
from partybuild.models import Member, PrivateFile
from tests.api.conftest import make_member_account

pytestmark = pytest.mark.django_db


def png(name: str = "完成.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def new_wish(organisation, **fields) -> MicroWish:
    fields.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=30))
    return wish_create(
        organisation=organisation,
        actor=None,
        title=fields.pop("title", "三国演义"),
        value=fields.pop("value", "50"),
        owner_name="张亮",
        owner_phone="13912345678",
        situation="学习历史",
        mailing_address="慈利县城西",
        **fields,
    )


_SERIAL = iter(range(1, 1000))


def claimer(tree, username="claimer", organisation="first", phone="13800000011") -> Member:
    """A member with an account (distinct ID number each call: odd serial digit, male)."""
    serial = f"{next(_SERIAL) % 100:02d}1"
    user = make_member_account(
        username, tree[organisation], phone=phone, birth=datetime.date(1980, 1, 1), serial=serial
    )
    return user.member


@pytest.fixture
def published(tree):
    return wish_publish(wish=new_wish(tree["first"]), actor=None)


def test_a_wish_goes_from_review_to_completed_and_the_claimer_earns_points(
    tree, make_admin, published
):
    admin = make_admin("branch", tree["first"])
    member = claimer(tree)
    wish = wish_claim(wish=published, member=member)
    assert (wish.status, wish.claimed_by) == (WishStatus.CLAIMED, member)
    wish = wish_fulfil(wish=wish, member=member, photo=png(), note="已送到")
    assert wish.fulfilment_photo is not None and wish.fulfilled_at is not None
    wish = wish_confirm(wish=wish, actor=admin)
    assert wish.status == WishStatus.COMPLETED
    assert wish.confirmed_by == admin
    assert points_balance(member=member) == WISH_COMPLETED_POINTS
    assert member.user.messages.filter(object_type="wish", object_id=wish.pk).exists()


def test_creating_refuses_a_past_deadline_and_a_zero_value(tree):
    with pytest.raises(ValidationError) as refused:
        new_wish(tree["first"], deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert refused.value.error_dict["deadline"][0].code == "wish_deadline_in_past"
    with pytest.raises(ValidationError) as refused:
        new_wish(tree["first"], value="0")
    assert refused.value.error_dict["value"][0].code == "wish_value_not_positive"
    assert MicroWish.objects.count() == 0


def test_value_is_decimal_money(tree):
    wish = new_wish(tree["first"], value="3599.5")
    wish.refresh_from_db()
    assert wish.value == Decimal("3599.50")


def test_a_branch_admin_outside_the_wish_is_refused(tree, make_admin):
    wish = new_wish(tree["first"])
    with pytest.raises(PermissionDenied):
        wish_publish(wish=wish, actor=make_admin("other", tree["second"]))
    with pytest.raises(PermissionDenied):
        wish_reject(wish=wish, actor=make_admin("third", tree["third"]), reason="x")
    wish.refresh_from_db()
    assert wish.status == WishStatus.PENDING


def test_reject_needs_a_reason_and_only_a_pending_wish(tree, published):
    wish = new_wish(tree["first"])
    with pytest.raises(ValidationError) as refused:
        wish_reject(wish=wish, actor=None, reason="  ")
    assert refused.value.error_dict["reason"][0].code == "reason_required"
    wish = wish_reject(wish=wish, actor=None, reason="信息不全")
    assert (wish.status, wish.reject_reason) == (WishStatus.REJECTED, "信息不全")
    with pytest.raises(ValidationError) as refused:
        wish_publish(wish=wish, actor=None)
    assert refused.value.code == "wish_not_pending"
    with pytest.raises(ValidationError):
        wish_reject(wish=published, actor=None, reason="晚了")


def test_only_a_published_wish_can_be_claimed(tree):
    with pytest.raises(ValidationError) as refused:
        wish_claim(wish=new_wish(tree["first"]), member=claimer(tree))
    assert refused.value.code == "wish_not_published"


def test_a_second_claim_loses_sequentially(tree, published):
    first = claimer(tree, "first_claimer", phone="13800000021")
    second = claimer(tree, "second_claimer", "second", phone="13800000022")
    wish_claim(wish=published, member=first)
    with pytest.raises(ValidationError) as refused:
        wish_claim(wish=published, member=second)
    assert refused.value.code == "wish_already_claimed"
    published.refresh_from_db()
    assert published.claimed_by == first


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers with a database lock; the race needs PostgreSQL row locks",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_exactly_one_of_many_concurrent_claims_wins(tree):
    wish = wish_publish(wish=new_wish(tree["first"]), actor=None)
    members = [
        claimer(tree, f"racer{n}", "first" if n % 2 else "second", phone=f"138000001{n:02d}")
        for n in range(6)
    ]
    barrier = threading.Barrier(len(members))
    outcomes: list[str] = []
    lock = threading.Lock()

    def claim(member):
        try:
            barrier.wait()
            wish_claim(wish=wish, member=member)
            result = "won"
        except ValidationError as error:
            result = error.code
        finally:
            close_old_connections()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=claim, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("won") == 1
    assert sorted(outcomes) == sorted(["won"] + ["wish_already_claimed"] * (len(members) - 1))
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED
    assert wish.claimed_by in members


def test_a_wish_past_its_deadline_cannot_be_claimed_and_expires(tree, published):
    MicroWish.objects.filter(pk=published.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        wish_claim(wish=published, member=claimer(tree))
    assert refused.value.code == "wish_deadline_passed"
    assert wish_expire_overdue() == 1
    published.refresh_from_db()
    assert published.status == WishStatus.EXPIRED


def test_the_command_expires_overdue_wishes(tree, published, capsys):
    MicroWish.objects.filter(pk=published.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=3)
    )
    call_command("wishes_expire")
    published.refresh_from_db()
    assert published.status == WishStatus.EXPIRED
    assert "1" in capsys.readouterr().out


def test_listing_expires_lazily_and_hides_overdue_wishes(tree, published):
    member = claimer(tree)
    assert list(wish_list_for_member(member=member)) == [published]
    MicroWish.objects.filter(pk=published.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert list(wish_list_for_member(member=member)) == []
    published.refresh_from_db()
    assert published.status == WishStatus.EXPIRED


def test_a_member_sees_and_claims_only_wishes_of_their_committee(tree, published):
    outsider = claimer(tree, "outsider", "third", phone="13800000031")
    assert wish_area_root(organisation=tree["first"]) == tree["organ"]
    assert wish_area_root(organisation=tree["third"]) == tree["town"]
    assert list(wish_list_for_member(member=outsider)) == []
    with pytest.raises(PermissionDenied):
        wish_claim(wish=published, member=outsider)
    neighbour = claimer(tree, "neighbour", "second", phone="13800000032")
    assert list(wish_list_for_member(member=neighbour)) == [published]


def test_only_the_claimer_fulfils_and_a_photo_is_required(tree, published):
    member = claimer(tree)
    other = claimer(tree, "other", phone="13800000041")
    wish = wish_claim(wish=published, member=member)
    with pytest.raises(PermissionDenied):
        wish_fulfil(wish=wish, member=other, photo=png())
    with pytest.raises(ValidationError) as refused:
        wish_fulfil(wish=wish, member=member, photo=None)
    assert refused.value.error_dict["photo"][0].code == "wish_photo_required"


@pytest.mark.parametrize(
    ("file", "code"),
    [
        (lambda: SimpleUploadedFile("病毒.exe", b"MZ"), "upload_type_not_allowed"),
        (lambda: png("大图.png"), "upload_too_large"),
    ],
)
def test_a_bad_photo_is_refused_in_chinese_and_nothing_is_saved(
    tree, published, monkeypatch, file, code
):
    monkeypatch.setitem(uploads.MAX_SIZE, "image", 10)
    member = claimer(tree)
    wish = wish_claim(wish=published, member=member)
    with pytest.raises(ValidationError) as refused:
        wish_fulfil(wish=wish, member=member, photo=file())
    error = refused.value.error_dict["photo"][0]
    assert error.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.messages[0])
    wish.refresh_from_db()
    assert wish.fulfilment_photo is None and wish.fulfilled_at is None
    assert PrivateFile.objects.count() == 0


def test_confirm_needs_a_fulfilment_and_pays_only_once(tree, published):
    member = claimer(tree)
    wish = wish_claim(wish=published, member=member)
    with pytest.raises(ValidationError) as refused:
        wish_confirm(wish=wish, actor=None)
    assert refused.value.code == "wish_not_fulfilled"
    wish_fulfil(wish=wish, member=member, photo=png())
    wish_confirm(wish=wish, actor=None)
    with pytest.raises(ValidationError):
        wish_confirm(wish=wish, actor=None)
    assert PointsEntry.objects.filter(member=member).count() == 1
