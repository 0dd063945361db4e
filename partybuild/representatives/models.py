"""党代表: the party congresses (党代表大会) of each level with their term (届次), the
representatives elected to them by a constituency organisation (选举单位), the representatives'
联系党员群众 activities and their 提案/建议 with the handling organisation's reply.

A representative's term is the congress's term (党代表任期制, docs/domain.md §党代表)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.models import Member, Organisation, RecordedEntry


class CongressLevel(models.TextChoices):
    """The level of a congress (党的地方组织选举工作条例: 省、市、县、乡镇)."""

    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省（区、市）")
    CITY = "city", _("市（州）")
    COUNTY = "county", _("县（市、区）")
    TOWNSHIP = "township", _("乡镇（街道）")


class Congress(models.Model):
    """One term (届) of the congress of ``organisation`` (the 党委 holding it)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("召开党组织"),
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    level = models.CharField(_("层级"), max_length=20, choices=CongressLevel.choices)
    name = models.CharField(_("名称"), max_length=100)
    number = models.PositiveSmallIntegerField(_("届次"))
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期届满"))

    class Meta:
        verbose_name = _("党代表大会")
        verbose_name_plural = _("党代表大会")
        ordering = ["-term_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="congress_number_once"),
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")),
                name="congress_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s第%(number)s届") % {"name": self.name, "number": self.number}


class Representative(models.Model):
    """A member elected by ``constituency`` to ``congress``; belongs to the constituency's
    subtree. ``ended_on`` records an early end of the term (资格终止) with its reason."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("党代表大会"),
        on_delete=models.PROTECT,
        related_name="representatives",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="representative_terms",
    )
    constituency = models.ForeignKey(
        Organisation,
        verbose_name=_("选举单位"),
        on_delete=models.PROTECT,
        related_name="elected_representatives",
    )
    elected_on = models.DateField(_("当选日期"))
    ended_on = models.DateField(_("资格终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("资格终止原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("党代表")
        verbose_name_plural = _("党代表")
        ordering = ["congress", "constituency__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "member"], name="representative_once_per_congress"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name}（{self.congress}）"


class ContactActivity(RecordedEntry):
    """A 联系党员群众 activity of a representative (走访, 座谈, 接待 …)."""

    representative = models.ForeignKey(
        Representative,
        verbose_name=_("党代表"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    date = models.DateField(_("活动日期"))
    place = models.CharField(_("地点"), max_length=200)
    content = models.TextField(_("活动内容"), max_length=2000)
    people_reached = models.PositiveIntegerField(_("联系人数"))

    class Meta:
        verbose_name = _("联系党员群众活动")
        verbose_name_plural = _("联系党员群众活动")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.place}"


class ProposalStatus(models.TextChoices):
    """提交 → 办理中 → 已答复."""

    SUBMITTED = "submitted", _("已提交")
    HANDLING = "handling", _("办理中")
    ANSWERED = "answered", _("已答复")


class Proposal(models.Model):
    """A 提案/建议 of a representative, handled by ``handling_organisation`` which replies."""

    representative = models.ForeignKey(
        Representative,
        verbose_name=_("党代表"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"), max_length=5000)
    submitted_on = models.DateField(_("提交日期"))
    handling_organisation = models.CharField(_("承办单位"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    reply = models.TextField(_("答复"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提案建议")
        verbose_name_plural = _("提案建议")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return self.title
