"""Admin of 评论: the moderation queue of the pages the editor may edit (待审核 first by the
filter), 通过, 拒绝 (with a reason) and 回复; other pages' comments are 404. The admin home shows
how many comments wait (wagtail_hooks.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from content.comments import services
from content.comments.models import (
    REASON_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    Comment,
    CommentStatus,
)
from content.comments.selectors import comment_list_managed
from partybuild.admin.service_viewsets import ServiceActionView, ServiceViewSet

#: The permission of the editors (内容·编辑) who moderate the comments of their pages.
EDIT_CONTENT = "partybuild.edit_content"


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Editors (内容·编辑) and superusers moderate; which comments is decided per page by the
    page permissions (selectors.comment_list_managed)."""

    def user_has_permission(self, user, action):
        return user.is_active and (user.is_superuser or user.has_perm(EDIT_CONTENT))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class RejectForm(forms.Form):
    """拒绝评论: the reason the author reads."""

    reason = forms.CharField(label=_("拒绝理由"), max_length=REASON_MAX_LENGTH)


class ReplyForm(forms.Form):
    """回复评论: the reply shown under the comment."""

    reply = forms.CharField(
        label=_("回复内容"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REPLY_MAX_LENGTH,
    )


class CommentApproveView(ServiceActionView):
    """通过: readers see the comment (offered unless it is approved already)."""

    permission_required = "change"
    page_title = _("通过评论")
    button_label = _("通过")
    button_icon = "check"
    done_message = _("已通过该评论，读者可以看到它了。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return obj.status != CommentStatus.APPROVED

    def run_service(self, form) -> None:
        services.comment_approve(comment=self.object, actor=self.request.user)


class CommentRejectView(ServiceActionView):
    """拒绝 with a reason the author reads (offered unless it is rejected already)."""

    permission_required = "change"
    page_title = _("拒绝评论")
    form_class = RejectForm
    button_label = _("拒绝")
    button_icon = "cross"
    done_message = _("已拒绝该评论。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return obj.status != CommentStatus.REJECTED

    def run_service(self, form) -> None:
        services.comment_reject(
            comment=self.object, reason=form.cleaned_data["reason"], actor=self.request.user
        )


class CommentReplyView(ServiceActionView):
    """回复 under the comment, which approves it (not offered on a rejected comment)."""

    permission_required = "change"
    page_title = _("回复评论")
    form_class = ReplyForm
    button_label = _("回复")
    button_icon = "comment"
    done_message = _("已回复该评论。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return obj.status != CommentStatus.REJECTED

    def get_initial(self):
        return {"reply": self.object.reply}

    def run_service(self, form) -> None:
        services.comment_reply(
            comment=self.object, reply=form.cleaned_data["reply"], actor=self.request.user
        )


class CommentViewSet(ServiceViewSet):
    """评论 on the pages the user may edit."""

    empty_message = _("还没有评论。党员在 App 中评论党建动态和重要新闻后，会出现在这里等待审核。")

    model = Comment
    icon = "comment"
    menu_label = _("评论审核")
    menu_order = 285
    add_to_admin_menu = True
    list_display = [
        Column("text", label=_("评论内容"), accessor="__str__"),
        Column("page", label=_("文章"), accessor="page"),
        Column("author", label=_("评论人"), accessor="author"),
        DateColumn("created_at", label=_("评论时间"), sort_key="created_at"),
        Column("status", label=_("状态"), accessor="get_status_display"),
    ]
    list_filter = ["status"]
    ordering = ["-created_at", "-pk"]
    detail_template_name = "comments/detail.html"
    scoped_queryset = staticmethod(comment_list_managed)
    actions = {
        "approve": CommentApproveView,
        "reject": CommentRejectView,
        "reply": CommentReplyView,
    }


register_permission_policy(Comment, CommentPermissionPolicy(Comment))
comment_viewset = CommentViewSet("comments")
