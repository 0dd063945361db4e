"""Registers 评论审核 with the Wagtail admin: its viewset and the admin home's count of comments
waiting for the editor."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    """评论审核 (admin/comments/)."""
    from content.comments.admin import comment_viewset

    return comment_viewset


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    """「待审核评论」 on the admin home, when some wait for this editor."""
    from content.comments.panels import PendingCommentsPanel

    panel = PendingCommentsPanel(request)
    if panel.count:
        panels.append(panel)
