"""党建督查: inspection tasks a higher organisation issues to branches of its subtree, each
branch's response (text and attachments) and the issuer's review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.models import Organisation


class InspectionTaskStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已下发")


class AssignmentStatus(models.TextChoices):
    """One branch's progress on a task: 待反馈 → 已反馈 → 已通过, or 已退回 (then resubmitted)."""

    PENDING = "pending", _("待反馈")
    SUBMITTED = "submitted", _("已反馈")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")


class InspectionTask(models.Model):
    """A supervision task (督查任务) issued by ``issuer`` to branches below it."""

    issuer = models.ForeignKey(
        Organisation,
        verbose_name=_("下发党组织"),
        on_delete=models.PROTECT,
        related_name="issued_inspection_tasks",
    )
    subject = models.CharField(_("督查主题"), max_length=200)
    requirements = models.TextField(_("督查要求"))
    deadline = models.DateField(_("反馈截止日期"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=InspectionTaskStatus.choices,
        default=InspectionTaskStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    issued_at = models.DateTimeField(_("下发时间"), null=True, blank=True)

    class Meta:
        db_table = "partybuild_inspectiontask"
        verbose_name = _("督查任务")
        verbose_name_plural = _("党建督查")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class InspectionAssignment(models.Model):
    """One target branch of a task, with its response and the issuer's review."""

    task = models.ForeignKey(
        InspectionTask,
        verbose_name=_("督查任务"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("被督查党组织"),
        on_delete=models.PROTECT,
        related_name="inspection_assignments",
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
    )
    response = models.TextField(_("反馈内容"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        db_table = "partybuild_inspectionassignment"
        verbose_name = _("督查反馈")
        verbose_name_plural = _("我的督查任务")
        ordering = ["task__deadline", "organisation__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organisation"], name="inspection_assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.organisation}"


class InspectionAttachment(models.Model):
    """A document attached to a branch's response."""

    assignment = models.ForeignKey(
        InspectionAssignment,
        verbose_name=_("督查反馈"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    document = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("附件"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    added_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_inspectionattachment"
        verbose_name = _("督查附件")
        verbose_name_plural = _("督查附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.document)


class InspectionVerdict(models.TextChoices):
    PENDING = "pending", _("待评")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class MeetingInspection(models.Model):
    """随机抽查: a closed meeting drawn for review of its electronic record, and the verdict.

    ``inspecting_organisation`` is the side that drew it (the drawer's own organisation, or the
    drawn range when a superuser or the system drew it): only administrators whose scope covers
    it record the verdict, never those of the inspected meeting's branch
    (selectors.supervision.meeting_inspection_may_decide).
    """

    meeting = models.ForeignKey(
        "orglife.Meeting",
        verbose_name=_("会议"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽查人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    inspecting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("抽查方"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("抽取本次抽查的党组织；由其及上级党组织的管理员评定。"),
    )
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)
    verdict = models.CharField(
        _("抽查结论"),
        max_length=20,
        choices=InspectionVerdict.choices,
        default=InspectionVerdict.PENDING,
    )
    comment = models.TextField(_("抽查意见"), blank=True)
    decided_at = models.DateTimeField(_("评定时间"), null=True, blank=True)

    class Meta:
        db_table = "partybuild_meetinginspection"
        verbose_name = _("会议抽查")
        verbose_name_plural = _("随机抽查")
        ordering = ["-drawn_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["meeting"], name="meeting_inspection_once")]

    def __str__(self) -> str:
        return str(self.meeting)
