"""Admin of 意见建议 on the kernel's service viewset (partybuild/admin/service_viewsets.py, shared
with 书记信箱 in admin/letters.py and 留言板 in admin/board.py): a scoped listing, a detail page,
and 答复 and 关闭 pages that call the services."""

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.service_viewsets import ServiceActionView, ServiceViewSet
from partybuild.memberservices.models import Suggestion, SuggestionStatus
from partybuild.memberservices.selectors.suggestions import suggestion_list_managed
from partybuild.memberservices.services import suggestions as services


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("答复"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )


class SuggestionReplyView(ServiceActionView):
    page_title = gettext_lazy("答复意见建议")
    form_class = ReplyForm
    button_label = gettext_lazy("答复")
    done_message = gettext_lazy("已答复该意见建议。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return obj.status != SuggestionStatus.CLOSED

    def get_initial(self):
        return {"reply": self.object.reply}

    def run_service(self, form) -> None:
        services.suggestion_reply(
            suggestion=self.object, reply=form.cleaned_data["reply"], actor=self.request.user
        )


class SuggestionCloseView(ServiceActionView):
    page_title = gettext_lazy("关闭意见建议")
    button_label = gettext_lazy("关闭")
    button_icon = "lock"
    done_message = gettext_lazy("已关闭该意见建议。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return obj.status != SuggestionStatus.CLOSED

    def run_service(self, form) -> None:
        services.suggestion_close(suggestion=self.object, actor=self.request.user)


class SuggestionViewSet(ServiceViewSet):
    """意见建议 of the user's subtree; anonymous ones show 匿名."""

    empty_message = gettext_lazy(
        "还没有意见建议。党员在门户或 App 提交意见建议后，会出现在这里等待处理。"
    )

    model = Suggestion
    icon = "help"
    menu_label = gettext_lazy("意见建议")
    list_display = [
        "title",
        Column("submitter", label=gettext_lazy("提交人"), accessor="submitter_label"),
        Column("organisation", label=gettext_lazy("所在党组织"), accessor="organisation"),
        Column(
            "created_at",
            label=gettext_lazy("提交时间"),
            accessor="created_label",
            sort_key="created_at",
        ),
        Column("status", label=gettext_lazy("状态"), accessor="get_status_display"),
    ]
    list_filter = ["status", "is_anonymous"]
    ordering = Suggestion._meta.ordering  # by day, then entry: anonymous ones keep only the day
    detail_template_name = "partybuild/suggestions/detail.html"
    scoped_queryset = staticmethod(suggestion_list_managed)
    actions = {"reply": SuggestionReplyView, "close": SuggestionCloseView}


register_permission_policy(Suggestion, AdministratorPermissionPolicy(Suggestion))
suggestion_viewset = SuggestionViewSet("suggestions")
