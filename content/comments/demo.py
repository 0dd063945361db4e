"""Demo 评论: on the first demo 党建动态 and 重要新闻, comments by the demo accounts that have an
on-roll member record — some approved (one with an editor's reply), one 待审核 — so the app shows
comments and the admin's queue has work. Nothing without such accounts (production loads no
account) or once any comment exists."""

import datetime

from django.utils import timezone

from content.comments.models import Comment, CommentStatus
from content.models import DynamicPage, NewsPage
from partybuild.models import User

#: (page model, slug, comment, status, editor's reply)
DEMO_COMMENTS = (
    (
        DynamicPage,
        "dynamic-1",
        "活动组织得很好，党员们参与热情高，值得学习！",
        CommentStatus.APPROVED,
        "感谢支持，欢迎大家积极参加下次主题党日。",
    ),
    (DynamicPage, "dynamic-1", "希望多开展这样接地气的活动。", CommentStatus.APPROVED, ""),
    (NewsPage, "news-1", "认真学习全会精神，立足岗位做贡献。", CommentStatus.APPROVED, ""),
    (DynamicPage, "dynamic-2", "请问下次志愿服务活动什么时候报名？", CommentStatus.PENDING, ""),
)


def comments_demo_load() -> int:
    """Create the demo comments unless some exist; returns how many were created."""
    if Comment.objects.exists():
        return 0
    authors = list(User.objects.filter(member__is_on_roll=True, is_active=True).order_by("pk")[:3])
    editor = User.objects.filter(is_superuser=True).order_by("pk").first()
    if not authors:
        return 0
    created = 0
    now = timezone.now()
    for index, (model, slug, text, status, reply) in enumerate(DEMO_COMMENTS):
        page = model.objects.filter(slug=slug).first()
        if page is None:
            continue
        moderated = status == CommentStatus.APPROVED
        Comment.objects.create(
            page=page,
            author=authors[index % len(authors)],
            text=text,
            status=status,
            created_at=now - datetime.timedelta(hours=30 - index),
            moderated_by=editor if moderated else None,
            moderated_at=now if moderated else None,
            reply=reply,
            replied_by=editor if reply else None,
            replied_at=now if reply else None,
        )
        created += 1
    return created
