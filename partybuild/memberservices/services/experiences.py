"""Writes of 微心得 (seed 1.2.6.2): a member submits; the branch approves (awarding the 心得积分
to the member's ledger, once) or rejects with a reason. Only 待审核 entries can be reviewed, and
the ledger's unique constraint makes an award for the same 微心得 happen at most once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse
from partybuild.memberservices.models import ExperienceStatus, MicroExperience, PointsReason
from partybuild.memberservices.services.points import EXPERIENCE_DEFAULT_POINTS, points_award
from partybuild.models import Member, MessageKind, User
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send
from partybuild.uploads import upload_store_document, upload_store_image, upload_validate

MAX_POINTS = 100


@transaction.atomic
def experience_submit(
    *,
    member: Member,
    title: str,
    content: str,
    image: UploadedFile | None = None,
    attachment: UploadedFile | None = None,
) -> MicroExperience:
    """A member posts a 微心得 (待审核) for their own organisation to review. Both files are
    checked before either is stored, so a refused upload stores nothing."""
    if not member.is_on_roll:
        raise PermissionDenied(_("只有在册党员可以发布微心得。"))
    title = (title or "").strip()
    content = (content or "").strip()
    if not title:
        refuse("title", _("请填写主题。"), "required")
    if not content:
        refuse("content", _("请填写内容。"), "required")
    if len(title) > 200:
        refuse("title", _("主题不能超过200个字。"), "too_long")
    if image is not None:
        upload_validate(file=image, kind="image", field="image")
    if attachment is not None:
        upload_validate(file=attachment, kind="document", field="attachment")
    experience = MicroExperience(
        title=title, content=content, author=member, organisation_id=member.organisation_id
    )
    if image is not None:
        experience.image = upload_store_image(file=image, title=title, user=member.user)
    if attachment is not None:
        experience.attachment = upload_store_document(
            file=attachment, title=title, user=member.user
        )
    experience.save()
    audit_record(instance=experience, action="partybuild.experience.submit", actor=member.user)
    return experience


def _lock_for_review(*, experience: MicroExperience, actor: User | None) -> MicroExperience:
    experience = (
        MicroExperience.objects.select_for_update(of=("self",))
        .select_related("organisation", "author")
        .get(pk=experience.pk)
    )
    if actor is not None and not organisation_is_in_scope(
        user=actor, organisation=experience.organisation
    ):
        raise PermissionDenied(_("只有发布者所在党组织及其上级的管理员可以审核该微心得。"))
    if experience.status != ExperienceStatus.PENDING:
        raise ValidationError(
            _("该微心得已审核（%(status)s），不能再次审核。"),
            code="experience_already_reviewed",
            params={"status": experience.get_status_display()},
        )
    return experience


def _tell_author(experience: MicroExperience, *, title: str, body: str) -> None:
    if experience.author.user_id:
        message_send(
            recipients=[experience.author.user_id],
            kind=MessageKind.SYSTEM,
            title=title,
            body=body,
            object_type="experience",
            object_id=experience.pk,
        )


@transaction.atomic
def experience_approve(
    *, experience: MicroExperience, actor: User | None, points: int | None = None
) -> MicroExperience:
    """Approve a pending 微心得 and award its points (the reviewer's figure, else the one set on
    it, else EXPERIENCE_DEFAULT_POINTS)."""
    experience = _lock_for_review(experience=experience, actor=actor)
    if points is None:
        points = experience.points if experience.points is not None else EXPERIENCE_DEFAULT_POINTS
    if not 0 <= points <= MAX_POINTS:
        refuse("points", _("心得积分应在0至%(max)d之间。"), "points_out_of_range", max=MAX_POINTS)
    experience.status = ExperienceStatus.APPROVED
    experience.points = points
    experience.reviewed_by = actor
    experience.reviewed_at = timezone.now()
    experience.save(update_fields=["status", "points", "reviewed_by", "reviewed_at"])
    points_award(
        member=experience.author,
        points=points,
        reason_kind=PointsReason.EXPERIENCE,
        reason=_("微心得「%(title)s」审核通过") % {"title": experience.title},
        source_type="experience",
        source_id=experience.pk,
    )
    _tell_author(
        experience,
        title=_("您的微心得「%(title)s」已审核通过") % {"title": experience.title},
        body=_("获得积分 %(points)d 分。") % {"points": points},
    )
    audit_record(instance=experience, action="partybuild.experience.approve", actor=actor)
    return experience


@transaction.atomic
def experience_reject(
    *, experience: MicroExperience, actor: User | None, reason: str
) -> MicroExperience:
    """Reject a pending 微心得; the reason is required and told to the author."""
    experience = _lock_for_review(experience=experience, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        refuse("reason", _("请填写驳回理由。"), "reason_required")
    experience.status = ExperienceStatus.REJECTED
    experience.reject_reason = reason
    experience.reviewed_by = actor
    experience.reviewed_at = timezone.now()
    experience.save(update_fields=["status", "reject_reason", "reviewed_by", "reviewed_at"])
    _tell_author(
        experience,
        title=_("您的微心得「%(title)s」被驳回") % {"title": experience.title},
        body=_("驳回理由：%(reason)s") % {"reason": reason},
    )
    audit_record(instance=experience, action="partybuild.experience.reject", actor=actor)
    return experience
