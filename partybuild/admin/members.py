"""Wagtail admin for member dossiers (党员管理): listing, dossier, create/edit with sub-records,
delete, history, the reveal of full identity numbers, and a print-friendly roster.

Scope: every view reads members through :func:`partybuild.selectors.members.member_scope_for_user`
(``member_list`` for listings), so a member outside the user's subtree answers 404 wherever it
is asked for. Privacy: ID and mobile numbers are shown through
:func:`partybuild.privacy.mask_identifier` everywhere, edit forms included (they are never
prefilled); only the reveal view, which needs 「查看完整身份信息」, shows them in full and writes
an audit record.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button, HeaderButton

from partybuild.models import (
    AbroadRecord,
    DemocraticEvaluation,
    Member,
    MemberStanding,
    Organisation,
    RewardPunishment,
    User,
)
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.privacy import mask_identifier
from partybuild.selectors.members import member_list, member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.services.audit import identity_reveal_record
from partybuild.validators import parse_id_number

#: The permission that shows ID and mobile numbers in full (Member.Meta.permissions).
FULL_IDENTITY_PERMISSION = "partybuild.view_full_identity"

#: Dossier fields on the create/edit form, in the order of the form's sections.
MEMBER_FORM_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        _("基本信息"),
        ("name", "gender", "ethnicity", "birth_date", "native_place", "id_number", "phone"),
    ),
    (_("联系与照片"), ("home_address", "photo", "user")),
    (_("学历与工作"), ("education", "degree", "school_major", "employer", "job_post")),
    (
        _("党籍信息"),
        (
            "organisation",
            "category",
            "joined_on",
            "confirmed_on",
            "standing",
            "is_lost_contact",
            "is_abroad",
            "is_mobile",
            "is_on_roll",
        ),
    ),
)
MEMBER_MODEL_FORM_FIELDS = [
    field for _heading, fields in MEMBER_FORM_SECTIONS for field in fields if field != "id_number"
]


def may_see_full_identity(user) -> bool:
    return user.has_perm(FULL_IDENTITY_PERMISSION)


def organisation_label(organisation: Organisation) -> str:
    """An organisation as a choice: indented by depth, with its type."""
    indent = "—" * (organisation.depth - 1)
    return f"{indent} {organisation.name}（{organisation.get_org_type_display()}）".strip()


def member_search(queryset: QuerySet[Member], query: str) -> QuerySet[Member]:
    """Members whose name contains ``query`` or whose pinyin initials do (「hzc」 → 黄主才)."""
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q(name__icontains=query)
    compact = query.replace(" ", "").lower()
    if compact.isascii() and compact.isalnum():
        condition |= Q(name_initials__contains=compact)
    return queryset.filter(condition)


def standing_label(member: Member) -> str:
    """党籍状态 with the flags a member carries (失联, 出国(境), 流动党员)."""
    label = str(member.get_standing_display())
    if member.flags:
        label += "（" + "、".join(member.flags) + "）"
    return label


def roster_status_label(member: Member) -> str:
    """The seed's 党员状态: the category, and the standing when it is not 正常."""
    label = str(member.get_category_display())
    if member.standing != MemberStanding.NORMAL:
        label += f"（{member.get_standing_display()}）"
    return label


def iso_date(value) -> str:
    return value.isoformat() if value else ""


# --- filters ---------------------------------------------------------------------------------


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return organisation_label(obj)


class OrganisationSubtreeFilter(django_filters.ModelChoiceFilter):
    """An organisation and everything under it (one prefix query on the tree path)."""

    field_class = OrganisationChoiceField

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(organisation__path__startswith=value.path)


def _scoped_organisations(request) -> QuerySet[Organisation]:
    if request is None:
        return Organisation.objects.none()
    return organisation_scope_for_user(user=request.user).order_by("path")


