"""Admin of 留言板: the posts on the boards of the user's subtree (hidden ones included),
hiding a post with a reason and restoring it."""

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permissions import register_permission_policy

from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.service_viewsets import ServiceActionView, ServiceViewSet
from partybuild.memberservices.models import BoardPost
from partybuild.memberservices.selectors.board import board_post_list_managed
from partybuild.memberservices.services import board as services


class HideForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("隐藏理由"), max_length=200)


class BoardPostHideView(ServiceActionView):
    page_title = gettext_lazy("隐藏留言")
    form_class = HideForm
    button_label = gettext_lazy("隐藏")
    button_icon = "view"
    done_message = gettext_lazy("已隐藏该留言。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return not obj.hidden

    def run_service(self, form) -> None:
        services.board_post_hide(
            post=self.object, reason=form.cleaned_data["reason"], actor=self.request.user
        )


class BoardPostRestoreView(ServiceActionView):
    page_title = gettext_lazy("恢复留言")
    button_label = gettext_lazy("恢复显示")
    button_icon = "rotate"
    done_message = gettext_lazy("已恢复显示该留言。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return obj.hidden

    def run_service(self, form) -> None:
        services.board_post_restore(post=self.object, actor=self.request.user)


def _hidden(post: BoardPost) -> str:
    return str(gettext_lazy("已隐藏")) if post.hidden else ""


class BoardPostViewSet(ServiceViewSet):
    """留言板 posts of the user's subtree."""

    empty_message = gettext_lazy("还没有留言。党员在门户或 App 的留言板发言后，会出现在这里。")

    model = BoardPost
    icon = "comment"
    menu_label = gettext_lazy("留言板")
    list_display = [
        Column("content", label=gettext_lazy("留言内容"), accessor="__str__"),
        Column("author", label=gettext_lazy("留言人"), accessor="author"),
        Column("organisation", label=gettext_lazy("所在党组织"), accessor="organisation"),
        DateColumn("created_at", label=gettext_lazy("留言时间"), sort_key="created_at"),
        Column("hidden", label=gettext_lazy("隐藏"), accessor=_hidden),
    ]
    list_filter = ["hidden"]
    ordering = ["-created_at", "-pk"]
    detail_template_name = "partybuild/board/detail.html"
    scoped_queryset = staticmethod(board_post_list_managed)
    actions = {"hide": BoardPostHideView, "restore": BoardPostRestoreView}


register_permission_policy(BoardPost, AdministratorPermissionPolicy(BoardPost))
board_post_viewset = BoardPostViewSet("board_posts")
