"""Writes of 评论: a member comments (rate-limited), an editor who may edit the page approves or
rejects it (with a reason) and replies under it.

Only an account with an on-roll member record comments, only on a live, public 党建动态 or 重要新闻,
at most ``COMMENT_LIMIT`` comments in ``COMMENT_WINDOW`` (the shared rate limiter,
partybuild.services.ratelimit, scope ``comment.post``: past it, RateLimited → 429). A comment
waits 待审核 until moderated; moderating or replying to a comment on a page the actor may not edit
is refused (PermissionDenied). ``actor=None`` is the system (demo data).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from content.comments.models import (
    COMMENT_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    Comment,
    CommentStatus,
)
from content.comments.selectors import comment_may_moderate, commentable_page
from partybuild.core.errors import refuse, required_text
from partybuild.models import User
from partybuild.selectors.members import member_for_user
from partybuild.services.audit import audit_record
from partybuild.services.ratelimit import ratelimit_check, ratelimit_hit

#: At most this many comments of one account within ``COMMENT_WINDOW``.
COMMENT_LIMIT = 5
COMMENT_WINDOW = datetime.timedelta(minutes=10)
COMMENT_SCOPE = "comment.post"


def _require_moderator(*, actor: User | None, comment: Comment) -> None:
    if actor is not None and not comment_may_moderate(user=actor, comment=comment):
        raise PermissionDenied(_("只有可以编辑该文章的编辑才能审核或回复其评论。"))


def _lock(comment: Comment) -> Comment:
    return Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)


@transaction.atomic
def comment_create(*, user: User, page: Page, text: str, request=None) -> Comment:
    """A member comments on a 党建动态 or 重要新闻; the comment waits 待审核."""
    if member_for_user(user=user, on_roll=True) is None:
        raise PermissionDenied(_("只有在册党员可以发表评论。"))
    if commentable_page(page_id=page.pk) is None:
        refuse("page", _("该文章不能评论。"), "comment_page_not_commentable")
    text = required_text(text, field="text", label=_("评论内容"), max_length=COMMENT_MAX_LENGTH)
    keys = [f"user:{user.pk}"]
    ratelimit_check(
        scope=COMMENT_SCOPE,
        keys=keys,
        limit=COMMENT_LIMIT,
        window=COMMENT_WINDOW,
        request=request,
        actor=user,
        message=_("评论太频繁，请 %(minutes)d 分钟后再试。"),
    )
    comment = Comment.objects.create(page=page, author=user, text=text)
    ratelimit_hit(scope=COMMENT_SCOPE, keys=keys, window=COMMENT_WINDOW)
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, actor: User | None) -> Comment:
    """Show a pending (or rejected) comment to readers."""
    _require_moderator(actor=actor, comment=comment)
    comment = _lock(comment)
    if comment.status == CommentStatus.APPROVED:
        refuse("status", _("该评论已通过审核。"), "comment_already_approved")
    comment.status = CommentStatus.APPROVED
    comment.rejection_reason = ""
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])
    audit_record(instance=comment, action="partybuild.comment.approve", actor=actor)
    return comment


@transaction.atomic
def comment_reject(*, comment: Comment, reason: str, actor: User | None) -> Comment:
    """Refuse (or withdraw) a comment with a reason the author sees."""
    _require_moderator(actor=actor, comment=comment)
    comment = _lock(comment)
    if comment.status == CommentStatus.REJECTED:
        refuse("status", _("该评论已被拒绝。"), "comment_already_rejected")
    reason = required_text(
        reason, field="reason", label=_("拒绝理由"), max_length=REASON_MAX_LENGTH
    )
    comment.status = CommentStatus.REJECTED
    comment.rejection_reason = reason
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])
    audit_record(
        instance=comment, action="partybuild.comment.reject", actor=actor, data={"reason": reason}
    )
    return comment


@transaction.atomic
def comment_reply(*, comment: Comment, reply: str, actor: User | None) -> Comment:
    """An editor's reply, shown under an approved comment (replying approves a pending one)."""
    _require_moderator(actor=actor, comment=comment)
    comment = _lock(comment)
    if comment.status == CommentStatus.REJECTED:
        refuse("reply", _("已拒绝的评论不能回复。"), "comment_rejected")
    reply = required_text(reply, field="reply", label=_("回复内容"), max_length=REPLY_MAX_LENGTH)
    now = timezone.now()
    if comment.status == CommentStatus.PENDING:
        comment.status = CommentStatus.APPROVED
        comment.moderated_by = actor
        comment.moderated_at = now
    comment.reply = reply
    comment.replied_by = actor
    comment.replied_at = now
    comment.save(
        update_fields=[
            "status",
            "moderated_by",
            "moderated_at",
            "reply",
            "replied_by",
            "replied_at",
        ]
    )
    audit_record(instance=comment, action="partybuild.comment.reply", actor=actor)
    return comment
