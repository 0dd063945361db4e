"""Registers the admin of 发展党员 with Wagtail, and its reminder panel on the admin home."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_recruitment_viewsets():
    """发展党员: candidates with their timelines, the board and online submissions."""
    from partybuild.recruitment.admin import RecruitmentViewSetGroup

    return RecruitmentViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_recruitment_reminder_panel(request, panels):
    """发展党员提醒 (partybuild/recruitment/admin/dashboard.py)."""
    from partybuild.recruitment.admin.dashboard import RecruitmentReminderPanel

    panels.append(RecruitmentReminderPanel(request))
