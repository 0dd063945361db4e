"""Admin of 意见建议, plus the small framework the 便民服务 viewsets share (书记信箱 in
admin/letters.py, 留言板 in admin/board.py): a scoped listing, a detail page, and action pages
(答复, 关闭, 隐藏 …) that call the services. Objects outside the user's subtree are 404; writes go
through partybuild.services, so the generic add/edit/delete views are not routed."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from partybuild.admin.common import LinkedRowsIndexMixin
from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.views import AdminPageMixin, ServiceFormView
from partybuild.admin.viewsets import RegisterViewSet
from partybuild.memberservices.models import Suggestion, SuggestionStatus
from partybuild.memberservices.selectors.suggestions import suggestion_list_managed
from partybuild.memberservices.services import suggestions as services


class ServiceIndexView(LinkedRowsIndexMixin, generic.IndexView):
    """A listing confined to the user's subtree by the viewset's ``scoped_queryset``."""

    scoped_queryset = None

    def get_base_queryset(self):
        return self.scoped_queryset(user=self.request.user)


class ServicePageMixin(AdminPageMixin):
    """The object named in the URL (404 outside the subtree) inside the admin frame."""

    scoped_queryset = None
    detail_url_name = None
    index_label = ""
    header_icon = "comment"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.scoped_queryset(user=request.user), pk=kwargs["pk"])

    def get_page_title(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context


class ServiceDetailView(ServicePageMixin, TemplateView):
    """One object with a header button per action available in its state."""

    actions: dict = {}
    action_url_names: dict = {}

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                view.button_label,
                url=reverse(self.action_url_names[name], args=[self.object.pk]),
                icon_name=view.button_icon,
            )
            for name, view in self.actions.items()
            if view.is_available(self.object)
        ]


class ServiceActionView(ServicePageMixin, ServiceFormView):
    """A form running one service on the object; its refusals are shown on the form, and once
    it ran, ``done_message`` above the object's page."""

    form_class = forms.Form
    button_label = ""
    button_icon = "edit"
    done_message = ""

    @classmethod
    def is_available(cls, obj) -> bool:
        return True

    @property
    def submit_button_label(self):
        return self.button_label

    def get_page_subtitle(self):
        return str(self.object)

    def run_service(self, form) -> None:
        raise NotImplementedError

    def service_done(self, result):
        messages.success(self.request, self.done_message)
        return redirect(reverse(self.detail_url_name, args=[self.object.pk]))


class ServiceViewSet(RegisterViewSet):
    """A scoped listing, a detail page (each row opens it) and the action pages named in
    ``actions``."""

    index_view_class = ServiceIndexView
    detail_view_class = ServiceDetailView
    detail_template_name = ""
    scoped_queryset = None
    actions: dict = {}

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)

    def _page(self, view_class, **kwargs):
        return self.page_view(
            view_class,
            detail_url_name=self.get_url_name("detail"),
            index_label=self.model._meta.verbose_name_plural,
            scoped_queryset=self.scoped_queryset,
            header_icon=self.icon,
            **kwargs,
        )

    def get_urlpatterns(self):
        detail = self._page(
            self.detail_view_class,
            template_name=self.detail_template_name,
            actions=self.actions,
            action_url_names={name: self.get_url_name(name) for name in self.actions},
        )
        return [
            *self.listing_urlpatterns(),
            path("<int:pk>/", detail, name="detail"),
            *(
                path(f"<int:pk>/{name}/", self._page(view_class), name=name)
                for name, view_class in self.actions.items()
            ),
        ]


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
