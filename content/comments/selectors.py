"""Reads of 评论: a page's approved comments (and the reader's own pending ones), a member's own
comments, and the moderation queue of the pages an editor may edit."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from content.comments.models import Comment, CommentStatus
from content.models import DynamicPage, NewsPage
from partybuild.models import User

#: The page types members may comment on: 党建动态 and 重要新闻.
COMMENTABLE_MODELS = (DynamicPage, NewsPage)


def commentable_page(*, page_id: int) -> Page | None:
    """The live, public 党建动态 or 重要新闻 of ``page_id`` (None for any other page)."""
    for model in COMMENTABLE_MODELS:
        page = model.objects.live().public().filter(pk=page_id).first()
        if page is not None:
            return page
    return None


def comment_list_for_page(
    *, page: Page, user: User | AnonymousUser | None = None
) -> QuerySet[Comment]:
    """The approved comments of ``page``, oldest first, with the reader's own pending ones
    (marked 待审核 by their status)."""
    shown = Q(status=CommentStatus.APPROVED)
    if user is not None and user.is_authenticated:
        shown |= Q(author=user, status=CommentStatus.PENDING)
    return (
        Comment.objects.filter(shown, page=page)
        .select_related("author", "replied_by")
        .order_by("created_at", "pk")
    )


def comment_list_for_author(*, user: User | AnonymousUser) -> QuerySet[Comment]:
    """The user's own comments, newest first, with their page."""
    if not user.is_authenticated:
        return Comment.objects.none()
    return (
        Comment.objects.filter(author=user)
        .select_related("page", "author", "replied_by")
        .order_by("-created_at", "-pk")
    )


def _editable_pages(user: User | AnonymousUser) -> QuerySet[Page]:
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def comment_list_managed(
    *, user: User | AnonymousUser, status: str | None = None
) -> QuerySet[Comment]:
    """Comments on the pages ``user`` may edit (an editor: his organisation's sections; a
    superuser: all), pending first then newest."""
    if not user.is_authenticated or not user.is_active:
        return Comment.objects.none()
    comments = Comment.objects.all()
    if not user.is_superuser:
        comments = comments.filter(page__in=_editable_pages(user).values("pk"))
    if status:
        comments = comments.filter(status=status)
    return comments.select_related("page", "author", "moderated_by", "replied_by").order_by(
        "-created_at", "-pk"
    )


def comment_pending_count(*, user: User | AnonymousUser) -> int:
    """How many comments await the user's moderation (the admin home's badge)."""
    return comment_list_managed(user=user, status=CommentStatus.PENDING).count()


def comment_may_moderate(*, user: User | AnonymousUser, comment: Comment) -> bool:
    """Whether ``user`` may approve, reject or reply to ``comment`` (he may edit its page)."""
    return comment_list_managed(user=user).filter(pk=comment.pk).exists()
