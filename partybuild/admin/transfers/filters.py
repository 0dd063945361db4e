"""The 组织关系转接 listing's filters."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from partybuild.models import Transfer, TransferStatus
from partybuild.selectors.roles import scope_q
from partybuild.selectors.transfers import transfer_filter_status


class TransferFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=TransferStatus.choices,
        method="filter_status",
        empty_label=_("全部"),
    )
    direction = django_filters.ChoiceFilter(
        label=_("方向"),
        choices=[("incoming", _("转入本组织")), ("outgoing", _("从本组织转出"))],
        method="filter_direction",
        empty_label=_("全部"),
    )

    class Meta:
        model = Transfer
        fields = ["status", "kind"]

    def filter_status(self, queryset, name, value):
        """The status as it stands today: a lapsed letter is 已过期, not 待接收 (§6)."""
        return transfer_filter_status(queryset, value)

    def filter_direction(self, queryset, name, value):
        user = self.request.user
        if user.is_superuser:
            if value == "incoming":
                return queryset.filter(to_organisation__isnull=False)
            return queryset.filter(from_organisation__isnull=False)
        end = "to_organisation" if value == "incoming" else "from_organisation"
        return queryset.filter(scope_q(user=user, lookup=end))
