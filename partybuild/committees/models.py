"""班子成员 and 换届 (docs/domain.md §1a): the committee (班子) of an organisation term by term —
its members and their posts — and the re-election (换届) that replaces one term by the next:
请示 → 批复 → 选举 → 批复 of the result.

An organisation has at most one current term (``closed_on`` empty); approving an election's result
closes it and opens the next one in one transaction. The term's dates are also written to the
organisation's own ``term_start``/``term_end``, which the kernel's 换届提醒 reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuild.models import Member, Organisation, RegisteredRecord


class CommitteePost(models.TextChoices):
    """职务 in the committee, in the order a roster lists them."""

    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
    ORGANISATION = "organisation", _("组织委员")
    PUBLICITY = "publicity", _("宣传委员")
    DISCIPLINE = "discipline", _("纪检委员")
    YOUTH = "youth", _("青年委员")
    UNITED_FRONT = "united_front", _("统战委员")
    MEMBER = "member", _("委员")


#: The order of the posts on every list (书记 first).
POST_ORDER = {post: position for position, post in enumerate(CommitteePost.values)}


class TermFormation(models.TextChoices):
    """How the term's committee came to be."""

    ELECTED = "elected", _("选举产生")
    APPOINTED = "appointed", _("上级党组织任命")


class CommitteeTerm(RegisteredRecord):
    """One term (届) of an organisation's committee; current while ``closed_on`` is empty."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="committee_terms",
    )
    starts_on = models.DateField(_("任期开始日期"))
    ends_on = models.DateField(_("任期届满日期"))
    formation = models.CharField(
        _("产生方式"), max_length=20, choices=TermFormation.choices, default=TermFormation.ELECTED
    )
    approval_number = models.CharField(_("批复文号"), max_length=100, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        db_table = "partybuild_committeeterm"
        verbose_name = _("班子任期")
        verbose_name_plural = _("班子成员")
        ordering = ["organisation__path", "-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(closed_on__isnull=True),
                name="committee_one_current_term",
            )
        ]

    def __str__(self) -> str:
        return _("%(organisation)s（%(start)s至%(end)s）") % {
            "organisation": self.organisation,
            "start": self.starts_on,
            "end": self.ends_on,
        }

    @property
    def is_current(self) -> bool:
        return self.closed_on is None


class CommitteeMember(models.Model):
    """One member of a term's committee and their post."""

    term = models.ForeignKey(
        CommitteeTerm, verbose_name=_("任期"), on_delete=models.CASCADE, related_name="members"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="committee_seats"
    )
    post = models.CharField(_("职务"), max_length=20, choices=CommitteePost.choices)
    formation = models.CharField(
        _("产生方式"), max_length=20, choices=TermFormation.choices, default=TermFormation.ELECTED
    )

    class Meta:
        db_table = "partybuild_committeemember"
        verbose_name = _("班子成员")
        verbose_name_plural = _("班子成员")
        ordering = ["term", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["term", "member"], name="committee_member_once"),
            models.UniqueConstraint(
                fields=["term"],
                condition=Q(post="secretary"),
                name="committee_one_secretary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.member.name}"


class ReelectionStatus(models.TextChoices):
    """请示 → 请示已批复 → 已选举 → 已完成 (the result approved, the new term opened)."""

    REQUESTED = "requested", _("已请示")
    REQUEST_APPROVED = "request_approved", _("请示已批复")
    ELECTED = "elected", _("已选举")
    COMPLETED = "completed", _("已完成")


class Reelection(models.Model):
    """换届: one organisation's re-election from its request to the approval of its result."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="reelections",
    )
    previous_term = models.ForeignKey(
        CommitteeTerm,
        verbose_name=_("上届任期"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ReelectionStatus.choices,
        default=ReelectionStatus.REQUESTED,
    )
    requested_on = models.DateField(_("请示日期"))
    request_number = models.CharField(_("请示文号"), max_length=100)
    request_document = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("请示文件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    request_approved_on = models.DateField(_("请示批复日期"), null=True, blank=True)
    request_approval_number = models.CharField(_("请示批复文号"), max_length=100, blank=True)
    election_held_on = models.DateField(_("选举大会日期"), null=True, blank=True)
    voters_present = models.PositiveIntegerField(_("实到会有选举权的党员数"), null=True, blank=True)
    result_approved_on = models.DateField(_("选举结果批复日期"), null=True, blank=True)
    result_approval_number = models.CharField(_("选举结果批复文号"), max_length=100, blank=True)
    new_term = models.ForeignKey(
        CommitteeTerm,
        verbose_name=_("新一届任期"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_reelection"
        verbose_name = _("换届")
        verbose_name_plural = _("换届选举")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=~Q(status="completed"),
                name="reelection_one_open",
            )
        ]

    def __str__(self) -> str:
        return _("%(organisation)s换届") % {"organisation": self.organisation}


class ElectionCandidate(models.Model):
    """A candidate of the election, the post proposed and the votes for them; ``elected`` is
    decided by the majority rule when the votes are recorded (services.election_is_elected)."""

    reelection = models.ForeignKey(
        Reelection,
        verbose_name=_("换届"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("候选人"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(_("拟任职务"), max_length=20, choices=CommitteePost.choices)
    votes = models.PositiveIntegerField(_("赞成票数"))
    elected = models.BooleanField(_("当选"), default=False)

    class Meta:
        db_table = "partybuild_electioncandidate"
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["reelection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reelection", "member"], name="candidate_once")
        ]

    def __str__(self) -> str:
        return self.member.name
