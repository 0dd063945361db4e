"""The small framework of the registers whose admin is a scoped listing, a detail page and
action pages (答复, 关闭, 隐藏, 审核 …) that call the services: 意见建议, 书记信箱 and 留言板
(partybuild.memberservices), 评论 (content.comments), 党代表 (partybuild.representatives).
Objects outside the user's scope are 404; writes go through the services, so the generic
add/edit/delete views are not routed."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from partybuild.admin.common import LinkedRowsIndexMixin
from partybuild.admin.views import AdminPageMixin, ServiceFormView
from partybuild.admin.viewsets import RegisterViewSet


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
