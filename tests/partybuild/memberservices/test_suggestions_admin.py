"""Admin of 意见建议, 书记信箱 and 留言板: scoped listings (anonymous shows 匿名), the reply, close,
hide and restore pages, and 404 outside the subtree."""

import datetime

import pytest
from django.test import Client

from partybuild.memberservices.models import BoardPost, LetterStatus, SuggestionStatus
from partybuild.memberservices.services.board import board_post_create
from partybuild.memberservices.services.letters import letter_send
from partybuild.memberservices.services.suggestions import suggestion_submit
from partybuild.models import User
from tests.api.conftest import make_member_account
from tests.partybuild.memberservices.test_suggestions import set_service_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree):
    return {
        "a": make_member_account(
            "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
        ),
        "b": make_member_account(
            "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
        ),
    }


@pytest.fixture
def admin_a_client(make_admin, tree):
    client = Client()
    client.force_login(make_admin("admin_a", tree["first"]))
    return client


def test_suggestion_listing_reply_and_close(members, admin_a_client, django_assert_max_num_queries):
    set_service_settings(suggestions_anonymous_allowed=True)
    anonymous = suggestion_submit(
        user=members["a"], title="匿名的建议", content="内容", anonymous=True
    )
    named = suggestion_submit(
        user=members["a"], title="实名的建议", content="内容", anonymous=False
    )
    other = suggestion_submit(
        user=members["b"], title="二支部的建议", content="内容", anonymous=False
    )

    with django_assert_max_num_queries(30):
        response = admin_a_client.get("/admin/suggestions/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "匿名的建议" in page and "实名的建议" in page and "二支部的建议" not in page
    assert "匿名" in page and members["a"].name in page

    response = admin_a_client.get(f"/admin/suggestions/{anonymous.pk}/")
    assert response.status_code == 200 and members["a"].name not in response.content.decode()
    assert admin_a_client.get(f"/admin/suggestions/{other.pk}/").status_code == 404
    assert admin_a_client.get(f"/admin/suggestions/{other.pk}/reply/").status_code == 404

    response = admin_a_client.post(f"/admin/suggestions/{named.pk}/reply/", {"reply": "已采纳"})
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.status == SuggestionStatus.REPLIED and named.reply == "已采纳"
    admin_a_client.post(f"/admin/suggestions/{named.pk}/close/", {})
    named.refresh_from_db()
    assert named.status == SuggestionStatus.CLOSED
    response = admin_a_client.post(f"/admin/suggestions/{named.pk}/close/", {})
    assert response.status_code == 200 and "已关闭" in response.content.decode()


def test_letter_reply_in_admin(members, admin_a_client):
    # A letter reaches the addressed organisation's secretary only (issue 14, item 8): admin_a
    # answers the letters to 一支部's secretary, not those to the 管理部门's 书记信箱.
    set_service_settings(mailbox_email="box@example.com")
    User.objects.filter(username="admin_a").update(email="admin_a@example.com")
    letter = letter_send(
        user=members["a"], recipient_kind="branch_secretary", subject="来信", body="正文"
    )
    other = letter_send(user=members["a"], recipient_kind="mailbox", subject="他信", body="正文")
    page = admin_a_client.get("/admin/secretary_letters/").content.decode()
    assert "来信" in page and "他信" not in page
    assert admin_a_client.get(f"/admin/secretary_letters/{other.pk}/").status_code == 404
    response = admin_a_client.post(
        f"/admin/secretary_letters/{letter.pk}/reply/", {"reply": "收到"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REPLIED


def test_board_hide_with_reason_and_restore(members, admin_a_client):
    post = board_post_create(user=members["a"], content="一支部留言")
    other = board_post_create(user=members["b"], content="二支部留言")
    page = admin_a_client.get("/admin/board_posts/").content.decode()
    assert "一支部留言" in page and "二支部留言" not in page
    assert (
        admin_a_client.post(f"/admin/board_posts/{other.pk}/hide/", {"reason": "x"}).status_code
        == 404
    )
    response = admin_a_client.post(f"/admin/board_posts/{post.pk}/hide/", {"reason": ""})
    assert response.status_code == 200
    assert not BoardPost.objects.get(pk=post.pk).hidden
    admin_a_client.post(f"/admin/board_posts/{post.pk}/hide/", {"reason": "广告"})
    post.refresh_from_db()
    assert post.hidden and post.hidden_reason == "广告"
    admin_a_client.post(f"/admin/board_posts/{post.pk}/restore/", {})
    post.refresh_from_db()
    assert not post.hidden


def test_members_cannot_open_the_admin_pages(members):
    client = Client()
    client.force_login(members["a"])
    response = client.get("/admin/suggestions/")
    assert response.status_code in (302, 403)


def test_management_sets_the_service_settings_in_the_admin(admin_client):
    from wagtail.models import Site

    from partybuild.memberservices.selectors.suggestions import member_service_settings

    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/memberservices/memberservicesettings/{site.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200 and "书记信箱接收邮箱" in response.content.decode()
    response = admin_client.post(
        url,
        {
            "suggestions_anonymous_allowed": "on",
            "mailbox_email": "shujixinxiang@example.gov.cn",
            "board_posts_per_hour": "3",
        },
    )
    assert response.status_code == 302
    service_settings = member_service_settings()
    assert service_settings.suggestions_anonymous_allowed
    assert service_settings.mailbox_email == "shujixinxiang@example.gov.cn"
    assert service_settings.board_posts_per_hour == 3


def test_the_settings_keep_their_old_address(admin_client):
    """The settings moved to the memberservices app; the address under partybuild redirects."""
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    old = admin_client.get(f"/admin/settings/partybuild/memberservicesettings/{site.pk}/")
    assert old.status_code == 301
    assert old["Location"] == f"/admin/settings/memberservices/memberservicesettings/{site.pk}/"
    assert admin_client.get(old["Location"]).status_code == 200
