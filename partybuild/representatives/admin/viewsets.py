"""The 党代表 admin: congresses, representatives (with the xlsx export), their 联系党员群众
activities and their 提案/建议 (办理与答复). Lists and objects are confined to the user's
subtree (a representative belongs to his constituency's subtree; others are 404); writes go
through partybuild.representatives.services."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from partybuild.admin.common import CalendarDateColumn, xlsx_export_response
from partybuild.admin.organisations import ServiceErrorsMixin
from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.scoping import ScopedObjectMixin
from partybuild.admin.service_viewsets import ServiceActionView, ServiceViewSet
from partybuild.admin.viewsets import EmptyMessageMixin
from partybuild.representatives import services
from partybuild.representatives.admin.forms import (
    CongressForm,
    ProposalReplyForm,
    RepresentativeForm,
)
from partybuild.representatives.excel import representatives_xlsx
from partybuild.representatives.models import (
    Congress,
    ContactActivity,
    Proposal,
    Representative,
)
from partybuild.representatives.selectors import (
    congress_scope_for_user,
    contact_activity_list,
    proposal_list,
    representative_list,
    representative_scope_for_user,
)

# --- congresses ----------------------------------------------------------------------------------


class CongressScopedMixin(ScopedObjectMixin):
    """Confines an object page to the congresses of the user's subtree (404 otherwise)."""

    def object_in_scope(self, obj) -> bool:
        return congress_scope_for_user(user=self.request.user).filter(pk=obj.pk).exists()


class CongressIndexView(generic.IndexView):
    """The congresses held by organisations of the user's subtree."""

    def get_base_queryset(self):
        return congress_scope_for_user(user=self.request.user)


def _congress_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in CongressForm.Meta.fields}


class CongressCreateView(ServiceErrorsMixin, generic.CreateView):
    """登记党代表大会 through ``congress_save``."""

    def save_instance(self):
        return services.congress_save(actor=self.request.user, **_congress_fields(self.form))


class CongressEditView(ServiceErrorsMixin, CongressScopedMixin, generic.EditView):
    """Corrects a congress of the user's subtree through ``congress_save``."""

    def save_instance(self):
        congress = Congress.objects.get(pk=self.object.pk)
        return services.congress_save(
            congress=congress, actor=self.request.user, **_congress_fields(self.form)
        )


class CongressViewSet(EmptyMessageMixin, ModelViewSet):
    """党代表大会 (届次 and term) held by organisations of the user's subtree."""

    empty_message = _("还没有党代表大会。点击「新增」登记一届党代表大会的届次和任期。")
    model = Congress
    icon = "group"
    menu_label = _("党代表大会")
    list_display = [
        "__str__",
        Column("organisation", label=_("召开党组织"), accessor="organisation"),
        Column("level", label=_("层级"), accessor="get_level_display"),
        CalendarDateColumn("term_start", label=_("任期开始"), sort_key="term_start"),
        CalendarDateColumn("term_end", label=_("任期届满"), sort_key="term_end"),
    ]
    list_filter = ["level"]
    ordering = ["-term_start", "pk"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = CongressIndexView
    add_view_class = CongressCreateView
    edit_view_class = CongressEditView

    def get_form_class(self, for_update=False):
        return CongressForm

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"delete", "usage", "history", "history_results"}
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            delete_url_name=None, usage_url_name=None, history_url_name=None, **kwargs
        )


# --- representatives -----------------------------------------------------------------------------


class RepresentativeScopedMixin(ScopedObjectMixin):
    """Confines an object page to the representatives of the user's subtree (404 otherwise)."""

    def object_in_scope(self, obj) -> bool:
        return representative_scope_for_user(user=self.request.user).filter(pk=obj.pk).exists()


class RepresentativeIndexView(generic.IndexView):
    """Representatives of the user's subtree, with a header button for the xlsx export."""

    export_url_name = None

    def get_base_queryset(self):
        return representative_list(user=self.request.user)

    @property
    def header_buttons(self):
        from django.urls import reverse

        return [
            *super().header_buttons,
            HeaderButton(_("导出 Excel"), url=reverse(self.export_url_name), icon_name="download"),
        ]


def _representative_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in RepresentativeForm.Meta.fields}


class RepresentativeCreateView(ServiceErrorsMixin, generic.CreateView):
    """登记党代表 through ``representative_save``."""

    def save_instance(self):
        return services.representative_save(
            actor=self.request.user, **_representative_fields(self.form)
        )


class RepresentativeEditView(ServiceErrorsMixin, RepresentativeScopedMixin, generic.EditView):
    """Corrects a representative of the user's subtree through ``representative_save``."""

    def save_instance(self):
        representative = Representative.objects.select_related("constituency").get(
            pk=self.object.pk
        )
        return services.representative_save(
            representative=representative,
            actor=self.request.user,
            **_representative_fields(self.form),
        )


def representatives_export_view(request):
    """The xlsx of the user's representatives, activities and proposals."""
    if not policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    content, rows = representatives_xlsx(user=request.user)
    return xlsx_export_response(
        request, content, f"党代表-{timezone.localdate():%Y%m%d}.xlsx", rows=rows
    )


