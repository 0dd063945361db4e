"""The pages the registers' admin adds below a listing (an object's page, a form that runs one
service): the admin frame and breadcrumbs, and the form that shows the service's refusals; and
the actions on an object offered in the listing's row menu and as its page's header buttons.

A register's viewset routes them with ``RegisterViewSet.page_view`` (partybuild.admin.viewsets),
which passes the permission policy and the listing's URL name.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton, MenuItem

from partybuild.admin.common import FormMediaMixin
from partybuild.core.errors import add_service_errors


class AdminPageMixin(FormMediaMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """One page below a register's listing, in the admin frame: the user needs
    ``permission_required`` of the permission policy, and the breadcrumbs read listing → page.

    The listing's crumb links to ``index_url_name`` and reads ``index_label``, by default the
    model's plural name; the page's crumb reads ``get_page_crumb_label()``, by default the page
    title. The media of the forms the page renders are output (FormMediaMixin)."""

    permission_required = "view"
    index_url_name = None
    index_label = None

    def get_index_label(self):
        if self.index_label is not None:
            return self.index_label
        return self.model._meta.verbose_name_plural

    def get_page_crumb_label(self):
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.get_index_label()},
            {"url": "", "label": self.get_page_crumb_label()},
        ]


class ServiceFormView(AdminPageMixin, FormView):
    """A page with one form whose valid data ``run_service`` hands to a service.

    A refusal of the service (a ValidationError) is shown on the form, on the field it names
    (``error_field_map`` renames the service's fields to the form's) or above the form; else
    ``service_done`` answers with what ``run_service`` returned, by default a redirect to it (a
    URL or a URL name). The form posts back to the page's own address and its button reads
    ``submit_button_label``, then 「正在提交…」 while the request runs."""

    template_name = "wagtailadmin/generic/form.html"
    submit_button_label = gettext_lazy("提交")
    error_field_map = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.get_full_path()
        context["submit_button_label"] = self.submit_button_label
        context["submit_button_active_label"] = _("正在提交…")
        return context

    def run_service(self, form):
        raise NotImplementedError

    def service_done(self, result):
        return redirect(result)

    def form_valid(self, form):
        try:
            result = self.run_service(form)
        except ValidationError as error:
            add_service_errors(form, error, self.error_field_map)
            return self.form_invalid(form)
        return self.service_done(result)


class ObjectActionsIndexMixin:
    """For an IndexView: the actions ``object_actions(instance)`` offers on a row, each a
    (label, url, icon), at the end of the row's 「更多」 menu."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(self.object_actions(instance), 11):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class ObjectActionsHeaderMixin:
    """For an object's page (an InspectView): the actions ``object_actions(self.object)``
    offers, each a (label, url, icon), as the page's header buttons."""

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(label, url=url, icon_name=icon)
            for label, url, icon in self.object_actions(self.object)
        ]
