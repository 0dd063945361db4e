"""History views shared by the registers' admin: a link back to inspect, a 历史 button, and the
site history report (站点历史) scoped to the user's subtree."""

from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Value
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import registry as log_action_registry

from partybuild.selectors.audit import (
    log_entries_viewable_by_user,
    log_entry_actions_for_filter,
    log_entry_content_types_for_filter,
    log_entry_users_for_filter,
    user_reads_audit_log,
)


class SiteHistoryMenuItem(MenuItem):
    """报告 › 站点历史, shown to the readers of the audit log (Wagtail shows its own to whoever
    may explore pages; partybuild.wagtail_hooks swaps them)."""

    def is_shown(self, request):
        return user_reads_audit_log(request.user)


def site_history_menu_item() -> SiteHistoryMenuItem:
    return SiteHistoryMenuItem(
        _("站点历史"),
        reverse("wagtailadmin_reports:site_history"),
        name="site-history",
        icon_name="history",
        order=1000,
    )


class InspectLinkHistoryMixin:
    """History views of objects that are inspected, not edited: link back to the inspect view."""

    inspect_url_name = None

    def get_edit_url(self, instance):
        if self.inspect_url_name:
            return reverse(self.inspect_url_name, args=[instance.pk])
        return None

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("查看详情"), url=self.get_edit_url(self.object), icon_name="info-circle")
        ]


class HistoryButtonMixin:
    """A 「历史」 entry in an inspect view's header menu."""

    history_url_name = None

    @cached_property
    def header_more_buttons(self):
        if not self.history_url_name:
            return []
        return [
            Button(
                _("历史"),
                url=reverse(self.history_url_name, args=[self.object.pk]),
                icon_name="history",
            )
        ]


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The report's filters, offering only the people, types and actions of visible entries."""

    object_type = ContentTypeFilter(
        label=_("类型"),
        method="filter_object_type",
        queryset=lambda request: log_entry_content_types_for_filter(user=request.user),
    )

    def get_action_choices(self):
        return log_entry_actions_for_filter(user=self.request.user)

    def get_user_choices(self):
        return log_entry_users_for_filter(user=self.request.user)


class SiteHistoryView(LogEntriesView):
    """站点历史 and its CSV/XLSX export, the audit log: for the holders of the audit log
    permission (审计管理员), who see the entries about objects of their subtree, and every entry
    when it is the whole tree (partybuild.selectors.audit)."""

    filterset_class = ScopedSiteHistoryFilterSet

    def dispatch(self, request, *args, **kwargs):
        if not user_reads_audit_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filtered_queryset(self):
        # LogEntriesView.get_filtered_queryset with each log model's entries scoped.
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            entries = (
                log_entries_viewable_by_user(user=self.request.user, log_model=log_model)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            entries = self.filter_queryset(entries).order_by()
            queryset = entries if queryset is None else queryset.union(entries, all=True)
        return queryset.order_by("-timestamp")


def site_history_urlpatterns() -> list:
    """/admin/reports/site-history/ (and its results), scoped: included in partysite/urls.py
    before Wagtail's admin URLs, whose unscoped report they replace at the same address."""
    decorate = [require_admin_access, never_cache]

    def view(**kwargs):
        function = SiteHistoryView.as_view(**kwargs)
        for decorator in decorate:
            function = decorator(function)
        return function

    return [
        path("reports/site-history/", view()),
        path("reports/site-history/results/", view(results_only=True)),
    ]