def _term(rep: Representative) -> str:
    end = rep.ended_on or rep.congress.term_end
    return f"{rep.congress.term_start:%Y-%m-%d} 至 {end:%Y-%m-%d}"


class RepresentativeViewSet(EmptyMessageMixin, ModelViewSet):
    """党代表 whose constituency lies in the user's subtree."""

    empty_message = _("还没有党代表。先登记党代表大会，再点击「新增」登记选举产生的党代表。")
    model = Representative
    icon = "user"
    menu_label = _("党代表")
    list_display = [
        Column("member", label=_("姓名"), accessor="member"),
        Column("congress", label=_("党代表大会"), accessor="congress"),
        Column("constituency", label=_("选举单位"), accessor="constituency"),
        Column("term", label=_("任期"), accessor=_term),
        Column("activity_count", label=_("联系活动")),
        Column("proposal_count", label=_("提案建议")),
    ]
    list_filter = ["congress__level"]
    ordering = ["congress__level", "-congress__term_start", "constituency__path", "pk"]
    search_backend_name = None
    search_fields = ["member__name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = RepresentativeIndexView
    add_view_class = RepresentativeCreateView
    edit_view_class = RepresentativeEditView

    def get_form_class(self, for_update=False):
        return RepresentativeForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(export_url_name=self.get_url_name("export"), **kwargs)

    def get_urlpatterns(self):
        return [
            *(
                pattern
                for pattern in super().get_urlpatterns()
                if pattern.name not in {"delete", "usage", "history", "history_results"}
            ),
            path("export/", representatives_export_view, name="export"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            delete_url_name=None, usage_url_name=None, history_url_name=None, **kwargs
        )


# --- activities and proposals --------------------------------------------------------------------


class ContactActivityViewSet(ServiceViewSet):
    """联系党员群众 activities of the user's representatives (recorded by them in the app)."""

    empty_message = _("还没有联系党员群众活动。党代表可在 App 中登记活动。")
    model = ContactActivity
    icon = "group"
    menu_label = _("联系党员群众")
    list_display = [
        Column("representative", label=_("党代表"), accessor="representative.member"),
        CalendarDateColumn("date", label=_("活动日期"), sort_key="date"),
        Column("place", label=_("地点")),
        Column("people_reached", label=_("联系人数")),
    ]
    ordering = ["-date", "-pk"]
    detail_template_name = "partybuild/representatives/activity_detail.html"
    scoped_queryset = staticmethod(contact_activity_list)
    actions: dict = {}


class ProposalReplyView(ServiceActionView):
    """办理与答复 of a proposal: the handling organisation, then the reply."""

    permission_required = "change"
    page_title = _("办理与答复")
    form_class = ProposalReplyForm
    button_label = _("登记办理情况")
    done_message = _("已登记办理情况。")

    @classmethod
    def is_available(cls, obj) -> bool:
        return True

    def get_initial(self):
        return ProposalReplyForm.for_proposal(self.object)

    def run_service(self, form) -> None:
        services.proposal_reply(proposal=self.object, actor=self.request.user, **form.cleaned_data)


class ProposalViewSet(ServiceViewSet):
    """提案/建议 of the user's representatives, with their handling and reply."""

    empty_message = _("还没有提案建议。党代表可在 App 中提交提案建议。")
    model = Proposal
    icon = "doc-full"
    menu_label = _("提案建议")
    list_display = [
        "title",
        Column("representative", label=_("党代表"), accessor="representative.member"),
        CalendarDateColumn("submitted_on", label=_("提交日期"), sort_key="submitted_on"),
        Column("handling_organisation", label=_("承办单位")),
        Column("status", label=_("状态"), accessor="get_status_display"),
    ]
    list_filter = ["status"]
    ordering = ["-submitted_on", "-pk"]
    detail_template_name = "partybuild/representatives/proposal_detail.html"
    scoped_queryset = staticmethod(proposal_list)
    actions = {"reply": ProposalReplyView}


policy = AdministratorPermissionPolicy(Representative)
register_permission_policy(Representative, policy)
register_permission_policy(Congress, AdministratorPermissionPolicy(Congress))
register_permission_policy(
    ContactActivity, AdministratorPermissionPolicy(ContactActivity, permission_model=Representative)
)
register_permission_policy(
    Proposal, AdministratorPermissionPolicy(Proposal, permission_model=Representative)
)
congress_viewset = CongressViewSet("congresses")
representative_viewset = RepresentativeViewSet("representatives")
contact_activity_viewset = ContactActivityViewSet("representative_activities")
proposal_viewset = ProposalViewSet("representative_proposals")


class RepresentativesViewSetGroup(ViewSetGroup):
    """党代表 in the admin menu."""

    menu_label = _("党代表")
    menu_icon = "user"
    menu_order = 270
    items = (representative_viewset, congress_viewset, contact_activity_viewset, proposal_viewset)
