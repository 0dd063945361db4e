"""Choosers of an organisation and of a member (Wagtail's ``ChooserViewSet``) for the admin's forms
and filters, instead of a ``<select>`` of every organisation or member of the user's subtree (5 MB
of options for a province's 54,585 organisations).

The modal lists, a page at a time, only what the user administers
(:func:`~partybuild.selectors.organisations.organisation_chooser_list`,
:func:`~partybuild.selectors.members.member_chooser_list`), searched by name (members also by
pinyin initials, as the member list searches); an id outside the scope answers 404. The widget
shows the chosen item as 上级 › 本级 (a member with their organisation), never an ID or mobile
number in full. Choosing is only a convenience: the form fields (:class:`OrganisationChooserField`,
:class:`MemberChooserField`) still validate a posted id against their scoped queryset and refuse
anything else with a Chinese message.
"""

from collections.abc import Sequence
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponseForbidden
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from partybuild.core.privacy import mask_identifier
from partybuild.models import Member, Organisation, OrganisationType
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.selectors.members import member_chooser_list
from partybuild.selectors.organisations import (
    organisation_chooser_list,
    organisation_parent_name_annotate,
)
from partybuild.selectors.roles import user_administers

#: Between a parent's name and its child's in a chooser.
PATH_SEPARATOR = " › "

#: Rows a page of a chooser's results shows.
CHOOSER_PER_PAGE = 20

#: Any of these lets an administrator choose members: the member register's, or a register whose
#: form picks a member (党内关怀, 流动党员, 班子成员与换届, 党代表, 党费减免).
MEMBER_CHOOSER_PERMISSIONS = (
    "partybuild.view_member",
    "care.add_hardshipmember",
    "care.add_carevisit",
    "mobility.add_mobileoutflow",
    "committees.add_committeeterm",
    "committees.change_reelection",
    "representatives.add_representative",
    "representatives.change_representative",
    "dues.add_dueswaiver",
)


def organisation_path_label(organisation: Organisation) -> str:
    """「上级 › 本级」 of an organisation read with ``parent_name``; the name alone at the top."""
    parent = getattr(organisation, "parent_name", None)
    return f"{parent}{PATH_SEPARATOR}{organisation.name}" if parent else organisation.name


def _member_organisation_label(member: Member) -> str:
    parent = getattr(member, "organisation_parent_name", None)
    name = member.organisation.name
    return f"{parent}{PATH_SEPARATOR}{name}" if parent else name


def member_chooser_label(member: Member) -> str:
    """「姓名（上级 › 所在党组织）」 of a member read with ``organisation_parent_name``."""
    return f"{member.name}（{_member_organisation_label(member)}）"


def _may_choose_members(user) -> bool:
    if not user_administers(user):
        return False
    return user.is_superuser or any(user.has_perm(name) for name in MEMBER_CHOOSER_PERMISSIONS)


# --- the modal -----------------------------------------------------------------------------------


class ChooserSearchForm(BaseFilterForm):
    """The search box of a chooser modal; the view's selector does the searching."""

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("输入名称搜索")}),
    )

    def __init__(self, *args, placeholder=None, **kwargs):
        super().__init__(*args, **kwargs)
        if placeholder:
            self.fields["q"].widget.attrs["placeholder"] = placeholder


class ScopedChooseMixin:
    """A chooser modal's listing (or its results fragment) of what the user administers only:
    ``chooser_list(user=…, query=…, **params)`` reads it, searched by the ``q`` parameter; nothing
    is created from the modal."""

    per_page = CHOOSER_PER_PAGE
    search_placeholder = _("输入名称搜索")

    def dispatch(self, request, *args, **kwargs):
        if not self.may_choose(request.user):
            return HttpResponseForbidden(_("您没有可供选择的管理范围。"))
        return super().dispatch(request, *args, **kwargs)

    def may_choose(self, user) -> bool:
        return user_administers(user)

    def chooser_params(self) -> dict:
        """The URL parameters that narrow the list further (see the viewset)."""
        return {}

    def chooser_list(self, *, user, query: str, **params) -> QuerySet:
        raise NotImplementedError

    def get_object_list(self):
        return self.chooser_list(
            user=self.request.user,
            query=self.request.GET.get("q", ""),
            **self.chooser_params(),
        )

    def apply_object_list_ordering(self, objects):
        return objects  # the selector's order (tree order, roster order)

    def get_filter_form(self):
        return ChooserSearchForm(self.request.GET, placeholder=self.search_placeholder)

    def filter_object_list(self, objects):
        if self.filter_form.is_valid() and (query := self.filter_form.cleaned_data["q"].strip()):
            self.filter_form.is_searching = True
            self.filter_form.search_query = query
        return objects

    def can_create(self):
        return False

    title_label = _("名称")

    def title_text(self, instance) -> str:
        return str(instance)

    @property
    def title_column(self):
        column = super().title_column
        column.label = self.title_label
        column.accessor = self.title_text
        return column

    def extra_columns(self) -> list[Column]:
        return []

    @property
    def columns(self):
        return [*super().columns, *self.extra_columns()]


