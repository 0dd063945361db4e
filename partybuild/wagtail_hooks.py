"""Registers the registers' admin viewsets with Wagtail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from partybuild.admin.dashboard import TermReminderPanel
from partybuild.admin.organisations import organisation_viewset
from partybuild.services.audit import IDENTITY_REVEAL_ACTION


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return organisation_viewset


@hooks.register("register_log_actions")
def register_organisation_log_actions(actions):
    actions.register_action("partybuild.organisation.move", _("移动党组织"), _("已移动党组织"))
    actions.register_action(IDENTITY_REVEAL_ACTION, _("查看完整身份信息"), _("查看了完整身份信息"))


@hooks.register("construct_homepage_panels")
def add_term_reminder_panel(request, panels):
    panels.append(TermReminderPanel(request))
