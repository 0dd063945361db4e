"""History views shared by the registers' admin: a link back to inspect, and a 历史 button."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button, HeaderButton


class InspectLinkHistoryMixin:
    """History views of objects that are inspected, not edited: link back to the inspect view."""

    inspect_url_name = None

    def get_edit_url(self, instance):
        if self.inspect_url_name:
            return reverse(self.inspect_url_name, args=[instance.pk])
        return None

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("查看详情"), url=self.get_edit_url(self.object), icon_name="info-circle")
        ]


class HistoryButtonMixin:
    """A 「历史」 entry in an inspect view's header menu."""

    history_url_name = None

    @cached_property
    def header_more_buttons(self):
        if not self.history_url_name:
            return []
        return [
            Button(
                _("历史"),
                url=reverse(self.history_url_name, args=[self.object.pk]),
                icon_name="history",
            )
        ]
