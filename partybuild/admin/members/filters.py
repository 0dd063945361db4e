"""Filter sets of the member list and roster, limited to the user's organisations."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from partybuild.admin.choosers import OrganisationChooserField
from partybuild.models import Member, Organisation
from partybuild.selectors.organisations import (
    organisation_parent_name_annotate,
    organisation_scope_for_user,
)


class OrganisationSubtreeFilter(django_filters.ModelChoiceFilter):
    """An organisation and everything under it (one prefix query on the tree path), picked through
    the organisation chooser (a modal listing the user's organisations a page at a time) rather
    than a select of all of them."""

    field_class = OrganisationChooserField

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(organisation__path__startswith=value.path)


def _scoped_organisations(request) -> QuerySet[Organisation]:
    if request is None:
        return Organisation.objects.none()
    return organisation_parent_name_annotate(organisation_scope_for_user(user=request.user))


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
