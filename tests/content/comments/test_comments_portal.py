"""评论 on the member portal: a 党建动态 or 重要新闻 page shows its approved comments with the
editors' replies (a page at a time, in a constant number of queries), never another reader's
pending or rejected one; a member on the roll posts through the app API's service (so the
comment waits 待审核 and the rate limit holds), a visitor gets a sign-in link instead of the
form, and whoever may not read the page or is no member on the roll cannot post."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from content.comments.models import Comment, CommentStatus
from content.comments.portal import COMMENTS_PER_PAGE
from content.comments.services import (
    COMMENT_LIMIT,
    comment_approve,
    comment_create,
    comment_reject,
    comment_reply,
)
from partybuild.models import Member

pytestmark = pytest.mark.django_db

PENDING_NOTICE = "评论已提交，审核通过后显示"


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def html_of(client, page, **params) -> str:
    response = client.get(page.url, params)
    assert response.status_code == 200
    return response.content.decode()


def post(client, page, text: str):
    return client.post(page.url, {"text": text})


def test_readers_see_approved_comments_and_replies_only(pages, member, other_member, editor_a):
    approved = comment_create(user=member, page=pages["a"], text="学习了，很受教育")
    comment_reply(comment=approved, reply="谢谢支持，欢迎参加下次活动。", actor=editor_a)
    comment_create(user=member, page=pages["a"], text="还在审核的评论")
    rejected = comment_create(user=member, page=pages["a"], text="被拒绝的评论")
    comment_reject(comment=rejected, reason="与文章无关", actor=editor_a)

    for reader in (other_member, None):
        html = html_of(client_of(reader), pages["a"])
        assert "学习了，很受教育" in html and "谢谢支持，欢迎参加下次活动。" in html
        assert "editor_a" in html  # who replied
        assert "还在审核的评论" not in html and "被拒绝的评论" not in html
        assert "待审核" not in html

    own = html_of(client_of(member), pages["a"])
    assert "还在审核的评论" in own and "待审核" in own
    assert "被拒绝的评论" not in own


def test_a_visitor_sees_the_comments_and_a_sign_in_link_instead_of_the_form(pages, member):
    comment_approve(
        comment=comment_create(user=member, page=pages["news"], text="公报很重要"), actor=None
    )
    html = html_of(client_of(None), pages["news"])
    assert "公报很重要" in html
    assert 'name="text"' not in html and "csrfmiddlewaretoken" not in html
    assert f'href="/login/?next={pages["news"].url.replace("/", "%2F")}%23comments"' in html
    assert "后可发表评论" in html

    response = Client().post(pages["news"].url, {"text": "匿名评论"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Comment.objects.count() == 1


def test_a_member_posts_and_sees_the_pending_notice_others_do_not_see_it(
    pages, member, other_member
):
    client = client_of(member)
    html = html_of(client, pages["a"])
    assert 'name="text"' in html and "csrfmiddlewaretoken" in html

    response = post(client, pages["a"], "  支部活动办得很好  ")
    assert response.status_code == 302
    assert response["Location"] == f"{pages['a'].url}?comments=last#comments"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.text == "支部活动办得很好"
    assert comment.author == member

    html = html_of(client, pages["a"], comments="last")
    assert PENDING_NOTICE in html and "支部活动办得很好" in html and "待审核" in html
    assert "支部活动办得很好" not in html_of(client_of(other_member), pages["a"])
    assert "支部活动办得很好" not in html_of(client_of(None), pages["a"])


def test_an_empty_or_too_long_comment_stays_on_the_form(pages, member):
    client = client_of(member)
    response = post(client, pages["a"], "   ")
    assert response.status_code == 200 and "请填写评论内容。" in response.content.decode()
    response = post(client, pages["a"], "字" * 501)
    assert response.status_code == 200 and "字" * 501 in response.content.decode()
    assert not Comment.objects.exists()


def test_past_the_rate_limit_the_member_reads_when_to_try_again(pages, member):
    client = client_of(member)
    for number in range(COMMENT_LIMIT):
        assert post(client, pages["news"], f"第{number}条").status_code == 302
    response = post(client, pages["news"], "第六条")
    html = response.content.decode()
    assert response.status_code == 429 and "Retry-After" in response
    assert "评论太频繁，请 10 分钟后再试。" in html
    assert "第六条" in html  # the text is kept on the form
    assert Comment.objects.filter(author=member).count() == COMMENT_LIMIT


def test_who_may_not_read_the_page_or_is_no_member_on_the_roll_cannot_post(
    pages, member, other_member, editor_a
):
    # 党建动态 and 重要新闻 are public unless the page is made private (Wagtail's privacy):
    # to a group the member is not in, the page is not served to him at all.
    readers = Group.objects.create(name="一支部读者")
    restriction = PageViewRestriction.objects.create(
        page=pages["b"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(readers)
    response = post(client_of(member), pages["b"], "越权评论")
    assert response.status_code == 302 and "/login/" in response["Location"]

    # Private to signed-in accounts: he reads it, but a private page takes no comments.
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    client = client_of(member)
    assert 'name="text"' not in html_of(client, pages["b"])
    response = post(client, pages["b"], "越权评论")
    assert response.status_code == 200 and "该文章不能评论。" in response.content.decode()

    # An editor without a member record, and a member no longer on the roll.
    Member.objects.filter(user=other_member).update(is_on_roll=False)
    for account in (editor_a, other_member):
        client = client_of(account)
        html = html_of(client, pages["a"])
        assert 'name="text"' not in html and "只有在册党员可以发表评论。" in html
        response = post(client, pages["a"], "不在册")
        assert response.status_code == 403
        assert "只有在册党员可以发表评论。" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_come_a_page_at_a_time_in_a_constant_number_of_queries(
    pages, member, other_member, editor_a, django_assert_max_num_queries
):
    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            comment = Comment.objects.create(
                page=pages["a"], author=other_member, text=f"评论{number:02d}"
            )
            comment_reply(comment=comment, reply=f"回复{number:02d}", actor=editor_a)

    client = client_of(member)
    add(2, 0)
    with django_assert_max_num_queries(80) as few:
        html_of(client, pages["a"])
    add(COMMENTS_PER_PAGE + 3, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = html_of(client, pages["a"])
    assert "评论00" in first and f"评论{COMMENTS_PER_PAGE - 1:02d}" in first
    assert f"评论{COMMENTS_PER_PAGE:02d}" not in first
    assert "第 1 / 2 页" in first
    second = html_of(client, pages["a"], comments=2)
    assert f"评论{COMMENTS_PER_PAGE + 4:02d}" in second and "评论00" not in second


def test_the_form_needs_the_csrf_token(pages, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(pages["a"].url, {"text": "没有令牌"}).status_code == 403
    assert not Comment.objects.exists()


def test_other_pages_have_no_comments_section(pages, member):
    assert 'id="comments"' not in html_of(client_of(member), pages["notice"])
