"""发展党员: candidates from application to full membership, one record per completed step."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.core.crypto import BlindIndexedModel
from partybuild.models import Education, Gender, Member, Organisation
from partybuild.models.identity import (
    IdNumberMixin,
    id_number_unique_constraint,
    phone_field,
    phone_index_field,
)


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", _("培养中")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("已转正")
    CANCELLED = "cancelled", _("取消预备党员资格")
    WITHDRAWN = "withdrawn", _("终止培养")


class CandidateQuerySet(models.QuerySet):
    """Candidates placed by their responsible organisation
    (``Candidate.responsible_organisation``)."""

    def in_subtree(self, organisation: Organisation) -> "CandidateQuerySet":
        """Candidates for whom ``organisation`` or one of its descendants is responsible."""
        return self.filter(
            Q(member__isnull=True, organisation__path__startswith=organisation.path)
            | Q(member__organisation__path__startswith=organisation.path)
        )

    def in_organisation(self, organisation_id: int) -> "CandidateQuerySet":
        """Candidates for whom exactly the organisation ``organisation_id`` is responsible."""
        return self.filter(
            Q(member__isnull=True, organisation_id=organisation_id)
            | Q(member__organisation_id=organisation_id)
        )


class Candidate(ChoiceLabelsMixin, IdNumberMixin, BlindIndexedModel):
    """A person in the recruitment pipeline (申请人 → 积极分子 → 发展对象 → 预备党员 → 正式党员).

    Identity fields are validated like a member's (IdNumberMixin, validate_mobile); on admission
    the member dossier is created from them and linked here.
    """

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    birth_date = models.DateField(_("出生日期"))
    phone = phone_field()
    phone_index = phone_index_field()
    education = models.CharField(_("学历"), max_length=30, choices=Education.choices, blank=True)
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党支部"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
    )
    member = models.OneToOneField(
        Member,
        verbose_name=_("党员档案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.ACTIVE
    )
    probation_extension_months = models.PositiveSmallIntegerField(_("延长预备期（月）"), default=0)
    status_reason = models.TextField(_("终止或取消的原因"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        db_table = "partybuild_candidate"
        verbose_name = _("发展对象")
        verbose_name_plural = _("发展党员")
        ordering = ["organisation__path", "name"]
        constraints = [id_number_unique_constraint("candidate_id_number_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible_organisation(self) -> Organisation:
        """The branch that educates the candidate and records their steps: the one they are
        registered in until admission, then the member's current organisation, so that a 预备党员
        transferred during probation is educated and converted by the receiving branch
        (docs/domain.md §3; 《发展党员工作细则》第三十五条)."""
        if self.member_id is not None:
            return self.member.organisation
        return self.organisation


class StepReview(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("退回")


class CandidateStep(models.Model):
    """One completed step (1–25) of a candidate, with the branch that did it (kept when the
    candidate moves branch) and the people involved."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("发展对象"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.PositiveSmallIntegerField(_("步骤"))
    done_on = models.DateField(_("日期"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("办理党组织"), on_delete=models.PROTECT, related_name="+"
    )
    people = models.ManyToManyField(
        Member, verbose_name=_("培养联系人或入党介绍人"), blank=True, related_name="+"
    )
    training_days = models.PositiveSmallIntegerField(_("培训天数"), null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField(_("培训学时"), null=True, blank=True)
    notes = models.TextField(_("情况记录"), blank=True)
    document = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("材料"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review = models.CharField(
        _("审核状态"), max_length=20, choices=StepReview.choices, default=StepReview.APPROVED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_candidatestep"
        verbose_name = _("发展步骤")
        verbose_name_plural = _("发展步骤")
        ordering = ["candidate", "step"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "step"], name="candidate_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.step}"


class SubmissionKind(models.TextChoices):
    APPLICATION = "application", _("入党申请书")
    THOUGHT_REPORT = "thought_report", _("思想汇报")


class CandidateSubmission(models.Model):
    """An application letter or a 思想汇报 a candidate submits online; the branch reviews it."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("发展对象"), on_delete=models.CASCADE, related_name="submissions"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=SubmissionKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("正文"))
    attachment = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("附件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    review = models.CharField(
        _("审阅状态"), max_length=20, choices=StepReview.choices, default=StepReview.PENDING
    )
    review_comment = models.TextField(_("审阅意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审阅人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)

    class Meta:
        db_table = "partybuild_candidatesubmission"
        verbose_name = _("入党申请书和思想汇报")
        verbose_name_plural = _("入党申请书和思想汇报")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title
