"""评论 on the member portal: under a 党建动态 or 重要新闻 page, its approved comments with the
editors' replies (a page at a time), and for a member on the roll the form to comment.

The page itself answers the form's POST (``CommentedPageMixin`` in content/models/base.py), so
Wagtail's page privacy (``before_serve_page``) decides who reaches it exactly as for reading,
and the comment goes through ``comment_create``, the app API's service: the same member check,
page check, length and rate limit (docs/domain.md §6b). A posted comment waits 待审核: its
author sees it marked so, nobody else does until an editor approves it."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from content.comments.models import COMMENT_MAX_LENGTH
from content.comments.selectors import comment_list_for_page, commentable_page
from content.comments.services import comment_create
from partybuild.core.errors import RateLimited, add_service_errors
from partybuild.selectors.members import member_for_user

#: Comments shown on one page of the list.
COMMENTS_PER_PAGE = 20
#: The query parameter of the list's page number (``last`` for the last page).
COMMENTS_PAGE_PARAM = "comments"
#: The anchor of the comments section.
COMMENTS_ANCHOR = "#comments"


class CommentForm(forms.Form):
    """发表评论."""

    text = forms.CharField(
        label=gettext_lazy("发表评论"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={"required": gettext_lazy("请填写评论内容。")},
    )


@dataclass
class CommentPosted:
    """What a POST of the form comes to: a redirect once the comment is taken, else the form
    with its errors and the status to render the page with."""

    response: HttpResponse | None = None
    form: CommentForm | None = None
    status: int = 200
    retry_after: int | None = None


def _page_url(request: HttpRequest, page: Page) -> str:
    return page.get_url(request) or page.url or "/"


def comment_sign_in_url(*, request: HttpRequest, page: Page) -> str:
    """The portal's login, coming back to the page's comments."""
    return f"{reverse('login')}?{urlencode({'next': _page_url(request, page) + COMMENTS_ANCHOR})}"


def _comment_page(request: HttpRequest, comments) -> PaginatorPage:
    paginator = Paginator(comments, COMMENTS_PER_PAGE)
    number = request.GET.get(COMMENTS_PAGE_PARAM, "")
    return paginator.get_page(paginator.num_pages if number == "last" else number)


def comments_context(*, request: HttpRequest, page: Page, form: CommentForm | None = None) -> dict:
    """The template context of a page's comments section (a constant number of queries,
    whatever the number of comments): nothing shown in a preview or on a page that takes no
    comments (not live, or private: docs/domain.md §6b); the form for a member on the roll, a
    sign-in link for a visitor, a note for an account without a member record."""
    errors = form.non_field_errors() if form is not None else []
    if getattr(request, "is_preview", False) or commentable_page(page_id=page.pk) is None:
        return {"comments_shown": False, "comment_errors": errors}
    user = request.user
    may_comment = member_for_user(user=user, on_roll=True) is not None
    return {
        "comments_shown": True,
        "comment_errors": errors,
        "comment_page": _comment_page(request, comment_list_for_page(page=page, user=user)),
        "comment_page_param": COMMENTS_PAGE_PARAM,
        "comment_form": (form or CommentForm()) if may_comment else None,
        "comment_sign_in_url": (
            None if user.is_authenticated else comment_sign_in_url(request=request, page=page)
        ),
        "comment_max_length": COMMENT_MAX_LENGTH,
    }


def comment_post(*, request: HttpRequest, page: Page) -> CommentPosted:
    """Take the form's POST on ``page``: the comment through ``comment_create``, then back to
    the comments' last page with 「评论已提交，审核通过后显示」; a refusal stays on the form."""
    if not request.user.is_authenticated:
        return CommentPosted(
            response=HttpResponseRedirect(comment_sign_in_url(request=request, page=page))
        )
    form = CommentForm(request.POST)
    if not form.is_valid():
        return CommentPosted(form=form)
    try:
        comment_create(
            user=request.user, page=page, text=form.cleaned_data["text"], request=request
        )
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("您不能评论这篇文章。"))
        return CommentPosted(form=form, status=403)
    except ValidationError as error:
        add_service_errors(form, error)
        return CommentPosted(form=form)
    except RateLimited as error:
        form.add_error(None, error.message)
        return CommentPosted(form=form, status=429, retry_after=error.seconds)
    messages.success(request, _("评论已提交，审核通过后显示"))
    url = f"{_page_url(request, page)}?{COMMENTS_PAGE_PARAM}=last{COMMENTS_ANCHOR}"
    return CommentPosted(response=HttpResponseRedirect(url))
