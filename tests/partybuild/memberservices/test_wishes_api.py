"""微心愿 in the app: listing with the owner's phone masked, claiming (the loser gets a clear
refusal), fulfilment uploads, the administrators' review — and constant queries per page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from partybuild import uploads
from partybuild.memberservices.models import MicroWish, WishStatus
from partybuild.memberservices.services.wishes import wish_create, wish_publish

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("完成.png", buffer.getvalue(), content_type="image/png")


def make_wish(organisation, *, publish=True, title="iPhone手机") -> MicroWish:
    wish = wish_create(
        organisation=organisation,
        actor=None,
        title=title,
        value="5999",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        owner_name="周晓",
        owner_phone="13912345678",
        situation="缺手机",
        cash_amount="5999",
        mailing_address="杭州市西湖区",
        image=png(),
    )
    return wish_publish(wish=wish, actor=None) if publish else wish


def test_the_list_masks_the_owner_phone_and_hides_the_address(roles, tree, api_client):
    make_wish(tree["second"])
    response = api_client(roles["member_a"]).get("/api/app/wishes/")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["owner_phone"] == "139****5678"
    assert "13912345678" not in response.content.decode()
    assert item["mailing_address"] == ""
    assert item["value"] == "5999.00"
    assert item["image_url"]


def test_claim_then_the_second_claimer_is_told_it_is_taken(roles, tree, api_client):
    wish = make_wish(tree["first"])
    won = api_client(roles["member_a"]).post(f"/api/app/wishes/{wish.pk}/claim")
    assert won.status_code == 200
    assert won.json()["claimed_by_me"] is True
    assert won.json()["mailing_address"] == "杭州市西湖区"
    lost = api_client(roles["member_b"]).post(f"/api/app/wishes/{wish.pk}/claim")
    assert lost.status_code == 422
    assert lost.json()["code"] == "wish_already_claimed"
    assert lost.json()["message"] == "该微心愿已被其他党员认领。"
    mine = api_client(roles["member_a"]).get("/api/app/wishes/mine").json()
    assert [item["id"] for item in mine["items"]] == [wish.pk]
    assert api_client(roles["member_b"]).get("/api/app/wishes/mine").json()["count"] == 0


def test_a_member_of_another_committee_cannot_see_or_claim(roles, tree, api_client, make_admin):
    from tests.api.conftest import make_member_account

    outsider = make_member_account(
        "outsider",
        tree["third"],
        phone="13800138009",
        birth=datetime.date(1990, 1, 1),
        serial="555",
    )
    wish = make_wish(tree["first"])
    client = api_client(outsider)
    assert client.get("/api/app/wishes/").json()["count"] == 0
    assert client.get(f"/api/app/wishes/{wish.pk}").status_code == 404
    assert client.post(f"/api/app/wishes/{wish.pk}/claim").status_code == 404


def test_fulfil_rejects_a_wrong_file_in_chinese_and_stores_nothing(
    roles, tree, api_client, monkeypatch
):
    wish = make_wish(tree["first"])
    client = api_client(roles["member_a"])
    client.post(f"/api/app/wishes/{wish.pk}/claim")
    refused = client.post(
        f"/api/app/wishes/{wish.pk}/fulfil",
        {"photo": SimpleUploadedFile("照片.exe", b"MZ"), "note": "x"},
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "upload_type_not_allowed"
    assert "不支持的文件类型" in refused.json()["message"]
    monkeypatch.setitem(uploads.MAX_SIZE, "image", 10)
    too_big = client.post(f"/api/app/wishes/{wish.pk}/fulfil", {"photo": png()})
    assert too_big.json()["code"] == "upload_too_large"
    wish.refresh_from_db()
    assert wish.fulfilment_photo is None and wish.fulfilled_at is None


def test_the_branch_reviews_and_confirms(roles, tree, api_client):
    pending = make_wish(tree["first"], publish=False)
    admin = api_client(roles["admin_a"])
    listed = admin.get("/api/app/wishes/pending").json()
    assert [item["id"] for item in listed["items"]] == [pending.pk]
    assert listed["items"][0]["owner_phone"] == "139****5678"
    empty = admin.post(f"/api/app/wishes/{pending.pk}/reject", {"reason": ""}, "application/json")
    assert empty.status_code == 422
    published = admin.post(f"/api/app/wishes/{pending.pk}/publish")
    assert published.json()["status"] == WishStatus.PUBLISHED
    member = api_client(roles["member_a"])
    member.post(f"/api/app/wishes/{pending.pk}/claim")
    early = admin.post(f"/api/app/wishes/{pending.pk}/confirm")
    assert early.json()["code"] == "wish_not_fulfilled"
    member.post(f"/api/app/wishes/{pending.pk}/fulfil", {"photo": png(), "note": "已送达"})
    done = admin.post(f"/api/app/wishes/{pending.pk}/confirm")
    assert done.status_code == 200 and done.json()["status"] == WishStatus.COMPLETED
    points = member.get("/api/app/points/mine").json()
    assert points["balance"] == 20 and points["entries"][0]["kind"] == "wish"


@pytest.mark.parametrize("count", [2, 12])
def test_listing_queries_do_not_grow_with_the_page(
    roles, tree, api_client, django_assert_max_num_queries, count
):
    for n in range(count):
        make_wish(tree["second"], title=f"心愿{n}")
    client = api_client(roles["member_a"])
    with django_assert_max_num_queries(12):
        assert client.get("/api/app/wishes/?limit=20").json()["count"] == count
    admin = api_client(roles["admin_parent"])
    MicroWish.objects.update(status=WishStatus.PENDING)
    with django_assert_max_num_queries(13):
        assert admin.get("/api/app/wishes/pending?limit=20").json()["count"] == count
