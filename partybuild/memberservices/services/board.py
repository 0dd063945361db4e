"""Writes of 留言板: post (rate-limited per member per hour), hide with a reason, restore.

The limit is MemberServiceSettings.board_posts_per_hour posts in any 60 minutes (hidden posts
count too). Concurrent posts of one account are serialised by locking the account's row, so the
limit holds under parallel requests.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse, required_text
from partybuild.memberservices.models import BoardPost
from partybuild.memberservices.models.board import BOARD_POST_MAX_LENGTH
from partybuild.memberservices.selectors.board import board_posts_since
from partybuild.memberservices.selectors.suggestions import member_service_settings
from partybuild.models import User
from partybuild.selectors.members import member_for_user
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record

RATE_WINDOW = datetime.timedelta(hours=1)


def _require_scope(*, actor: User, post: BoardPost) -> None:
    if not organisation_is_in_scope(user=actor, organisation=post.organisation):
        raise PermissionDenied(_("只有本支部及其上级党组织的管理员可以管理该留言。"))


def _lock(post: BoardPost) -> BoardPost:
    return (
        BoardPost.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=post.pk)
    )


@transaction.atomic
def board_post_create(*, user: User, content: str) -> BoardPost:
    """A member posts on their branch's board, unless they reached the hourly limit."""
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        raise PermissionDenied(_("只有在册党员可以在留言板留言。"))
    content = required_text(
        content, field="content", max_length=BOARD_POST_MAX_LENGTH, label=_("留言内容")
    )
    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = member_service_settings().board_posts_per_hour
    now = timezone.now()
    recent = list(
        board_posts_since(user=user, since=now - RATE_WINDOW).values_list("created_at", flat=True)
    )
    if len(recent) >= limit:
        available_at = recent[len(recent) - limit] + RATE_WINDOW if limit else now + RATE_WINDOW
        refuse(
            "content",
            _("您在一小时内最多可发 %(limit)d 条留言，请于 %(time)s 后再发。")
            % {
                "limit": limit,
                "time": timezone.localtime(available_at).strftime("%Y-%m-%d %H:%M"),
            },
            "board_rate_limited",
        )
    return BoardPost.objects.create(
        organisation=member.organisation, author=user, content=content, created_at=now
    )


@transaction.atomic
def board_post_hide(*, post: BoardPost, reason: str, actor: User) -> BoardPost:
    """An administrator in scope hides a post; the reason is required and kept."""
    _require_scope(actor=actor, post=post)
    post = _lock(post)
    if post.hidden:
        refuse("hidden", _("该留言已隐藏。"), "board_post_already_hidden")
    reason = required_text(reason, field="reason", max_length=200, label=_("隐藏理由"))
    post.hidden = True
    post.hidden_reason = reason
    post.hidden_by = actor
    post.hidden_at = timezone.now()
    post.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    audit_record(
        instance=post, action="partybuild.board.hide", actor=actor, data={"reason": reason}
    )
    return post


@transaction.atomic
def board_post_restore(*, post: BoardPost, actor: User) -> BoardPost:
    """An administrator in scope shows a hidden post again (the old reason stays in the log)."""
    _require_scope(actor=actor, post=post)
    post = _lock(post)
    if not post.hidden:
        refuse("hidden", _("该留言未被隐藏。"), "board_post_not_hidden")
    post.hidden = False
    post.hidden_reason = ""
    post.hidden_by = None
    post.hidden_at = None
    post.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    audit_record(instance=post, action="partybuild.board.restore", actor=actor)
    return post
