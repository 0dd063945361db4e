"""Registers the admin of 党建督查 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_supervision_viewsets():
    """党建督查: tasks issued by my organisations and 我的督查任务 (admin/supervision)."""
    from partybuild.supervision.admin import SupervisionViewSetGroup

    return SupervisionViewSetGroup()
