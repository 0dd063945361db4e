"""The admin home's 「待审核评论」 panel: how many comments wait for the editor, with a link to
the queue filtered to them."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component

from content.comments.models import CommentStatus
from content.comments.selectors import comment_pending_count


class PendingCommentsPanel(Component):
    """A count badge linking to 评论审核 (status 待审核)."""

    name = "pending_comments"
    template_name = "comments/pending_panel.html"
    order = 45

    def __init__(self, request):
        self.request = request

    @cached_property
    def count(self) -> int:
        return comment_pending_count(user=self.request.user)

    def get_context_data(self, parent_context=None):
        return {
            "count": self.count,
            "url": reverse("comments:index") + f"?status={CommentStatus.PENDING}",
        }
