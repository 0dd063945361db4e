"""Portal pages of 便民服务 for members (/me/suggestions/, /me/letters/, /me/board/): submit a
suggestion (anonymously only when the site setting allows) and read the replies to mine, write
to the branch secretary or the 书记信箱 and read the replies, and the branch's message board.
The same services as the app API decide; their refusals are shown on the forms."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from partybuild.core.errors import add_service_errors
from partybuild.memberservices.models import LetterRecipient
from partybuild.memberservices.models.board import BOARD_POST_MAX_LENGTH
from partybuild.memberservices.selectors.board import board_post_list_visible
from partybuild.memberservices.selectors.letters import letter_list_mine, letter_mailbox_choices
from partybuild.memberservices.selectors.suggestions import (
    member_service_settings,
    suggestion_list_mine,
)
from partybuild.memberservices.services.board import board_post_create
from partybuild.memberservices.services.letters import letter_send
from partybuild.memberservices.services.suggestions import suggestion_submit
from partybuild.models import Organisation
from partybuild.selectors.members import member_for_user

#: How many of one's own suggestions or letters, or of the board's posts, a page shows.
PAGE_ROWS = 50


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), max_length=5000, widget=forms.Textarea)
    anonymous = forms.BooleanField(
        label=_("匿名提交"),
        required=False,
        help_text=_("匿名提交不保存您的账号，提交后您也无法在此查看该建议及其答复。"),
    )

    def __init__(self, *args, anonymous_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not anonymous_allowed:
            del self.fields["anonymous"]


class LetterForm(forms.Form):
    recipient_kind = forms.ChoiceField(label=_("收信人"), choices=LetterRecipient.choices)
    addressee = forms.ModelChoiceField(
        label=_("收信党组织"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("最上级党组织（管理部门）"),
        help_text=_("写给上级党组织书记信箱时选择；信件只送达该党组织的书记。"),
    )
    subject = forms.CharField(label=_("主题"), max_length=100)
    body = forms.CharField(label=_("正文"), max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = letter_mailbox_choices(organisation=organisation)


class BoardPostForm(forms.Form):
    content = forms.CharField(
        label=_("留言"), max_length=BOARD_POST_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


def _no_member(request: HttpRequest) -> HttpResponse:
    return render(request, "partybuild/portal/services/no_member.html")


@login_required
def suggestions_view(request: HttpRequest) -> HttpResponse:
    """意见建议: the form and my own (non-anonymous) suggestions with replies."""
    if member_for_user(user=request.user, on_roll=True) is None:
        return _no_member(request)
    allowed = member_service_settings().suggestions_anonymous_allowed
    form = SuggestionForm(request.POST or None, anonymous_allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion_submit(
                user=request.user,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                anonymous=form.cleaned_data.get("anonymous", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("意见建议已提交，感谢您的反馈。"))
            return redirect("portal:suggestions")
    return render(
        request,
        "partybuild/portal/services/suggestions.html",
        {"form": form, "suggestions": suggestion_list_mine(user=request.user)[:PAGE_ROWS]},
    )


@login_required
def letters_view(request: HttpRequest) -> HttpResponse:
    """书记信箱: the form and my letters with replies."""
    member = member_for_user(user=request.user, on_roll=True)
    if member is None:
        return _no_member(request)
    form = LetterForm(request.POST or None, organisation=member.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            letter_send(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("信件已发送，答复后您会收到消息。"))
            return redirect("portal:letters")
    return render(
        request,
        "partybuild/portal/services/letters.html",
        {"form": form, "letters": letter_list_mine(user=request.user)[:PAGE_ROWS]},
    )


@login_required
def board_view(request: HttpRequest) -> HttpResponse:
    """留言板 of my branch: the visible posts and the post form."""
    member = member_for_user(user=request.user, on_roll=True)
    if member is None:
        return _no_member(request)
    form = BoardPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board_post_create(user=request.user, content=form.cleaned_data["content"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("留言已发布。"))
            return redirect("portal:board")
    return render(
        request,
        "partybuild/portal/services/board.html",
        {
            "form": form,
            "organisation": member.organisation,
            "posts": board_post_list_visible(organisation=member.organisation)[:PAGE_ROWS],
        },
    )
