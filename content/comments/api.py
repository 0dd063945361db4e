"""App API: 评论 — the approved comments of a 党建动态 or 重要新闻 (with the reader's own pending
ones, marked 待审核), posting a comment (on-roll members only; 429 past the rate limit), and
my comments with their status, reason and reply."""

import datetime

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from content.comments import services
from content.comments.models import COMMENT_MAX_LENGTH, Comment
from content.comments.selectors import (
    comment_list_for_author,
    comment_list_for_page,
    commentable_page,
)
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["评论"])


class CommentIn(Schema):
    """A new comment on a page."""

    text: str = Field(..., max_length=COMMENT_MAX_LENGTH)


class CommentOut(Schema):
    """A comment as readers of the page see it, with its reply."""

    id: int
    author: str
    text: str
    created_at: datetime.datetime
    status: str
    status_label: str
    mine: bool
    reply: str
    replied_by: str
    replied_at: datetime.datetime | None


class MyCommentOut(CommentOut):
    """One of the caller's own comments, with its page and the reason of a refusal."""

    page_id: int
    page_title: str
    rejection_reason: str


def comment_data(comment: Comment, *, user) -> dict:
    return {
        "id": comment.pk,
        "author": str(comment.author),
        "text": comment.text,
        "created_at": comment.created_at,
        "status": comment.status,
        "status_label": comment.get_status_display(),
        "mine": comment.author_id == user.pk,
        "reply": comment.reply,
        "replied_by": str(comment.replied_by) if comment.replied_by else "",
        "replied_at": comment.replied_at,
    }


def my_comment_data(comment: Comment, *, user) -> dict:
    return {
        **comment_data(comment, user=user),
        "page_id": comment.page_id,
        "page_title": comment.page.title,
        "rejection_reason": comment.rejection_reason,
    }


def _page(page_id: int):
    page = commentable_page(page_id=page_id)
    if page is None:
        raise Http404
    return page


@router.get(
    "pages/{page_id}",
    response={200: list[CommentOut], **error_responses(404)},
    summary="文章的评论（已通过的，及本人待审核的）",
)
@paginate(AppPagination)
def comment_list(request, page_id: ObjectId):
    page = _page(page_id)
    user = request.user
    return Mapped(comment_list_for_page(page=page, user=user), lambda c: comment_data(c, user=user))


@router.post(
    "pages/{page_id}",
    response={201: CommentOut, **error_responses(403, 404, 429)},
    summary="发表评论（在册党员，审核后显示）",
)
def comment_create(request, page_id: ObjectId, payload: CommentIn):
    page = _page(page_id)
    comment = services.comment_create(
        user=request.user, page=page, text=payload.text, request=request
    )
    comment = Comment.objects.select_related("author", "replied_by").get(pk=comment.pk)
    return Status(201, comment_data(comment, user=request.user))


@router.get(
    "mine",
    response={200: list[MyCommentOut], **error_responses()},
    summary="我的评论",
)
@paginate(AppPagination)
def comment_list_mine(request):
    user = request.user
    return Mapped(comment_list_for_author(user=user), lambda c: my_comment_data(c, user=user))
