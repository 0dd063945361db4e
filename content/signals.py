"""Keep per-organisation content subtrees in step with the organisation register."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_approved, workflow_rejected

from partybuild.models import Organisation
from partybuild.signals import (
    organisation_deleting,
    organisation_save_deferred,
    organisations_saved,
)


@receiver(post_save, sender=Organisation, dispatch_uid="content_organisation_saved")
def organisation_saved(sender, instance, raw=False, **kwargs):
    """Create or rename the organisation's folders and groups; in a batch of saves (an import),
    once for all of them at the end of the batch."""
    if raw or organisation_save_deferred(instance):
        return
    from content.branch_subtrees import organisation_subtree_ensure

    organisation_subtree_ensure(organisation=instance)


@receiver(organisations_saved, dispatch_uid="content_organisations_saved")
def organisations_saved_receiver(sender, organisations, **kwargs):
    """The end of a batch of organisation saves: their folders and groups in one bulk step.
    Organisations whose creation was rolled back within the batch are left out."""
    from content.branch_subtrees import organisation_subtrees_ensure

    existing = set(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).values_list(
            "pk", flat=True
        )
    )
    organisation_subtrees_ensure(organisations=[o for o in organisations if o.pk in existing])


@receiver(organisation_deleting, dispatch_uid="content_organisation_deleting")
def organisation_deleting_receiver(sender, organisation, **kwargs):
    """Refuse while the organisation still has articles; else remove its folders and groups."""
    from content.branch_subtrees import organisation_subtree_remove

    organisation_subtree_remove(organisation=organisation)


def ensure_all_after_migrate(sender, **kwargs):
    """After `migrate`, give organisations that predate this feature their subtrees."""
    from content.branch_subtrees import organisation_subtrees_ensure_all

    organisation_subtrees_ensure_all()


@receiver(page_published, dispatch_uid="content_notice_published")
def article_published(sender, instance, **kwargs):
    """The first publication of a 通知公告 sends a message to each member of its audience; that
    of a 党建动态 reminds the members and administrators of the organisations it concerns
    (content/announcements.py, in a background task). Publishing later edits (or publishing again
    after unpublishing) sends nothing."""
    from content.announcements import page_announce_task
    from content.models import DynamicPage, NoticePage
    from partybuild.jobs.enqueue import task_enqueue

    if not issubclass(sender, NoticePage | DynamicPage):
        return
    first = instance.first_published_at is not None and (
        instance.first_published_at == instance.last_published_at
    )
    if not first:
        return
    # One message per member: a background task, in batches (content/announcements.py).
    task_enqueue(page_announce_task, instance.pk)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="content_workflow_rejected")
def workflow_rejected_receiver(sender, instance, user=None, **kwargs):
    """退回修改: the editor who submitted finds the reason in 我的消息 (the app and the portal);
    Wagtail's own notifier e-mails it too."""
    from content.moderation import moderation_decision_notify

    moderation_decision_notify(workflow_state=instance, decided_by=user)


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="content_workflow_approved")
def workflow_approved_receiver(sender, instance, user=None, **kwargs):
    """The last step approved: the editor who submitted learns that the page is published."""
    from content.moderation import moderation_decision_notify

    moderation_decision_notify(workflow_state=instance, decided_by=user)