class ScopedChosenMixin:
    """The chosen item(s) of a modal, looked up among what the user administers (else 404)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.may_choose(request.user):
            return HttpResponseForbidden(_("您没有可供选择的管理范围。"))
        return super().dispatch(request, *args, **kwargs)

    def may_choose(self, user) -> bool:
        return user_administers(user)

    def scoped_objects(self) -> QuerySet:
        raise NotImplementedError

    def get_object(self, pk):
        try:
            return self.scoped_objects().get(pk=pk)
        except (ValueError, TypeError, ValidationError) as error:
            raise Http404 from error

    def get_objects(self, pks):
        try:
            return list(self.scoped_objects().filter(pk__in=pks))
        except (ValueError, TypeError, ValidationError) as error:
            raise Http404 from error

    def get_edit_item_url(self, instance):
        return ""


def _org_types(value: str | None) -> tuple[str, ...]:
    """The organisation types of an ``org_types`` URL parameter ("branch,group"), unknown ones
    left out."""
    known = set(OrganisationType.values)
    return tuple(item for item in (value or "").split(",") if item in known)


class OrganisationChooseMixin(ScopedChooseMixin):
    """The organisation chooser's listing: 上级 › 本级 and the type. ``org_types`` (comma-separated
    types) narrows it to those types, as a member's organisation is a 党支部 or 党小组."""

    title_label = _("党组织（上级 › 本级）")
    search_placeholder = _("输入党组织名称或代码搜索")

    def chooser_params(self) -> dict:
        return {"org_types": _org_types(self.request.GET.get("org_types"))}

    def chooser_list(self, *, user, query: str, **params):
        return organisation_chooser_list(user=user, query=query, **params)

    def title_text(self, instance) -> str:
        return organisation_path_label(instance)

    def extra_columns(self):
        return [Column("org_type", label=_("类型"), accessor="get_org_type_display")]


class OrganisationChooseView(OrganisationChooseMixin, chooser_views.ChooseView):
    """The organisation chooser modal."""


class OrganisationChooseResultsView(OrganisationChooseMixin, chooser_views.ChooseResultsView):
    """A page (or a search) of the organisation chooser's results."""


class OrganisationChosenMixin(ScopedChosenMixin):
    """An organisation chosen in the modal, among the user's."""

    def scoped_objects(self):
        return organisation_chooser_list(user=self.request.user)

    def get_display_title(self, instance):
        return organisation_path_label(instance)


class OrganisationChosenView(OrganisationChosenMixin, chooser_views.ChosenView):
    """The organisation chosen in the modal."""


class OrganisationChosenMultipleView(OrganisationChosenMixin, chooser_views.ChosenMultipleView):
    """Organisations chosen in the modal."""


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class MemberChooseMixin(ScopedChooseMixin):
    """The member chooser's listing: name, organisation, gender and the masked mobile number.

    ``organisation`` (an id) narrows it to that organisation's subtree, ``on_roll=1`` to members
    on the roll, ``category`` to 正式党员 (``full``) or 预备党员 (``probationary``)."""

    title_label = _("姓名")
    search_placeholder = _("输入姓名或拼音首字母搜索")

    def may_choose(self, user) -> bool:
        return _may_choose_members(user)

    def chooser_params(self) -> dict:
        get = self.request.GET
        return {
            "organisation_id": _positive_int(get.get("organisation")),
            "on_roll": get.get("on_roll") == "1",
            "category": get.get("category") or None,
        }

    def chooser_list(self, *, user, query: str, **params):
        return member_chooser_list(user=user, query=query, **params)

    def title_text(self, instance) -> str:
        return instance.name

    def extra_columns(self):
        return [
            Column("organisation", label=_("所在党组织"), accessor=_member_organisation_label),
            Column("gender", label=_("性别"), accessor="get_gender_display"),
            Column(
                "phone",
                label=_("手机号码"),
                accessor=lambda member: mask_identifier(member.phone, kind="mobile"),
            ),
        ]


