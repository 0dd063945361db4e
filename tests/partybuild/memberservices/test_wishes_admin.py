"""微心愿 / 微心得 in the Wagtail admin: listings in scope with masked phones, registering and
correcting, the review pages, the leaderboard — and 404 outside the user's subtree."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from partybuild.memberservices.models import ExperienceStatus, MicroWish, WishStatus
from partybuild.memberservices.selectors.points import points_balance
from partybuild.memberservices.services.experiences import experience_submit
from partybuild.memberservices.services.wishes import wish_claim, wish_fulfil, wish_publish
from tests.partybuild.memberservices.test_wishes import claimer, new_wish, png

pytestmark = pytest.mark.django_db

PERMISSIONS = [
    "add_microwish",
    "change_microwish",
    "view_microwish",
    "change_microexperience",
    "view_microexperience",
]


@pytest.fixture
def branch_client(client, tree, make_admin, org_admin_group):
    for codename in PERMISSIONS:
        org_admin_group.permissions.add(Permission.objects.get(codename=codename))
    client.force_login(make_admin("first_admin", tree["first"]))
    return client


def test_the_list_shows_own_wishes_with_masked_phones(branch_client, tree):
    new_wish(tree["first"], title="三国演义")
    new_wish(tree["third"], title="外支部的心愿")
    page = branch_client.get(reverse("wishes:index")).content.decode()
    assert "三国演义" in page and "外支部的心愿" not in page
    assert "139****5678" in page and "13912345678" not in page


def test_filter_by_status(branch_client, tree):
    new_wish(tree["first"], title="待审核的")
    wish_publish(wish=new_wish(tree["first"], title="已发布的"), actor=None)
    page = branch_client.get(reverse("wishes:index"), {"status": "published"}).content.decode()
    assert "已发布的" in page and "待审核的" not in page


def test_register_a_wish_with_an_image(branch_client, tree):
    response = branch_client.post(
        reverse("wishes:add"),
        {
            "organisation": tree["first"].pk,
            "title": "电脑",
            "value": "1999",
            "deadline": "2099-05-31",
            "owner_name": "周晓",
            "owner_phone": "13912345678",
            "situation": "缺电脑",
            "cash_amount": "",
            "mailing_address": "杭州市",
            "image_upload": png(),
        },
    )
    assert response.status_code == 302
    wish = MicroWish.objects.get()
    assert wish.status == WishStatus.PENDING and wish.image is not None


def test_register_refuses_an_organisation_outside_scope(branch_client, tree):
    response = branch_client.post(
        reverse("wishes:add"),
        {
            "organisation": tree["third"].pk,
            "title": "电脑",
            "value": "1999",
            "deadline": "2099-05-31",
            "owner_name": "周晓",
        },
    )
    assert response.status_code == 200
    assert MicroWish.objects.count() == 0


def test_the_edit_form_shows_the_full_phone_of_an_own_wish(branch_client, tree):
    wish = new_wish(tree["first"])
    page = branch_client.get(reverse("wishes:edit", args=[wish.pk])).content.decode()
    assert "13912345678" in page
    response = branch_client.post(
        reverse("wishes:edit", args=[wish.pk]),
        {
            "title": "三国演义（精装）",
            "value": "60",
            "deadline": "2099-01-01",
            "owner_name": "张亮",
            "owner_phone": "13912345678",
        },
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.title == "三国演义（精装）"


def test_review_publish_reject_and_confirm(branch_client, tree):
    wish = new_wish(tree["first"])
    url = reverse("wishes:review", args=[wish.pk])
    refused = branch_client.post(url, {"decision": "reject", "reason": ""})
    assert "请填写驳回理由" in refused.content.decode()
    assert branch_client.post(url, {"decision": "publish"}).status_code == 302
    wish.refresh_from_db()
    assert wish.status == WishStatus.PUBLISHED
    member = claimer(tree)
    wish_claim(wish=wish, member=member)
    wish_fulfil(wish=wish, member=member, photo=png())
    assert branch_client.post(url, {"decision": "confirm"}).status_code == 302
    wish.refresh_from_db()
    assert wish.status == WishStatus.COMPLETED
    assert points_balance(member=member) > 0


def test_wishes_and_experiences_outside_scope_are_404(branch_client, tree):
    wish = new_wish(tree["third"])
    outsider = claimer(tree, "outsider", "third", phone="13800000061")
    experience = experience_submit(member=outsider, title="外支部", content="……")
    for url in (
        reverse("wishes:edit", args=[wish.pk]),
        reverse("wishes:review", args=[wish.pk]),
        reverse("experiences:review", args=[experience.pk]),
    ):
        assert branch_client.get(url).status_code == 404
        assert branch_client.post(url, {"decision": "reject", "reason": "x"}).status_code == 404
    wish.refresh_from_db()
    assert wish.status == WishStatus.PENDING


def test_experience_review_awards_points_once(branch_client, tree):
    author = claimer(tree, "author", phone="13800000062")
    experience = experience_submit(member=author, title="学以致用", content="……")
    url = reverse("experiences:review", args=[experience.pk])
    assert branch_client.post(url, {"decision": "approve", "points": "12"}).status_code == 302
    again = branch_client.post(url, {"decision": "approve", "points": "12"})
    assert again.status_code == 200
    assert "不能再次审核" in again.content.decode()
    assert points_balance(member=author) == 12
    experience.refresh_from_db()
    assert experience.status == ExperienceStatus.APPROVED
    listing = branch_client.get(reverse("experiences:index")).content.decode()
    assert "学以致用" in listing
    board = branch_client.get(reverse("experiences:leaderboard")).content.decode()
    assert author.name in board and "12" in board


def test_leaderboard_ignores_an_organisation_outside_scope(branch_client, tree):
    response = branch_client.get(
        reverse("experiences:leaderboard"), {"organisation": tree["third"].pk}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_listing_queries_do_not_grow(branch_client, tree, django_assert_max_num_queries, count):
    for n in range(count):
        new_wish(tree["first"], title=f"心愿{n}")
    with django_assert_max_num_queries(40):
        branch_client.get(reverse("wishes:index"))


@pytest.mark.parametrize("count", [2, 12])
def test_experience_listing_queries_do_not_grow(
    branch_client, tree, django_assert_max_num_queries, count
):
    author = claimer(tree, "many", phone="13800000063")
    for n in range(count):
        experience_submit(member=author, title=f"心得{n}", content="……")
    with django_assert_max_num_queries(40):
        branch_client.get(reverse("experiences:index"))
