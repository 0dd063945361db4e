"""Moderation: the 支部审核 step, which a secretary may take only for pages of their own branch,
and the 党委审核 step; both offer the same three actions under the same words."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy


class RejectionForm(TaskStateCommentForm):
    """Rejecting needs a reason, which the editor then sees in the page's history."""

    comment = forms.CharField(
        label=_("退回理由"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("退回时必须填写理由。")},
    )


#: The actions of both steps, in the words the README and the editors' guide use.
MODERATION_ACTIONS = [
    ("reject", _("退回修改"), True),
    ("approve", _("审核通过"), False),
    ("approve", _("审核通过并留言"), True),
]


class ApprovalRequiresCommentOnReject:
    """Task mixin: the same actions at every step (:data:`MODERATION_ACTIONS`), for those the
    task lets moderate (``_may_moderate``), and the reject action asks for a mandatory reason."""

    def _may_moderate(self, obj, user) -> bool:
        return user.is_superuser or self._user_in_groups(user)

    def get_actions(self, obj, user):
        return list(MODERATION_ACTIONS) if self._may_moderate(obj, user) else []

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)


class BranchApprovalTask(ApprovalRequiresCommentOnReject, AbstractGroupApprovalTask):
    """支部审核: members of the task's groups who may also edit the page.

    A secretary is in the global secretaries' group (the task's group) and in their own branch's
    书记 group, whose page permissions cover only that branch's folders; so a secretary of branch
    A can never approve or reject branch B's pages.
    """

    def _may_moderate(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        if not self._user_in_groups(user):
            return False
        # The page's own permission check consults the workflow task again (recursion), so ask
        # the group page permissions directly: does the user hold "change" on this page?
        return PagePermissionPolicy().user_has_permission_for_instance(user, "change", obj)

    def user_can_access_editor(self, obj, user):
        return self._may_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_moderate(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_moderate(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if self._may_moderate(state.workflow_state.content_object, user)
        ]
        return TaskState.objects.filter(pk__in=allowed)

    @classmethod
    def get_description(cls):
        return _("所选用户组中、且有权编辑该页面的成员（即本支部书记）可审核此步骤")

    class Meta:
        verbose_name = _("支部审核任务")
        verbose_name_plural = _("支部审核任务")


class CommitteeApprovalTask(ApprovalRequiresCommentOnReject, AbstractGroupApprovalTask):
    """党委审核: the final step; its group holds publish permission on the whole site."""

    @classmethod
    def get_description(cls):
        return _("所选用户组（党委审核员，具有发布权限）的成员可审核此步骤，通过后即发布")

    class Meta:
        verbose_name = _("党委审核任务")
        verbose_name_plural = _("党委审核任务")