class MemberChooseView(MemberChooseMixin, chooser_views.ChooseView):
    """The member chooser modal."""


class MemberChooseResultsView(MemberChooseMixin, chooser_views.ChooseResultsView):
    """A page (or a search) of the member chooser's results."""


class MemberChosenMixin(ScopedChosenMixin):
    """A member chosen in the modal, among the user's."""

    def may_choose(self, user) -> bool:
        return _may_choose_members(user)

    def scoped_objects(self):
        return member_chooser_list(user=self.request.user)

    def get_display_title(self, instance):
        return member_chooser_label(instance)


class MemberChosenView(MemberChosenMixin, chooser_views.ChosenView):
    """The member chosen in the modal."""


class MemberChosenMultipleView(MemberChosenMixin, chooser_views.ChosenMultipleView):
    """Members chosen in the modal."""


# --- the widget ----------------------------------------------------------------------------------


class ScopedChooserWidget(BaseChooser):
    """The chooser button and the chosen item, which it reads from ``queryset`` (the field's,
    scoped): an id outside it (posted by hand, or no longer the user's) shows as nothing chosen,
    never as the name it belongs to. ``url_params`` go to the modal (see the viewsets)."""

    show_edit_link = False
    queryset: QuerySet | None = None

    def __init__(self, *, url_params: dict | None = None, **kwargs):
        self.url_params = {key: value for key, value in (url_params or {}).items() if value}
        super().__init__(**kwargs)

    def get_chooser_modal_url(self):
        url = reverse(self.chooser_modal_url_name)
        return f"{url}?{urlencode(self.url_params)}" if self.url_params else url

    def annotate(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def get_instance(self, value):
        if value is None or value == "" or self.queryset is None:
            return None
        pk = value.pk if isinstance(value, Model) else value
        try:
            return self.annotate(self.queryset.filter(pk=pk)).first()
        except (ValueError, TypeError, ValidationError):
            return None

    def get_value_data_from_instance(self, instance):
        return {
            "id": instance.pk,
            "edit_url": "",
            self.display_title_key: self.get_display_title(instance),
        }


class OrganisationChooserWidget(ScopedChooserWidget):
    """The organisation chooser's widget: 上级 › 本级."""

    choose_one_text = _("选择党组织")
    choose_another_text = _("重新选择党组织")
    clear_choice_text = _("清除")

    def annotate(self, queryset):
        return organisation_parent_name_annotate(queryset)

    def get_display_title(self, instance):
        return organisation_path_label(instance)


class MemberChooserWidget(ScopedChooserWidget):
    """The member chooser's widget: 姓名（上级 › 所在党组织）."""

    choose_one_text = _("选择党员")
    choose_another_text = _("重新选择党员")
    clear_choice_text = _("清除")

    def annotate(self, queryset):
        return organisation_parent_name_annotate(
            queryset.select_related("organisation"),
            field="organisation__path",
            name="organisation_parent_name",
        )

    def get_display_title(self, instance):
        return member_chooser_label(instance)


# --- the viewsets --------------------------------------------------------------------------------


class OrganisationChooserViewSet(ChooserViewSet):
    """选择党组织: the organisations the user administers."""

    model = Organisation
    icon = "group"
    choose_one_text = _("选择党组织")
    choose_another_text = _("重新选择党组织")
    page_title = _("选择党组织")
    search_tab_label = _("搜索")
    per_page = CHOOSER_PER_PAGE
    preserve_url_parameters = ["multiple", "org_types"]
    base_widget_class = OrganisationChooserWidget
    register_widget = False  # each form says where it wants a chooser
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    chosen_view_class = OrganisationChosenView
    chosen_multiple_view_class = OrganisationChosenMultipleView

    def get_urlpatterns(self):
        return [url for url in super().get_urlpatterns() if url.name != "create"]


class MemberChooserViewSet(ChooserViewSet):
    """选择党员: the members the user administers (``organisation``, ``on_roll`` and
    ``category`` narrow them)."""

    model = Member
    icon = "user"
    choose_one_text = _("选择党员")
    choose_another_text = _("重新选择党员")
    page_title = _("选择党员")
    search_tab_label = _("搜索")
    per_page = CHOOSER_PER_PAGE
    preserve_url_parameters = ["multiple", "organisation", "on_roll", "category"]
    base_widget_class = MemberChooserWidget
    register_widget = False
    choose_view_class = MemberChooseView
    choose_results_view_class = MemberChooseResultsView
    chosen_view_class = MemberChosenView
    chosen_multiple_view_class = MemberChosenMultipleView

    def get_urlpatterns(self):
        return [url for url in super().get_urlpatterns() if url.name != "create"]


organisation_chooser_viewset = OrganisationChooserViewSet("organisation_chooser")
member_chooser_viewset = MemberChooserViewSet("member_chooser")


# --- the form fields -----------------------------------------------------------------------------


class ScopedChooserFieldMixin:
    """A ModelChoiceField picked through a chooser: its queryset (set as usual, also after the
    form is built) is what the widget may show and what a posted id must be in."""

    invalid_choice_message = ""

    def __init__(self, queryset=None, *, url_params: dict | None = None, **kwargs):
        kwargs.setdefault("widget", self.widget_class_get()(url_params=url_params))
        error_messages = {"invalid_choice": self.invalid_choice_message}
        error_messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(queryset, error_messages=error_messages, **kwargs)

    @classmethod
    def widget_class_get(cls) -> type[ScopedChooserWidget]:
        raise NotImplementedError

    def _get_queryset(self):
        return self._queryset

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(_get_queryset, _set_queryset)


class OrganisationChooserField(ScopedChooserFieldMixin, forms.ModelChoiceField):
    """An organisation picked through the organisation chooser."""

    invalid_choice_message = _("所选党组织不在您的管理范围内或不可选，请重新选择。")

    def label_from_instance(self, obj):
        return organisation_path_label(obj)

    @classmethod
    def widget_class_get(cls):
        return organisation_chooser_viewset.widget_class


class MemberChooserField(ScopedChooserFieldMixin, forms.ModelChoiceField):
    """A member picked through the member chooser."""

    invalid_choice_message = _("所选党员不在您的管理范围内或不符合登记条件，请重新选择。")

    def label_from_instance(self, obj):
        return member_chooser_label(obj)

    @classmethod
    def widget_class_get(cls):
        return member_chooser_viewset.widget_class


def organisation_chooser_use(
    field: forms.ModelChoiceField, *, org_types: Sequence[str] = ()
) -> None:
    """Pick a model form's organisation field (its queryset already scoped, and limited to
    ``org_types`` when given) through the organisation chooser: no ``<option>`` per
    organisation; the modal lists only ``org_types``."""
    _chooser_use(field, OrganisationChooserField, url_params={"org_types": ",".join(org_types)})


def member_organisation_chooser_use(field: forms.ModelChoiceField) -> None:
    """Pick where a member (or candidate) belongs, a 党支部 or 党小组 of the field's queryset
    (scoped and limited to those types by the caller), through the organisation chooser."""
    field.queryset = organisation_parent_name_annotate(field.queryset)
    organisation_chooser_use(field, org_types=MEMBER_ORGANISATION_TYPES)


def member_chooser_use(field: forms.ModelChoiceField, **url_params) -> None:
    """Pick a model form's member field (its queryset already scoped) through the member
    chooser; ``url_params`` narrow the modal's list (``on_roll="1"``, ``organisation=<id>``)."""
    _chooser_use(field, MemberChooserField, url_params=url_params)


def _chooser_use(field, field_class, *, url_params) -> None:
    widget = field_class.widget_class_get()(url_params=url_params)
    widget.is_required = field.required
    widget.queryset = field.queryset
    field.widget = widget
    field.error_messages["invalid_choice"] = field_class.invalid_choice_message
