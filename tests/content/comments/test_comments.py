"""评论: moderation decides what readers see, the author sees his own pending comments, the rate
limit at its boundary, anonymous and non-members are refused, editors moderate only the pages
they may edit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from content.comments.models import Comment, CommentStatus
from content.comments.selectors import comment_list_for_page, comment_list_managed
from content.comments.services import (
    COMMENT_LIMIT,
    comment_approve,
    comment_create,
    comment_reject,
    comment_reply,
)
from partybuild.models import RateLimitHit
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def test_only_approved_comments_show_and_the_author_sees_his_pending_one(
    pages, member, other_member, editor_a
):
    pending = comment_create(user=member, page=pages["a"], text="学习了，很受教育")
    assert pending.status == CommentStatus.PENDING
    assert list(comment_list_for_page(page=pages["a"], user=other_member)) == []
    assert list(comment_list_for_page(page=pages["a"], user=member)) == [pending]

    comment_approve(comment=pending, actor=editor_a)
    assert list(comment_list_for_page(page=pages["a"], user=other_member)) == [pending]

    rejected = comment_create(user=other_member, page=pages["a"], text="广告内容")
    comment_reject(comment=rejected, reason="与文章无关", actor=editor_a)
    assert list(comment_list_for_page(page=pages["a"], user=other_member)) == [pending]
    rejected.refresh_from_db()
    assert rejected.rejection_reason == "与文章无关" and rejected.moderated_by == editor_a


def test_reply_approves_and_shows_under_the_comment(pages, member, other_member, editor_a):
    comment = comment_create(user=member, page=pages["a"], text="活动什么时候再办？")
    comment_reply(comment=comment, reply="下月初，欢迎参加。", actor=editor_a)
    response = client_for(other_member).get(f"/api/app/comments/pages/{pages['a'].pk}")
    (item,) = response.json()["items"]
    assert item["status"] == "approved" and item["reply"] == "下月初，欢迎参加。"
    assert item["replied_by"] == "editor_a" and item["mine"] is False


def test_reject_requires_a_reason_and_rejected_comments_take_no_reply(pages, member, editor_a):
    comment = comment_create(user=member, page=pages["a"], text="评论")
    with pytest.raises(ValidationError) as error:
        comment_reject(comment=comment, reason="  ", actor=editor_a)
    assert _codes(error.value) == {"reason_required"}
    comment_reject(comment=comment, reason="重复", actor=editor_a)
    with pytest.raises(ValidationError) as error:
        comment_reply(comment=comment, reply="好", actor=editor_a)
    assert _codes(error.value) == {"comment_rejected"}


def test_rate_limit_allows_the_limit_then_refuses_with_429(pages, member):
    client = client_for(member)
    url = f"/api/app/comments/pages/{pages['news'].pk}"
    for n in range(COMMENT_LIMIT):
        assert (
            client.post(url, {"text": f"第{n}条"}, content_type="application/json").status_code
            == 201
        )
    response = client.post(url, {"text": "再一条"}, content_type="application/json")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited" and "Retry-After" in response
    assert Comment.objects.filter(author=member).count() == COMMENT_LIMIT

    # Once the window has passed since those comments, commenting works again.
    RateLimitHit.objects.filter(scope="comment.post").update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert (
        client.post(url, {"text": "十分钟后"}, content_type="application/json").status_code == 201
    )


def test_length_limit_at_the_boundary(pages, member):
    comment_create(user=member, page=pages["a"], text="字" * 500)
    with pytest.raises(ValidationError) as error:
        comment_create(user=member, page=pages["a"], text="字" * 501)
    assert _codes(error.value) == {"text_too_long"}


def test_anonymous_and_accounts_without_member_record_are_refused(pages, editor_a):
    url = f"/api/app/comments/pages/{pages['a'].pk}"
    assert client_for(None).get(url).status_code == 401
    assert (
        client_for(None).post(url, {"text": "匿名"}, content_type="application/json").status_code
        == 401
    )
    response = client_for(editor_a).post(url, {"text": "编辑"}, content_type="application/json")
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        comment_create(user=editor_a, page=pages["a"], text="编辑")
    assert not Comment.objects.exists()


def test_only_dynamics_and_news_take_comments(pages, member):
    client = client_for(member)
    notice = f"/api/app/comments/pages/{pages['notice'].pk}"
    assert client.post(notice, {"text": "通知"}, content_type="application/json").status_code == 404
    assert client.get(notice).status_code == 404
    pages["b"].unpublish()
    draft = f"/api/app/comments/pages/{pages['b'].pk}"
    assert client.post(draft, {"text": "草稿"}, content_type="application/json").status_code == 404


def test_editor_moderates_only_his_organisations_pages(pages, member, editor_a, editor_b):
    on_a = comment_create(user=member, page=pages["a"], text="一支部")
    on_b = comment_create(user=member, page=pages["b"], text="二支部")
    assert list(comment_list_managed(user=editor_a)) == [on_a]
    assert list(comment_list_managed(user=editor_b)) == [on_b]
    with pytest.raises(PermissionDenied):
        comment_approve(comment=on_b, actor=editor_a)
    on_b.refresh_from_db()
    assert on_b.status == CommentStatus.PENDING


def test_admin_queue_is_scoped_and_approving_works(client, pages, member, editor_a):
    on_a = comment_create(user=member, page=pages["a"], text="一支部评论")
    on_b = comment_create(user=member, page=pages["b"], text="二支部评论")
    client.force_login(editor_a)
    html = client.get(reverse("comments:index")).content.decode()
    assert "一支部评论" in html and "二支部评论" not in html
    assert client.get(reverse("comments:detail", args=[on_b.pk])).status_code == 404
    assert client.post(reverse("comments:approve", args=[on_b.pk])).status_code == 404
    response = client.post(reverse("comments:approve", args=[on_a.pk]))
    assert response.status_code == 302
    on_a.refresh_from_db()
    assert on_a.status == CommentStatus.APPROVED
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待审核评论" not in home  # none waits for editor_a any more


def test_admin_home_counts_pending_comments(client, pages, member, editor_a):
    comment_create(user=member, page=pages["a"], text="待审核一")
    comment_create(user=member, page=pages["a"], text="待审核二")
    client.force_login(editor_a)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待审核评论" in home and "有 2 条评论等待您审核" in home


def test_my_comments_show_status_and_reason(pages, member, editor_a):
    comment = comment_create(user=member, page=pages["a"], text="我的评论")
    comment_reject(comment=comment, reason="不文明用语", actor=editor_a)
    response = client_for(member).get("/api/app/comments/mine")
    (item,) = response.json()["items"]
    assert item["status_label"] == "已拒绝" and item["rejection_reason"] == "不文明用语"
    assert item["page_title"] == "一支部主题党日" and item["mine"] is True


def test_page_list_query_count_is_constant(pages, member, editor_a, django_assert_max_num_queries):
    for n in range(12):
        comment = Comment.objects.create(page=pages["a"], author=member, text=f"评论{n}")
        comment_reply(comment=comment, reply="谢谢", actor=editor_a)
    client = client_for(member)
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/app/comments/pages/{pages['a'].pk}?limit=50")
    assert response.json()["count"] == 12


def test_admin_queue_query_count_is_constant(
    client, pages, member, editor_a, django_assert_max_num_queries
):
    def add(n):
        for index in range(n):
            comment = Comment.objects.create(page=pages["a"], author=member, text=f"评论{index}")
            if index % 2:
                comment_reply(comment=comment, reply="谢谢", actor=editor_a)

    client.force_login(editor_a)
    add(2)
    client.get(reverse("comments:index"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("comments:index"))
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("comments:index")).status_code == 200


def test_my_comments_query_count_is_constant(
    pages, member, editor_a, django_assert_max_num_queries
):
    def add(n):
        for index in range(n):
            page = pages["a"] if index % 2 else pages["news"]
            comment = Comment.objects.create(page=page, author=member, text=f"评论{index}")
            if index % 4 == 1:  # on 一支部's page, which editor_a moderates
                comment_reject(comment=comment, reason="不文明用语", actor=editor_a)

    client = client_for(member)
    add(2)
    client.get("/api/app/comments/mine?limit=50")
    with django_assert_max_num_queries(20) as few:
        client.get("/api/app/comments/mine?limit=50")
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/app/comments/mine?limit=50").json()["count"] == 12
