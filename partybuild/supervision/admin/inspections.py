"""随机抽查 in the admin: draw N random 已结束 meetings of an organisation of my subtree, read
each meeting's electronic record (调阅电子会议记录) and record the verdict. Meetings outside the
user's subtree are 404; the services refuse the rest — the verdict is the inspecting side's
only: the inspected branch's administrators read the record and the reason without the form,
and a verdict they post anyway is refused (403, which the admin shows as a message)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from partybuild.admin.common import CalendarDateColumn, LinkedRowsIndexMixin
from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.viewsets import RegisterViewSet
from partybuild.models import Organisation
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.supervision.admin.forms import _indented
from partybuild.supervision.admin.views import SupervisionFormView
from partybuild.supervision.models import InspectionVerdict, MeetingInspection
from partybuild.supervision.selectors import meeting_inspection_list, meeting_inspection_refusal
from partybuild.supervision.services import (
    MAX_DRAW,
    meeting_inspection_draw,
    meeting_inspection_verdict,
)


class DrawForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("抽查范围")
    )
    count = forms.IntegerField(
        label=gettext_lazy("抽取会议数"), min_value=1, max_value=MAX_DRAW, initial=3
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisation_scope_for_user(user=user).order_by("path")
        field.label_from_instance = _indented


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=gettext_lazy("抽查结论"),
        choices=[(InspectionVerdict.PASS, "合格"), (InspectionVerdict.FAIL, "不合格")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("抽查意见"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class InspectionIndexView(LinkedRowsIndexMixin, generic.IndexView):
    draw_url_name = None

    def get_base_queryset(self):
        return meeting_inspection_list(user=self.request.user)

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("随机抽取"), url=reverse(self.draw_url_name), icon_name="plus")]


class InspectionDrawView(SupervisionFormView):
    page_title = gettext_lazy("随机抽取会议")
    submit_button_label = gettext_lazy("抽取")
    index_label = gettext_lazy("随机抽查")

    def get_form(self, form_class=None):
        return DrawForm(**self.get_form_kwargs(), user=self.request.user)

    def run_service(self, form):
        drawn = meeting_inspection_draw(
            user=self.request.user,
            organisation=form.cleaned_data["organisation"],
            count=form.cleaned_data["count"],
        )
        messages.success(self.request, _("已抽取%(n)s次会议，请逐一评定。") % {"n": len(drawn)})
        return reverse(self.index_url_name)


class InspectionReviewView(SupervisionFormView):
    """One drawn meeting: its facts and minutes, and the verdict form while 待评."""

    template_name = "partybuild/supervision/inspection_review.html"
    index_label = gettext_lazy("随机抽查")
    form_class = VerdictForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.inspection = get_object_or_404(
            meeting_inspection_list(user=request.user).select_related(
                "meeting__host", "meeting__recorder"
            ),
            pk=kwargs["pk"],
        )
        self.refusal = meeting_inspection_refusal(user=request.user, inspection=self.inspection)

    def post(self, request, *args, **kwargs):
        if self.refusal is not None:
            raise PermissionDenied(self.refusal)
        return super().post(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.inspection.meeting)

    def get_page_subtitle(self):
        return self.inspection.meeting.organisation.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inspection"] = self.inspection
        context["meeting"] = self.inspection.meeting
        context["pending"] = self.inspection.verdict == InspectionVerdict.PENDING
        context["refusal"] = self.refusal
        return context

    def run_service(self, form):
        meeting_inspection_verdict(
            inspection=self.inspection,
            verdict=form.cleaned_data["verdict"],
            comment=form.cleaned_data["comment"],
            actor=self.request.user,
        )
        messages.success(self.request, _("已记录抽查结论。"))
        return self.request.path


def _meeting_day(inspection: MeetingInspection):
    return inspection.meeting.starts_at


class MeetingInspectionViewSet(RegisterViewSet):
    """随机抽查: drawn meetings of the user's subtree and their verdicts."""

    empty_message = gettext_lazy(
        "还没有抽查记录。点击「随机抽取」，从本级及下级党组织已召开的会议中抽取检查。"
    )

    model = MeetingInspection
    icon = "search"
    menu_label = gettext_lazy("随机抽查")
    list_display = [
        Column("meeting", label=gettext_lazy("会议"), accessor="meeting"),
        Column(
            "organisation", label=gettext_lazy("党组织"), accessor=lambda i: i.meeting.organisation
        ),
        CalendarDateColumn(
            "starts_at",
            label=gettext_lazy("会议时间"),
            accessor=_meeting_day,
            sort_key="meeting__starts_at",
        ),
        Column("verdict", label=gettext_lazy("抽查结论"), accessor="get_verdict_display"),
        Column("inspector", label=gettext_lazy("抽查人"), accessor="inspector"),
        DateColumn("drawn_at", label=gettext_lazy("抽取时间"), sort_key="drawn_at"),
    ]
    list_filter = ["verdict"]
    search_fields = ["meeting__topic"]
    ordering = ["-drawn_at", "-pk"]
    index_view_class = InspectionIndexView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(draw_url_name=self.get_url_name("draw"), **kwargs)

    def get_urlpatterns(self):
        return [
            *self.listing_urlpatterns(),
            path("draw/", self.page_view(InspectionDrawView), name="draw"),
            path("<int:pk>/", self.page_view(InspectionReviewView), name="detail"),
        ]


register_permission_policy(MeetingInspection, AdministratorPermissionPolicy(MeetingInspection))
meeting_inspection_viewset = MeetingInspectionViewSet("meeting_inspections")
