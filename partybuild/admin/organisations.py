"""Wagtail admin for the organisation tree: an indented listing, add-child, edit, move, delete.

Every write goes through partybuild.services.organisations, every read through the scoped
selectors, so a branch administrator never reaches an organisation outside their subtree.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.log_actions import log

from partybuild.admin.common import BlankValuesInspectMixin
from partybuild.admin.scoping import OrganisationScopedObjectMixin
from partybuild.admin.viewsets import EmptyMessageMixin
from partybuild.core.errors import add_service_errors
from partybuild.core.privacy import mask_identifier
from partybuild.models import Organisation, OrganisationType
from partybuild.selectors.organisations import (
    organisation_is_in_scope,
    organisation_list_with_counts,
    organisation_parent_choices,
    organisation_size_annotations,
    organisation_size_warnings,
)
from partybuild.services.organisations import (
    ORGANISATION_EDITABLE_FIELDS,
    organisation_create,
    organisation_delete,
    organisation_move,
    organisation_update,
)


class TreeTitleColumn(TitleColumn):
    """The name column, indented by depth so the listing reads as a tree."""

    cell_template_name = "partybuild/organisations/tree_title_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["indent"] = (instance.depth - 1) * 1.5
        context["depth"] = instance.depth
        return context


class ParentChoiceField(forms.ModelChoiceField):
    """A parent chooser whose options show the tree's shape and each organisation's type."""

    def label_from_instance(self, obj: Organisation) -> str:
        return f"{'—' * (obj.depth - 1)} {obj.name}（{obj.get_org_type_display()}）".strip()


class OrganisationForm(WagtailAdminModelForm):
    """Create/edit form; the parent is chosen only when creating (moving is its own view)."""

    parent = ParentChoiceField(
        label=_("上级党组织"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("留空表示顶级组织（仅系统管理员可创建）。"),
    )

    class Meta:
        model = Organisation
        fields = ["parent", *ORGANISATION_EDITABLE_FIELDS]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "term_start": forms.DateInput(attrs={"type": "date"}),
            "term_end": forms.DateInput(attrs={"type": "date"}),
            "remarks": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = organisation_parent_choices(user=self.for_user)
            if not self.for_user.is_superuser:
                self.fields["parent"].required = True
                self.fields["parent"].help_text = ""


class OrganisationMoveForm(forms.Form):
    """Choose the new parent of an organisation."""

    parent = ParentChoiceField(
        label=_("移动到（新的上级党组织）"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("整个下级组织树随之移动。留空表示移为顶级组织（仅系统管理员）。"),
    )

    def __init__(self, *args, user, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = organisation_parent_choices(
            user=user, exclude=organisation
        )
        self.fields["parent"].initial = organisation.get_parent()


class OrganisationIndexView(generic.IndexView):
    """The tree in path order, with buttons to add a child and to move; 党员数 counts the
    on-roll members of each organisation's whole subtree (a 党委's are in its branches), and
    规模提示 shows a 党支部's size warnings (docs/domain.md §1), all in the listing's query."""

    def get_base_queryset(self):
        return organisation_list_with_counts(user=self.request.user).annotate(
            **organisation_size_annotations()
        )

    def _get_title_column(self, field_name, column_class=TreeTitleColumn, **kwargs):
        return super()._get_title_column(field_name, TreeTitleColumn, **kwargs)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url_helper = self.url_helper_prefix
        if instance.org_type != "group" and self.permission_policy.user_has_permission(
            self.request.user, "add"
        ):
            buttons.append(
                MenuItem(
                    _("添加下级组织"),
                    url=reverse(f"{url_helper}:add") + f"?parent={instance.pk}",
                    icon_name="plus",
                    priority=15,
                )
            )
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                MenuItem(
                    _("移动"),
                    url=reverse(f"{url_helper}:move", args=[instance.pk]),
                    icon_name="arrow-right-full",
                    priority=16,
                )
            )
        return buttons

    @cached_property
    def url_helper_prefix(self) -> str:
        return self.index_url_name.rsplit(":", 1)[0]


class ServiceErrorsMixin:
    """Show a service's ValidationError on the form instead of failing the request."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class OrganisationCreateView(ServiceErrorsMixin, generic.CreateView):
    """Create through organisation_create; ``?parent=<id>`` preselects the parent."""

    def get_initial(self):
        initial = super().get_initial()
        parent_id = self.request.GET.get("parent")
        if parent_id and parent_id.isdigit():
            initial["parent"] = parent_id
        return initial

    def save_instance(self):
        data = {f: self.form.cleaned_data[f] for f in ORGANISATION_EDITABLE_FIELDS}
        instance = organisation_create(
            parent=self.form.cleaned_data.get("parent"), actor=self.request.user, **data
        )
        log(instance, "wagtail.create", user=self.request.user)
        return instance


