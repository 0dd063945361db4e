"""Registers the registers' admin viewsets with Wagtail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from partybuild.admin.dashboard import TermReminderPanel
from partybuild.admin.organisations import organisation_viewset
from partybuild.services.audit import audit_actions_register


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return organisation_viewset


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit_actions_register(registry=actions)


def _register_user_bulk_actions():
    """The user bulk actions (启用/停用, 分配角色, 删除) limited to the user's subtree; ``order=1``
    registers them after Wagtail's own, which they replace (partybuild/admin/users.py)."""
    from partybuild.admin.users import USER_BULK_ACTIONS

    for action_class in USER_BULK_ACTIONS:
        hooks.register("register_bulk_action", action_class, order=1)


_register_user_bulk_actions()


@hooks.register("construct_homepage_panels")
def add_term_reminder_panel(request, panels):
    panels.append(TermReminderPanel(request))


@hooks.register("register_admin_viewset")
def register_transfer_and_change_request_viewsets():
    """组织关系转接 and 档案修改申请, grouped under one menu item."""
    from wagtail.admin.viewsets.base import ViewSetGroup

    from partybuild.admin.change_requests import change_request_viewset
    from partybuild.admin.transfers import transfer_viewset

    class MemberAffairsViewSetGroup(ViewSetGroup):
        menu_label = _("转接与审核")
        menu_icon = "resubmit"
        menu_order = 210
        items = (transfer_viewset, change_request_viewset)

    return MemberAffairsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_member_viewset():
    """党员管理: member dossiers, scoped to the user's subtree (partybuild.admin.members)."""
    from partybuild.admin.members import member_viewset

    return member_viewset


@hooks.register("register_admin_urls")
def register_excel_urls():
    """Excel导入导出: upload pages, templates and exports (partybuild/admin/excel.py, which also
    registers its menu item)."""
    from partybuild.admin.excel import excel_urlpatterns

    return excel_urlpatterns()


@hooks.register("register_admin_urls")
def register_dues_urls():
    """党费管理: report, arrears, statements, payments, assessment (partybuild/admin/dues.py)."""
    from partybuild.admin.dues import dues_urlpatterns

    return dues_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_dues_menu_item():
    from partybuild.admin.dues import dues_menu_item

    return dues_menu_item()


@hooks.register("register_admin_viewset")
def register_dues_rate_viewset():
    from partybuild.admin.dues import dues_rate_viewset

    return dues_rate_viewset


@hooks.register("register_admin_viewset")
def register_recruitment_viewsets():
    """发展党员: candidates with their timelines, the board and online submissions."""
    from partybuild.admin.recruitment import RecruitmentViewSetGroup

    return RecruitmentViewSetGroup()


@hooks.register("register_admin_viewset")
def register_meeting_viewset():
    """三会一课: meetings, attendance and minutes (partybuild/admin/meetings)."""
    from partybuild.admin.meetings.viewset import meeting_viewset

    return meeting_viewset


@hooks.register("register_admin_urls")
def register_meeting_urls():
    """三会一课落实情况 and 民主评议 (partybuild/admin/meetings/pages.py)."""
    from partybuild.admin.meetings.pages import meeting_admin_urlpatterns

    return meeting_admin_urlpatterns()


@hooks.register("register_admin_viewset")
def register_supervision_viewsets():
    """党建督查: tasks issued by my organisations and 我的督查任务 (admin/supervision)."""
    from partybuild.admin.supervision import SupervisionViewSetGroup

    return SupervisionViewSetGroup()


@hooks.register("register_admin_urls")
def register_statistics_urls():
    """统计: the xlsx export of each dashboard panel (partybuild/admin/statistics.py)."""
    from partybuild.admin.statistics import statistics_urlpatterns

    return statistics_urlpatterns()


@hooks.register("construct_homepage_panels")
def add_statistics_panels(request, panels):
    """The statistics dashboard on the admin home (partybuild/admin/statistics.py)."""
    from partybuild.admin.statistics import statistics_homepage_panels

    statistics_homepage_panels(request, panels)


@hooks.register("register_admin_viewset")
def register_member_service_viewsets():
    """意见建议, 书记信箱 and 留言板 of the user's subtree (admin/suggestions, letters, board)."""
    from wagtail.admin.viewsets.base import ViewSetGroup

    from partybuild.admin.board import board_post_viewset
    from partybuild.admin.letters import letter_viewset
    from partybuild.admin.suggestions import suggestion_viewset

    class MemberFeedbackViewSetGroup(ViewSetGroup):
        menu_label = _("意见与留言")
        menu_icon = "comment"
        menu_order = 280
        items = (suggestion_viewset, letter_viewset, board_post_viewset)

    return MemberFeedbackViewSetGroup()


@hooks.register("register_admin_viewset")
def register_wish_and_experience_viewsets():
    """便民服务: 微心愿 and 微心得 with the 积分 leaderboard (partybuild/admin/wishes/)."""
    from partybuild.admin.wishes import BenefitsViewSetGroup

    return BenefitsViewSetGroup()
