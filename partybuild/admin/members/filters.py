"""Filter sets of the member list and roster, limited to the user's organisations."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from partybuild.admin.members.helpers import organisation_label
from partybuild.models import Member, Organisation
from partybuild.selectors.organisations import organisation_scope_for_user


class OrganisationSelect(forms.Select):
    """A select rendered without a template per option: a province's thousands of organisations
    would take longer to render through Django's option templates than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(choice), " selected" if str(choice) in selected else "", label)
                for choice, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class OrganisationChoiceField(forms.ModelChoiceField):
    widget = OrganisationSelect

    def label_from_instance(self, obj: Organisation) -> str:
        return organisation_label(obj, self.__dict__.setdefault("_type_labels", {}))


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
