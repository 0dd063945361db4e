"""Keep per-organisation content subtrees in step with the organisation register."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from partybuild.models import Organisation
from partybuild.signals import organisation_deleting


@receiver(post_save, sender=Organisation, dispatch_uid="content_organisation_saved")
def organisation_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from content.branch_subtrees import organisation_subtree_ensure

    organisation_subtree_ensure(organisation=instance)


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
def notice_published(sender, instance, **kwargs):
    """The first publication of a 通知公告 sends a message to each member of its audience."""
    from content.models import NoticePage
    from content.receipts import notice_audience
    from partybuild.models import Message, MessageKind
    from partybuild.services.messages import message_send

    if not isinstance(instance.specific, NoticePage):
        return
    notice = instance.specific
    if Message.objects.filter(object_type="notice", object_id=notice.pk).exists():
        return
    recipients = (
        notice_audience(notice=notice).filter(user__isnull=False).values_list("user_id", flat=True)
    )
    message_send(
        recipients=list(recipients),
        kind=MessageKind.NOTICE,
        title=notice.title,
        body=notice.summary,
        object_type="notice",
        object_id=notice.pk,
    )