class MemberFilterSet(WagtailFilterSet):
    """Filters of the member list and the roster; organisations are limited to the user's scope."""

    organisation = OrganisationSubtreeFilter(
        label=_("所在党组织（含下级组织）"),
        queryset=_scoped_organisations,
        empty_label=_("全部"),
    )
    joined_year = django_filters.NumberFilter(
        label=_("入党年份"),
        field_name="joined_on",
        lookup_expr="year",
        widget=forms.NumberInput(attrs={"min": 1921, "max": 2100, "placeholder": "例如 1972"}),
    )

    class Meta:
        model = Member
        fields = ["category", "standing", "gender", "education"]


# --- forms -----------------------------------------------------------------------------------


class MemberForm(WagtailAdminModelForm):
    """The dossier form. The ID number is written through ``Member.id_number`` (encrypted).

    ID and mobile numbers are never prefilled, so the form shows no more than the masked
    listing does: left empty they stay as they are; 「清除手机号码」 removes the mobile number.
    """

    id_number = forms.CharField(
        label=_("公民身份号码"),
        required=False,  # required for a new dossier (see __init__); empty keeps the stored one
        error_messages={"required": _("请填写公民身份号码。")},
        widget=forms.TextInput(attrs={"maxlength": 18, "autocomplete": "off"}),
    )
    clear_phone = forms.BooleanField(label=_("清除手机号码"), required=False)

    class Meta(WagtailAdminModelForm.Meta):  # keeps Wagtail's widgets (date picker, image chooser)
        model = Member
        fields = MEMBER_MODEL_FORM_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self._stored_phone = instance.phone
        organisation_field = self.fields["organisation"]
        organisation_field.queryset = (
            organisation_scope_for_user(user=self.for_user)
            .filter(org_type__in=MEMBER_ORGANISATION_TYPES)
            .order_by("path")
        )
        organisation_field.label_from_instance = organisation_label
        organisation_field.help_text = _("党员编入党支部或党小组。")
        self.fields["user"].queryset = self._account_choices()
        self.fields["user"].help_text = _("党员登录门户网站和 App 使用的账号，可不填。")
        self.fields["phone"].widget.attrs["autocomplete"] = "off"
        if instance.pk and instance.id_number:
            self.fields["id_number"].help_text = _("当前：%(masked)s。留空表示不修改。") % {
                "masked": mask_identifier(instance.id_number, kind="id_number")
            }
        else:
            self.fields["id_number"].required = True
            self.fields["id_number"].help_text = _("18位，最后一位可为X。")
        if instance.pk and instance.phone:
            self.initial["phone"] = ""
            self.fields["phone"].help_text = _("当前：%(masked)s。留空表示不修改。") % {
                "masked": mask_identifier(instance.phone, kind="mobile")
            }
        else:
            del self.fields["clear_phone"]

    def _account_choices(self) -> QuerySet[User]:
        accounts = User.objects.filter(member__isnull=True)
        if self.instance.user_id:
            accounts = accounts | User.objects.filter(pk=self.instance.user_id)
        if not self.for_user.is_superuser:
            scope = organisation_scope_for_user(user=self.for_user)
            accounts = accounts.filter(is_superuser=False).filter(
                Q(administered_organisation__in=scope)
                | Q(administered_organisation__isnull=True)
                | Q(pk=self.instance.user_id or 0)
            )
        return accounts.order_by("username")

    def clean_id_number(self) -> str:
        value = (self.cleaned_data.get("id_number") or "").strip()
        if not value:
            if self.instance.pk and self.instance.id_number:
                return self.instance.id_number
            raise ValidationError(_("请填写公民身份号码。"), code="required")
        return parse_id_number(value).number

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not cleaned.get("phone"):
            cleaned["phone"] = "" if cleaned.get("clear_phone") else self._stored_phone
        # Member.clean (run next, on the instance) checks the number's agreement with birth
        # date and sex and its uniqueness through the blind index.
        self.instance.id_number = cleaned.get("id_number", "")
        return cleaned

    def _update_errors(self, errors):
        # Model validation reports ID number errors (e.g. a duplicate) on the storage column;
        # the form shows them on its id_number field.
        if hasattr(errors, "error_dict") and "id_number_stored" in errors.error_dict:
            errors.error_dict.setdefault("id_number", []).extend(
                errors.error_dict.pop("id_number_stored")
            )
        super()._update_errors(errors)

    def save(self, commit=True):
        member = super().save(commit=False)
        member.id_number = self.cleaned_data.get("id_number", "")
        if commit:
            member.save()
            self.save_m2m()
        return member


