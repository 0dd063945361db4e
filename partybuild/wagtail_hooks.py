"""Registers the kernel's admin with Wagtail: organisations, members, transfers and change requests,
Excel import and export, accounts' bulk actions, audit actions and the 换届 reminder panel; and
what keeps the admin Chinese under our name (issue 19): no menu links to Wagtail's guides, no
version footer, labelled site columns. Each register's app registers its own admin in its own
``wagtail_hooks.py``."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem

from partybuild.admin.dashboard import TermReminderPanel, TodoPanel, home_panels_order
from partybuild.admin.organisations import organisation_viewset
from partybuild.selectors.roles import user_administers, user_scope_paths
from partybuild.services.audit import audit_actions_register
from partybuild.signals import security_event


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


@hooks.register("construct_reports_menu")
def audit_log_menu_item(request, menu_items):
    """站点历史 for the readers of the audit log only (partybuild/admin/history.py)."""
    from partybuild.admin.history import site_history_menu_item

    menu_items[:] = [item for item in menu_items if item.name != "site-history"]
    item = site_history_menu_item()
    if item.is_shown(request):
        menu_items.append(item)


@hooks.register("after_edit_user")
def account_changed_event(request, user):
    """``account.changed`` in the security audit trail when an account's form is saved
    (created accounts, and enabling or disabling, are recorded by partybuild.signals)."""
    security_event.send(
        sender=type(user), event="account.changed", actor=request.user, request=request, target=user
    )


@hooks.register("register_admin_urls")
def register_security_audit_urls():
    """设置 › 安全审计, the security audit trail (partybuild/admin/security_events.py)."""
    from partybuild.admin.security_events import security_events_urlpatterns

    return security_events_urlpatterns()


@hooks.register("register_settings_menu_item")
def register_security_audit_menu_item():
    from partybuild.admin.security_events import security_events_menu_item

    return security_events_menu_item()


@hooks.register("construct_homepage_panels")
def add_term_reminder_panel(request, panels):
    if user_administers(request.user, "partybuild.view_organisation"):
        panels.append(TermReminderPanel(request))


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    """待办事项 (partybuild/admin/dashboard.py) for accounts administering something."""
    if request.user.is_superuser or user_scope_paths(user=request.user):
        panels.append(TodoPanel(request))


@hooks.register("construct_homepage_panels", order=1000)
def order_home_panels(request, panels):
    """Last: what waits on the user first, the statistics after (partybuild/admin/dashboard.py)."""
    home_panels_order(panels)


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
def register_chooser_viewsets():
    """选择党组织 and 选择党员: the choosers of the admin's forms and filters, scoped to the user's
    subtree (partybuild/admin/choosers.py)."""
    from partybuild.admin.choosers import member_chooser_viewset, organisation_chooser_viewset

    return [organisation_chooser_viewset, member_chooser_viewset]


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
def register_statistics_urls():
    """统计: the xlsx export of each dashboard panel (partybuild/admin/statistics.py) and the
    数据大屏 (partybuild/admin/screen.py)."""
    from partybuild.admin.screen import screen_urlpatterns
    from partybuild.admin.statistics import statistics_urlpatterns

    return statistics_urlpatterns() + screen_urlpatterns()


@hooks.register("register_admin_urls")
def register_member_logins_urls():
    """党员登录账号 for a subtree and 重置密码 (partybuild/admin/member_logins.py)."""
    from partybuild.admin.member_logins import member_logins_urlpatterns

    return member_logins_urlpatterns()


@hooks.register("register_admin_urls")
def register_password_change_urls():
    """修改密码 in the admin, where an account with an issued password is sent
    (partybuild/middleware.py)."""
    from partybuild.admin.password_change import password_change_urlpatterns

    return password_change_urlpatterns()


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    """两步验证 in the admin: code page, enrolment, the account's own page and the reset of an
    account (partybuild/twofactor/)."""
    from partybuild.twofactor.urls import admin_urlpatterns

    return admin_urlpatterns()


@hooks.register("register_account_menu_item")
def twofactor_account_menu_item(request):
    """账号设置 links to the account's own 两步验证 page."""
    from django.urls import reverse

    return {
        "url": reverse("partybuild_twofactor_manage"),
        "label": _("两步验证"),
        "help_text": _("登录时在密码之后输入手机身份验证器的动态验证码。"),
    }


def _register_member_logins_bulk_action():
    from partybuild.admin.member_logins import MemberLoginsBulkAction

    hooks.register("register_bulk_action", MemberLoginsBulkAction)


_register_member_logins_bulk_action()


@hooks.register("register_admin_viewset")
def register_role_viewset():
    """角色管理 under 设置 (partybuild/admin/roles.py)."""
    from partybuild.admin.roles import role_viewset

    return role_viewset


@hooks.register("register_admin_urls")
def register_role_assignment_urls():
    """角色分配 of an account (partybuild/admin/roles.py)."""
    from partybuild.admin.roles import role_assignment_urlpatterns

    return role_assignment_urlpatterns()


@hooks.register("register_admin_urls")
def register_role_assignment_list_urls():
    """设置 › 角色分配: the accounts and their roles (partybuild/admin/role_assignments.py)."""
    from partybuild.admin.role_assignments import assignment_list_urlpatterns

    return assignment_list_urlpatterns()


@hooks.register("register_settings_menu_item")
def register_role_assignment_list_menu_item():
    from partybuild.admin.role_assignments import assignment_list_menu_item

    return assignment_list_menu_item()


#: Help menu items of Wagtail's that open guide.wagtail.org, English pages about another
#: product: its editor guide and its "what's new in Wagtail" notes (by name or name prefix).
WAGTAIL_GUIDE_MENU_ITEMS = ("editor-guide", "whats-new-in-wagtail")


@hooks.register("construct_help_menu")
def help_menu_without_wagtail_guides(request, menu_items):
    """帮助 keeps 快捷键: no link to Wagtail's guides (issue 19)."""
    menu_items[:] = [
        item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDE_MENU_ITEMS)
    ]


@hooks.register("construct_main_menu")
def settings_menu_without_wagtail_version(request, menu_items):
    """设置 without Wagtail's footer ("Wagtail v8.0.1"): the same submenu, drawn plainly."""
    for index, item in enumerate(menu_items):
        if item.name == "settings" and type(item) is not SubmenuMenuItem:
            menu_items[index] = SubmenuMenuItem(
                item.label,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                attrs=item.attrs,
                order=item.order,
            )


def site_columns_labelled() -> None:
    """站点's list labels three columns from their names in English ("Port", "Site name",
    "Root page"; Wagtail 8.0 gives them no label): they take the model fields' translated
    names (端口号, 站点名称, 根页面)."""
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


site_columns_labelled()


@hooks.register("insert_global_admin_css")
def global_admin_css():
    """Admin-wide style adjustments (static/partybuild/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("partybuild/css/admin.css"))
