"""三会一课 and other organisation life (docs/domain.md §5): meetings, their expected attendees with
sign-up, leave and attendance, minutes (locked on closing, corrected by revisions) and files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.models import Member, Organisation


class MeetingKind(models.TextChoices):
    """会议类型 (docs/domain.md §5)."""

    BRANCH_ASSEMBLY = "branch_assembly", _("支部党员大会")
    COMMITTEE = "committee", _("支部委员会")
    GROUP = "group", _("党小组会")
    PARTY_LECTURE = "party_lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE_MEETING = "life_meeting", _("组织生活会")
    EVALUATION = "evaluation", _("民主评议党员")


class MeetingStatus(models.TextChoices):
    """草稿 → 已发布 (notice sent) → 已结束 (minutes locked)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


class AttendeeResponse(models.TextChoices):
    """An expected attendee's answer to the notice."""

    NONE = "none", _("未回复")
    SIGNED_UP = "signed_up", _("已报名")
    LEAVE = "leave", _("请假")


class Meeting(ChoiceLabelsMixin, models.Model):
    """One meeting of an organisation; expected attendees are fixed when it is published."""

    kind = models.CharField(_("会议类型"), max_length=30, choices=MeetingKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    topic = models.CharField(_("会议主题"), max_length=200)
    host = models.ForeignKey(
        Member,
        verbose_name=_("主持人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorder = models.ForeignKey(
        Member,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    check_in_code = models.CharField(_("签到码"), max_length=10, blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("结束时间（记录）"), null=True, blank=True, editable=False)
    minutes = models.TextField(_("会议记录"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_meeting"
        verbose_name = _("会议")
        verbose_name_plural = _("三会一课")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "kind", "starts_at"], name="meeting_org_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.topic}"


class MeetingAttendee(models.Model):
    """One expected attendee of a meeting: their answer and whether they attended."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendees"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    response = models.CharField(
        _("回复"), max_length=20, choices=AttendeeResponse.choices, default=AttendeeResponse.NONE
    )
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    attended = models.BooleanField(_("出席"), default=False)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("为空表示党员本人扫码签到。"),
    )

    class Meta:
        db_table = "partybuild_meetingattendee"
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["meeting", "member__name_sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meeting_attendee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member}（{self.get_response_display()}）"


class MeetingAttachment(models.Model):
    """A document or photo attached to a meeting's minutes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    image = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_meetingattachment"
        verbose_name = _("会议附件")
        verbose_name_plural = _("会议附件")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.document or self.image or self.pk)


class MinutesRevision(models.Model):
    """A correction of a closed meeting's minutes; keeps the text as it was before."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="minutes_revisions"
    )
    previous_minutes = models.TextField(_("更正前的会议记录"))
    minutes = models.TextField(_("更正后的会议记录"))
    reason = models.CharField(_("更正原因"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("更正时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_minutesrevision"
        verbose_name = _("会议记录更正")
        verbose_name_plural = _("会议记录更正")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.meeting}：{self.reason}"