def _field_row(*names: str) -> FieldRowPanel:
    return FieldRowPanel([FieldPanel(name) for name in names])


MEMBER_EDIT_HANDLER = ObjectList(
    [
        MultiFieldPanel(
            [
                _field_row("name", "gender", "ethnicity"),
                _field_row("birth_date", "native_place"),
                _field_row("id_number", "phone"),
                FieldPanel("clear_phone"),
                FieldPanel("home_address"),
                _field_row("photo", "user"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                _field_row("education", "degree"),
                FieldPanel("school_major"),
                _field_row("employer", "job_post"),
            ],
            heading=_("学历与工作"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                _field_row("category", "standing"),
                _field_row("joined_on", "confirmed_on"),
                _field_row("is_lost_contact", "is_abroad", "is_mobile", "is_on_roll"),
            ],
            heading=_("党籍信息"),
        ),
    ],
    base_form_class=MemberForm,
)


class SubRecordFormSet(BaseInlineFormSet):
    """A dossier sub-record formset; ``heading`` names its section."""

    heading = ""


def _sub_record_formset(model, fields, *, heading, widgets):
    formset_class = inlineformset_factory(
        Member,
        model,
        formset=SubRecordFormSet,
        fields=fields,
        extra=1,
        can_delete=True,
        widgets=widgets,
    )
    formset_class.heading = heading
    return formset_class


REWARD_FORMSET = _sub_record_formset(
    RewardPunishment,
    ["kind", "title", "awarded_on", "authority", "description"],
    heading=_("奖惩情况"),
    widgets={"awarded_on": AdminDateInput, "description": forms.Textarea(attrs={"rows": 1})},
)
EVALUATION_FORMSET = _sub_record_formset(
    DemocraticEvaluation,
    ["year", "grade", "remarks"],
    heading=_("民主评议"),
    widgets={"remarks": forms.Textarea(attrs={"rows": 1})},
)
ABROAD_FORMSET = _sub_record_formset(
    AbroadRecord,
    ["destination", "purpose", "departed_on", "returned_on", "remarks"],
    heading=_("出国(境)记录"),
    widgets={
        "departed_on": AdminDateInput,
        "returned_on": AdminDateInput,
        "remarks": forms.Textarea(attrs={"rows": 1}),
    },
)
#: (prefix, formset class) of the sub-records edited with the dossier.
SUB_RECORD_FORMSETS = (
    ("rewards", REWARD_FORMSET),
    ("evaluations", EVALUATION_FORMSET),
    ("abroad", ABROAD_FORMSET),
)


# --- view mixins -----------------------------------------------------------------------------


class MemberScopedObjectMixin:
    """Look the member up within the user's scope only: anything else is 404."""

    def get_object(self, queryset=None):
        pk = self.kwargs[getattr(self, "pk_url_kwarg", "pk")]
        return get_object_or_404(
            member_scope_for_user(user=self.request.user).select_related("organisation"),
            pk=pk,
        )


class SubRecordFormsetsMixin:
    """Edit the dossier's sub-records (奖惩情况, 民主评议, 出国(境)) together with it.

    The sub-records have plain foreign keys (Member is not a ClusterableModel), so they are
    Django inline formsets rather than Wagtail InlinePanels; they are validated with the form
    and saved in the same transaction.
    """

    @cached_property
    def formsets(self) -> list[SubRecordFormSet]:
        instance = getattr(self, "object", None) or Member()
        data = self.request.POST if self.request.method == "POST" else None
        return [
            formset_class(data=data, instance=instance, prefix=prefix)
            for prefix, formset_class in SUB_RECORD_FORMSETS
        ]

    def is_valid(self, form):
        form_valid = super().is_valid(form)
        formsets_valid = all([formset.is_valid() for formset in self.formsets])
        if form_valid and not formsets_valid:
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
        return form_valid and formsets_valid

    def save_instance(self):
        instance = super().save_instance()
        for formset in self.formsets:
            formset.instance = instance
            formset.save()
        return instance

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formsets"] = self.formsets
        for formset in self.formsets:
            context["media"] += formset.media
        return context


# --- views -----------------------------------------------------------------------------------


class MemberIndexView(generic.IndexView):
    """党员 of the user's subtree in roster order, filtered and searched, numbers masked."""

    roster_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Spreadsheet export lives with the Excel export (masked, audited), not here.
        self.is_export = False

    def get_base_queryset(self):
        # The listing shows no ID number: leave it encrypted in the database.
        return member_list(user=self.request.user).defer("id_number_stored")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return member_search(queryset, self.search_query)

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        column_class = self._get_title_column_class(column_class)
        return column_class(
            "name",
            label=_("姓名"),
            sort_key="name_sort_key",
            get_url=lambda member: self.get_inspect_url(member) or self.get_edit_url(member),
        )

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        query = self.request.GET.copy()
        for key in (self.page_kwarg, "_w_filter_fragment", "ordering"):
            query.pop(key, None)
        url = reverse(self.roster_url_name)
        if query:
            url += "?" + query.urlencode()
        buttons.append(
            HeaderButton(
                _("打印花名册"),
                url=url,
                icon_name="doc-full",
                attrs={"target": "_blank", "rel": "noopener", "data-member-roster-link": ""},
            )
        )
        return buttons


class MemberCreateView(SubRecordFormsetsMixin, generic.CreateView):
    """New dossier; the organisation is preselected when the user administers one branch."""

    template_name = "partybuild/members/create.html"

    def get_initial(self):
        initial = super().get_initial()
        root = getattr(self.request.user, "administered_organisation", None)
        if root is not None and root.org_type in MEMBER_ORGANISATION_TYPES:
            initial.setdefault("organisation", root.pk)
        return initial


class MemberEditView(SubRecordFormsetsMixin, MemberScopedObjectMixin, generic.EditView):
    """Edit a dossier of the user's subtree, with its sub-records."""

    template_name = "partybuild/members/edit.html"


class MemberDeleteView(MemberScopedObjectMixin, generic.DeleteView):
    """Delete a dossier of the user's subtree; one with transfer history is kept."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("党员「%(name)s」有组织关系转接记录，档案须保留，不能删除。")
                % {"name": self.object.name},
            )
            return redirect(self.index_url_name)


class MemberHistoryView(MemberScopedObjectMixin, HistoryView):
    """The audit history of one dossier of the user's subtree."""


class MemberUsageView(MemberScopedObjectMixin, UsageView):
    """Where one dossier of the user's subtree is referenced."""


@dataclass(frozen=True)
class DossierRow:
    label: str
    value: str


class MemberInspectView(MemberScopedObjectMixin, generic.InspectView):
    """The dossier: fields (numbers masked), sub-records, transfers and change requests."""

    template_name = "partybuild/members/inspect.html"
    history_url_name = None
    inspect_url_name = None
    reveal_url_name = None
    reveal = False

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.history_url_name and self.user_has_any_permission({"add", "change", "delete"}):
            buttons.append(
                Button(
                    _("历史"),
                    url=reverse(self.history_url_name, args=[self.object.pk]),
                    icon_name="history",
                    priority=30,
                )
            )
        return buttons

    def _value(self, field_name: str) -> str:
        member = self.object
        if field_name == "id_number":
            value = member.id_number
            return value if self.reveal else mask_identifier(value, kind="id_number")
        if field_name == "phone":
            return member.phone if self.reveal else mask_identifier(member.phone, kind="mobile")
        field = Member._meta.get_field(field_name)
        value = getattr(member, field_name)
        if field.choices:
            return str(getattr(member, f"get_{field_name}_display")()) if value else ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if field_name == "organisation":
            return f"{value.name}（{value.get_org_type_display()}）"
        if field_name == "user":
            return value.username if value else ""
        if field_name == "photo":
            return ""
        if hasattr(value, "isoformat"):
            return iso_date(value)
        return "" if value is None else str(value)

    def _label(self, field_name: str) -> str:
        if field_name == "id_number":
            return str(_("公民身份号码"))
        return str(Member._meta.get_field(field_name).verbose_name)

    def dossier_sections(self) -> list[tuple[str, list[DossierRow]]]:
        return [
            (
                str(heading),
                [
                    DossierRow(self._label(name), self._value(name) or "—")
                    for name in fields
                    if name != "photo"
                ],
            )
            for heading, fields in MEMBER_FORM_SECTIONS
        ]

    def _transfer_start_url(self) -> str | None:
        if not self.request.user.has_perm("partybuild.add_transfer"):
            return None
        try:
            return reverse("transfers:start_member", args=[self.object.pk])
        except NoReverseMatch:
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.object
        user = self.request.user
        context.update(
            member=member,
            sections=self.dossier_sections(),
            rewards=member.rewards_punishments.all(),
            evaluations=member.evaluations.all(),
            abroad_records=member.abroad_records.all(),
            transfers=member.transfers.select_related(
                "from_organisation", "to_organisation"
            ).order_by("-started_at", "-pk"),
            change_requests=[
                (request, self._changed_fields(request))
                for request in member.change_requests.select_related("decided_by")
            ],
            revealed=self.reveal,
            can_reveal=may_see_full_identity(user),
            reveal_url=reverse(self.reveal_url_name, args=[member.pk]),
            transfer_start_url=self._transfer_start_url(),
        )
        return context

    @staticmethod
    def _changed_fields(change_request) -> str:
        labels = []
        for field in change_request.changes:
            try:
                labels.append(str(Member._meta.get_field(field).verbose_name))
            except FieldDoesNotExist:  # a field renamed since the request
                labels.append(field)
        return "、".join(labels)


class MemberRevealView(MemberInspectView):
    """The dossier with full ID and mobile numbers: POST only, needs 「查看完整身份信息」,
    and writes one audit record per reveal. A GET goes back to the masked dossier."""

    reveal = True

    def get(self, request, *args, **kwargs):
        return redirect(self.inspect_url_name, self.object.pk)

    def post(self, request, *args, **kwargs):
        if not may_see_full_identity(request.user):
            # A plain 403 (Wagtail's admin would turn PermissionDenied into a redirect).
            return HttpResponseForbidden(_("您没有查看完整身份信息的权限。"))
        identity_reveal_record(actor=request.user, members=[self.object], context="inspect")
        return super().get(request, *args, **kwargs)


class MemberRosterView(PermissionCheckedMixin, TemplateView):
    """党员花名册: an A4 page without admin chrome, with the list's filters and search."""

    template_name = "partybuild/members/roster.html"
    any_permission_required = ["add", "change", "delete", "view"]
    index_url_name = None

    def get_members(self) -> list[Member]:
        queryset = member_list(user=self.request.user)
        filters = MemberFilterSet(self.request.GET or None, request=self.request)
        if filters.is_bound:
            if not filters.is_valid() and "organisation" in filters.errors:
                # An organisation outside the user's scope (or none at all): not theirs.
                raise Http404
            # Only the valid filters apply (an unreadable year is ignored, as in the list).
            queryset = filters.filter_queryset(queryset)
        self.filters = filters
        queryset = member_search(queryset, self.request.GET.get("q", ""))
        return list(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = self.get_members()
        branch_names = _branch_names(members)
        rows = [
            {
                "number": number,
                "name": member.name,
                "branch": branch_names.get(member.organisation_id, member.organisation.name),
                "gender": member.get_gender_display(),
                "joined_on": iso_date(member.joined_on),
                "confirmed_on": iso_date(member.confirmed_on),
                "job_post": member.job_post,
                "status": roster_status_label(member),
            }
            for number, member in enumerate(members, 1)
        ]
        organisation = None
        if self.filters.is_bound:
            organisation = self.filters.form.cleaned_data.get("organisation")
        root = organisation or getattr(self.request.user, "administered_organisation", None)
        context.update(
            rows=rows,
            title=f"{root.name} 党员花名册" if root else "党员花名册",
            printed_on=timezone.localdate(),
            index_url=reverse(self.index_url_name),
        )
        return context


def _branch_names(members: list[Member]) -> dict[int, str]:
    """所在党支部 of each member's organisation: a 党小组's parent branch, in one query."""
    steplen = Organisation.steplen
    parents = {
        member.organisation_id: member.organisation.path[:-steplen]
        for member in members
        if member.organisation.org_type == "group"
    }
    if not parents:
        return {}
    names = dict(
        Organisation.objects.filter(path__in=set(parents.values())).values_list("path", "name")
    )
    return {org_id: f"{names[path]}" for org_id, path in parents.items() if path in names}


# --- the viewset ------------------------------------------------------------------------------


class MemberViewSet(ModelViewSet):
    """党员管理 in the Wagtail admin."""

    model = Member
    icon = "user"
    menu_label = _("党员管理")
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "name",
        Column(
            "organisation",
            label=_("所在党组织"),
            accessor="organisation.name",
            sort_key="organisation__path",
        ),
        Column("gender", label=_("性别"), accessor="get_gender_display", sort_key="gender"),
        Column(
            "joined_on",
            label=_("入党日期"),
            accessor=lambda member: iso_date(member.joined_on),
            sort_key="joined_on",
        ),
        Column(
            "confirmed_on",
            label=_("转正日期"),
            accessor=lambda member: iso_date(member.confirmed_on),
            sort_key="confirmed_on",
        ),
        Column("job_post", label=_("工作岗位")),
        Column("category", label=_("人员类别"), accessor="get_category_display"),
        Column("standing", label=_("党籍状态"), accessor=standing_label),
        Column(
            "phone",
            label=_("手机号码"),
            accessor=lambda member: mask_identifier(member.phone, kind="mobile"),
        ),
    ]
    filterset_class = MemberFilterSet
    search_fields = ["name", "name_initials"]
    search_backend_name = None  # searched by MemberIndexView.search_queryset (name or initials)
    ordering = ["organisation__path", "name_sort_key", "pk"]
    sort_order_field = None
    list_per_page = 20
    copy_view_enabled = False  # a copy would duplicate a person (and their ID number)
    inspect_view_enabled = True
    # Keep members out of Wagtail's reference index, so image and account usage listings do not
    # name members to users outside their organisation's subtree.
    add_to_reference_index = False
    edit_handler = MEMBER_EDIT_HANDLER

    index_view_class = MemberIndexView
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    delete_view_class = MemberDeleteView
    inspect_view_class = MemberInspectView
    history_view_class = MemberHistoryView
    usage_view_class = MemberUsageView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(roster_url_name=self.get_url_name("roster"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            reveal_url_name=self.get_url_name("reveal"), **kwargs
        )

    @property
    def reveal_view(self):
        return self.construct_view(MemberRevealView, **self.get_inspect_view_kwargs())

    @property
    def roster_view(self):
        return MemberRosterView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("roster/", self.roster_view, name="roster"),
            path("reveal/<int:pk>/", self.reveal_view, name="reveal"),
        ]


member_viewset = MemberViewSet("members")
