"""Member admin views: listing, create/edit, delete, history, dossier, reveal and roster."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets.button import Button, HeaderButton

from partybuild.admin.members.filters import MemberFilterSet
from partybuild.admin.members.forms import SUB_RECORD_FORMSETS, SubRecordFormSet
from partybuild.admin.members.helpers import (
    MEMBER_FORM_SECTIONS,
    iso_date,
    may_see_full_identity,
    roster_status_label,
)
from partybuild.core.privacy import mask_identifier
from partybuild.models import Member, Organisation
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.selectors.members import member_list, member_scope_for_user, member_search
from partybuild.selectors.roles import user_scope_roots
from partybuild.services.audit import identity_reveal_record
from partybuild.services.members import member_create, member_update

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
    and saved in the same transaction, after the dossier itself, which each view saves through
    its service (``save_member``).
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
        instance = self.save_member(self.form.save(commit=False))
        self.form.save_m2m()
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
    template_name = "partybuild/members/index.html"

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="member"), *super().columns]

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
        buttons.append(
            HeaderButton(
                _("按党组织创建登录账号"),
                url=reverse("partybuild_member_logins_subtree"),
                icon_name="key",
            )
        )
        return buttons


class MemberCreateView(SubRecordFormsetsMixin, generic.CreateView):
    """New dossier; the organisation is preselected when the user administers one branch."""

    template_name = "partybuild/members/create.html"

    def save_member(self, member: Member) -> Member:
        return member_create(
            member=member,
            actor=self.request.user,
            photo=self.form.cleaned_data.get("photo_upload"),
        )

    def get_initial(self):
        initial = super().get_initial()
        roots = list(user_scope_roots(user=self.request.user)[:2])
        root = roots[0] if len(roots) == 1 and not self.request.user.is_superuser else None
        if root is not None and root.org_type in MEMBER_ORGANISATION_TYPES:
            initial.setdefault("organisation", root.pk)
        return initial


class MemberEditView(SubRecordFormsetsMixin, MemberScopedObjectMixin, generic.EditView):
    """Edit a dossier of the user's subtree, with its sub-records."""

    template_name = "partybuild/members/edit.html"

    def save_member(self, member: Member) -> Member:
        return member_update(
            member=member,
            actor=self.request.user,
            photo=self.form.cleaned_data.get("photo_upload"),
            clear_photo=bool(self.form.cleaned_data.get("clear_photo")),
        )


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
        buttons.append(
            Button(
                _("党费"),
                url=reverse("partybuild_dues_member", args=[self.object.pk]),
                icon_name="table",
                priority=35,
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
        roots = list(user_scope_roots(user=self.request.user)[:2])
        single = roots[0] if len(roots) == 1 and not self.request.user.is_superuser else None
        root = organisation or single
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
