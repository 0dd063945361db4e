"""The portal's 微心愿, 微心得 and 我的积分 pages for a logged-in member."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partybuild.memberservices.models import MicroExperience, MicroWish, WishStatus
from partybuild.memberservices.services.experiences import experience_approve, experience_submit
from partybuild.memberservices.services.wishes import wish_claim, wish_publish
from tests.partybuild.memberservices.test_wishes import claimer, new_wish, png
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_pages")]


@pytest.fixture
def member(tree):
    return claimer(tree, "portal_member", phone="13800000071")


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def test_the_list_masks_phones_and_claiming_moves_the_wish_to_mine(member_client, tree):
    wish = wish_publish(wish=new_wish(tree["second"], title="三国演义"), actor=None)
    wish_publish(wish=new_wish(tree["third"], title="外党委的心愿"), actor=None)
    page = member_client.get(reverse("portal:wishes")).content.decode()
    assert "三国演义" in page and "外党委的心愿" not in page
    assert "139****5678" in page and "13912345678" not in page
    response = member_client.post(reverse("portal:wish_claim", args=[wish.pk]), follow=True)
    assert "认领成功" in response.content.decode()
    assert "慈利县城西" in response.content.decode()
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED


def test_a_taken_wish_is_refused_with_a_message(member_client, tree):
    wish = wish_publish(wish=new_wish(tree["first"]), actor=None)
    wish_claim(wish=wish, member=claimer(tree, "quick", phone="13800000072"))
    response = member_client.post(reverse("portal:wish_claim", args=[wish.pk]), follow=True)
    assert "该微心愿已被其他党员认领" in response.content.decode()


def test_fulfil_form_accepts_a_photo_and_refuses_a_wrong_file(member_client, member, tree):
    wish = wish_publish(wish=new_wish(tree["first"]), actor=None)
    wish_claim(wish=wish, member=member)
    url = reverse("portal:wishes_mine")
    wrong = member_client.post(
        url, {"wish": wish.pk, "photo": SimpleUploadedFile("a.exe", b"MZ"), "note": ""}
    )
    assert "不支持的文件类型" in wrong.content.decode()
    assert MicroWish.objects.get().fulfilled_at is None
    ok = member_client.post(url, {"wish": wish.pk, "photo": png(), "note": "已送达"})
    assert ok.status_code == 302
    assert MicroWish.objects.get().fulfilment_note == "已送达"


def test_experiences_page_submits_and_shows_points(member_client, member):
    response = member_client.post(
        reverse("portal:experiences"),
        {"title": "学以致用", "content": "学习的最终目的……", "image": png()},
    )
    assert response.status_code == 302
    experience = MicroExperience.objects.get()
    page = member_client.get(reverse("portal:experiences")).content.decode()
    assert "待审核" in page
    experience_approve(experience=experience, actor=None, points=12)
    points = member_client.get(reverse("portal:points")).content.decode()
    assert "<strong>12</strong>" in points
    assert "微心得「学以致用」审核通过" in points


def test_a_refused_upload_on_the_experience_form_saves_nothing(member_client):
    response = member_client.post(
        reverse("portal:experiences"),
        {"title": "t", "content": "c", "attachment": SimpleUploadedFile("a.html", b"<p>")},
    )
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert MicroExperience.objects.count() == 0


def test_a_user_without_a_dossier_sees_a_notice(client, make_admin, tree):
    client.force_login(make_admin("no_dossier", tree["first"]))
    for name in ("portal:wishes", "portal:wishes_mine", "portal:experiences", "portal:points"):
        assert "尚未关联党员档案" in client.get(reverse(name)).content.decode()


def test_members_see_approved_experiences_only(member_client, tree, member):
    other = claimer(tree, "writer", "second", phone="13800000073")
    approved = experience_submit(member=other, title="已通过的心得", content="…")
    experience_approve(experience=approved, actor=None)
    experience_submit(member=other, title="待审核的心得", content="…")
    page = member_client.get(reverse("portal:experiences")).content.decode()
    assert "已通过的心得" in page and "待审核的心得" not in page


@pytest.mark.parametrize("count", [2, 12])
def test_portal_lists_do_not_grow_in_queries(
    member_client, member, tree, django_assert_max_num_queries, count
):
    for n in range(count):
        wish_publish(wish=new_wish(tree["first"], title=f"心愿{n}"), actor=None)
        experience_approve(
            experience=experience_submit(member=member, title=f"心得{n}", content="…"), actor=None
        )
    for name in ("portal:wishes", "portal:experiences", "portal:points"):
        with django_assert_max_num_queries(20):
            assert member_client.get(reverse(name)).status_code == 200
