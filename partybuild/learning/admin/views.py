"""Pages of the 学习教育 admin beyond the generic ones: the scoped listing and edit views, an
exam result's page, and 学习情况 (a branch's leaderboard and its xlsx completion report)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.views import generic

from partybuild.admin.common import LinkedRowsIndexMixin, xlsx_export_response
from partybuild.admin.permissions import require_administrator
from partybuild.learning import selectors
from partybuild.learning.admin.forms import ReportForm
from partybuild.learning.excel import completion_report_xlsx


class ScopedIndexView(LinkedRowsIndexMixin, generic.IndexView):
    """A listing confined to the user's subtree by the viewset's ``scoped_queryset``."""

    scoped_queryset = None

    def get_base_queryset(self):
        return self.scoped_queryset(user=self.request.user)


class ScopedObjectMixin:
    """Edit and delete views whose object must be in the user's subtree (404 otherwise)."""

    scoped_queryset = None

    def get_queryset(self):
        return self.scoped_queryset(user=self.request.user)


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    """Edits an object of the user's subtree (404 otherwise)."""


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    """Deletes an object of the user's subtree (404 otherwise)."""


class ScopedInspectView(generic.InspectView):
    """An exam result of a member of the user's subtree (404 otherwise)."""

    scoped_queryset = None

    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped_queryset(user=self.request.user), pk=self.pk)


def learning_report_view(request):
    """学习情况: pick an organisation of the scope; its leaderboard, or ``export=xlsx`` the
    completion report (members × courses and exams). Another subtree's organisation is 404."""
    user = request.user
    require_administrator(user, "learning.view_course")
    form = ReportForm(request.GET or None, user=user)
    rows = []
    organisation = None
    if request.GET.get("organisation"):
        try:
            organisation_id = int(request.GET["organisation"])
        except ValueError:
            organisation_id = 0
        organisation = selectors.organisation_for_report(user=user, organisation_id=organisation_id)
        if request.GET.get("export") == "xlsx":
            report = selectors.completion_report(organisation=organisation)
            title = _("学习情况")
            content, count = completion_report_xlsx(report=report, title=str(title))
            filename = f"{organisation.name}-{title}-{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_export_response(request, content, filename, rows=count)
        order = request.GET.get("order") or "points"
        if order not in ("points", "completion"):
            raise PermissionDenied
        rows = selectors.learning_leaderboard(organisation=organisation, order_by=order, limit=100)
    return TemplateResponse(
        request,
        "partybuild/learning/report.html",
        {
            "form": form,
            "media": form.media,
            "rows": rows,
            "organisation": organisation,
            "header_title": _("学习情况"),
            "title": _("学习情况"),
        },
    )