class OrganisationEditView(ServiceErrorsMixin, OrganisationScopedObjectMixin, generic.EditView):
    """Edit through organisation_update; out-of-scope objects are 404. A 党支部's size warnings
    (docs/domain.md §1) are shown above the form: they are never refusals."""

    def scope_organisation(self, obj):
        return obj

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # sets self.object, or answers 404
        if self.object.org_type == OrganisationType.BRANCH:
            sized = (
                Organisation.objects.filter(pk=self.object.pk)
                .annotate(**organisation_size_annotations())
                .get()
            )
            # The page is rendered after this method returns, messages included.
            for warning in organisation_size_warnings(sized):
                messages.warning(request, warning)
        return response

    def save_instance(self):
        data = {f: self.form.cleaned_data[f] for f in ORGANISATION_EDITABLE_FIELDS}
        instance = organisation_update(organisation=self.object, actor=self.request.user, data=data)
        log(instance, "wagtail.edit", user=self.request.user)
        return instance


class OrganisationDeleteView(OrganisationScopedObjectMixin, generic.DeleteView):
    """Delete through organisation_delete, which refuses organisations that are not empty."""

    def scope_organisation(self, obj):
        return obj

    def get_usage_url(self):
        # Whether deletion is allowed is decided by organisation_delete (children, members,
        # accounts, and whatever other apps refuse through the organisation_deleting signal),
        # not by Wagtail's reference index, which counts the organisation's own page folders.
        return None

    def delete_action(self):
        organisation_delete(organisation=self.object, actor=self.request.user)
        log(self.object, "wagtail.delete", user=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect(self.get_success_url())


class OrganisationInspectView(
    BlankValuesInspectMixin, OrganisationScopedObjectMixin, generic.InspectView
):
    """Read-only view of one organisation within scope; empty fields show 「—」."""

    def scope_organisation(self, obj):
        return obj


class OrganisationHistoryView(OrganisationScopedObjectMixin, HistoryView):
    """Audit history of one organisation within scope."""

    def scope_organisation(self, obj):
        return obj


class OrganisationUsageView(OrganisationScopedObjectMixin, UsageView):
    """Where one organisation is referenced, within scope."""

    def scope_organisation(self, obj):
        return obj


class OrganisationMoveView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Move an organisation (with its subtree) under another parent."""

    template_name = "wagtailadmin/generic/form.html"
    permission_required = "change"
    page_title = _("移动党组织")
    header_icon = "group"
    index_url_name = None
    move_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Organisation, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not organisation_is_in_scope(user=request.user, organisation=self.object):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.name

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, organisation=self.object)
        return kwargs

    def get_form_class(self):
        return OrganisationMoveForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse(self.move_url_name, args=[self.object.pk])
        context["submit_button_label"] = _("移动")
        context["submit_button_active_label"] = _("正在移动…")
        return context

    def form_valid(self, form):
        old_parent_name = str(self.object.get_parent() or "")
        try:
            organisation_move(
                organisation=self.object,
                new_parent=form.cleaned_data["parent"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        log(
            self.object,
            "partybuild.organisation.move",
            user=self.request.user,
            data={"from": old_parent_name, "to": str(form.cleaned_data["parent"] or "")},
        )
        messages.success(self.request, _("已移动党组织「%(name)s」。") % {"name": self.object.name})
        return redirect(self.index_url_name)


class OrganisationViewSet(EmptyMessageMixin, ModelViewSet):
    """党组织管理 in the Wagtail admin."""

    empty_message = _(
        "还没有党组织。"
        "点击「新建」建立党委、党总支或党支部，或在「Excel导入导出」中按模板批量导入。"
    )

    model = Organisation
    icon = "group"
    menu_label = _("党组织")
    menu_order = 100
    add_to_admin_menu = True
    form_fields = ["parent", *ORGANISATION_EDITABLE_FIELDS]
    list_display = [
        "name",
        Column("org_type", label=_("组织类别"), accessor="get_org_type_display"),
        "code",
        "leader_name",
        Column(
            "contact_phone",
            label=_("联系方式"),
            accessor=lambda organisation: mask_identifier(
                organisation.contact_phone, kind="contact_phone"
            ),
        ),
        Column(
            "unit_party_status",
            label=_("单位建立党组织情况"),
            accessor="get_unit_party_status_display",
        ),
        Column("member_count", label=_("党员数"), accessor="subtree_member_count"),
        "sort_order",
        Column(
            "size_warnings",
            label=_("规模提示"),
            accessor=lambda organisation: "；".join(organisation_size_warnings(organisation)),
        ),
    ]
    list_filter = ["org_type"]
    search_fields = ["name", "code"]
    search_backend_name = None  # modelsearch's SQLite backend mishandles ModelViewSet searches
    ordering = ["path"]
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True

    index_view_class = OrganisationIndexView
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    delete_view_class = OrganisationDeleteView
    inspect_view_class = OrganisationInspectView
    history_view_class = OrganisationHistoryView
    usage_view_class = OrganisationUsageView
    inspect_view_fields = list(ORGANISATION_EDITABLE_FIELDS)

    def get_form_class(self, for_update=False):
        return OrganisationForm

    @property
    def move_view(self):
        return OrganisationMoveView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            move_url_name=self.get_url_name("move"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("move/<int:pk>/", self.move_view, name="move"),
        ]


organisation_viewset = OrganisationViewSet("organisations")
