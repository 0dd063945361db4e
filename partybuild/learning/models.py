"""学习教育: courses (课程) of lessons (课时) pointing to content, documents or videos, each with a
required study time; the time members spend (recorded by the app's heartbeats, capped by the
server); question banks (题库) and timed exams (考试) drawn per member, marked automatically.

Courses, banks and exams belong to an organisation and reach the members of its subtree
(docs/domain.md, 学习教育)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.documents.models import Document
from wagtail.models import Orderable, Page

from partybuild.models import Member, Organisation

#: Letters naming the options of a question (A, B, …).
OPTION_LETTERS = "ABCDEFGH"
#: The fixed options of a true/false question.
TRUE_FALSE_OPTIONS = (_("正确"), _("错误"))


class Course(ClusterableModel):
    """A course for the members of ``organisation``'s subtree: lessons in order; completed when
    all its lessons are."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("面向党组织"),
        on_delete=models.PROTECT,
        related_name="learning_courses",
        help_text=_("本党组织及其下级党组织的党员学习本课程。"),
    )
    title = models.CharField(_("课程名称"), max_length=200)
    description = models.TextField(_("课程简介"), blank=True)
    points = models.PositiveIntegerField(
        _("学习积分"), default=5, help_text=_("学完全部课时后获得的积分（每门课程一次）。")
    )
    is_published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("points"),
        FieldPanel("is_published"),
        InlinePanel("lessons", label=_("课时"), min_num=1),
    ]

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class LessonKind(models.TextChoices):
    """What a lesson shows: an article, a document or a video."""

    PAGE = "page", _("文章")
    DOCUMENT = "document", _("文档")
    VIDEO = "video", _("视频")


class Lesson(Orderable):
    """A lesson: an article of the content tree, a document, or a video (an uploaded video
    document or a 本地影视 page), with the study time that completes it."""

    course = ParentalKey(
        Course, verbose_name=_("课程"), on_delete=models.CASCADE, related_name="lessons"
    )
    title = models.CharField(_("课时名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=LessonKind.choices)
    page = models.ForeignKey(
        Page,
        verbose_name=_("文章或影视页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("文档或视频文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    required_minutes = models.PositiveIntegerField(
        _("要求学习时长（分钟）"), default=5, help_text=_("累计学习达到该时长即完成本课时。")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("page"),
        FieldPanel("document"),
        FieldPanel("required_minutes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("课时")
        verbose_name_plural = _("课时")

    def __str__(self) -> str:
        return self.title

    @property
    def required_seconds(self) -> int:
        return self.required_minutes * 60

    def clean(self) -> None:
        super().clean()
        if self.required_minutes < 1:
            raise ValidationError({"required_minutes": _("要求学习时长至少 1 分钟。")})
        if self.kind == LessonKind.PAGE and not self.page_id:
            raise ValidationError({"page": _("文章类课时请选择一篇文章。")})
        if self.kind == LessonKind.DOCUMENT and not self.document_id:
            raise ValidationError({"document": _("文档类课时请选择一个文档。")})
        if self.kind == LessonKind.VIDEO and not (self.page_id or self.document_id):
            raise ValidationError(
                {"document": _("视频类课时请上传视频文件，或选择一个本地影视页面。")}
            )


class LessonProgress(models.Model):
    """A member's study of a lesson: seconds credited so far, the last heartbeat (the clock
    the next one is measured against) and when the lesson was completed."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("课时"), on_delete=models.CASCADE, related_name="progress"
    )
    seconds = models.PositiveIntegerField(_("已学时长（秒）"), default=0)
    last_beat_at = models.DateTimeField(_("最近记录时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("课时学习记录")
        verbose_name_plural = _("课时学习记录")
        constraints = [
            models.UniqueConstraint(fields=["member", "lesson"], name="learning_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.lesson}"


class CourseCompletion(models.Model):
    """A member completed every lesson of a course (recorded once)."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("课程"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("完成时间"))

    class Meta:
        verbose_name = _("课程完成记录")
        verbose_name_plural = _("课程完成记录")
        ordering = ["-completed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "course"], name="learning_completion_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.course}"


class QuestionBank(ClusterableModel):
    """A question bank of an organisation; exams draw from it."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属党组织"),
        on_delete=models.PROTECT,
        related_name="learning_question_banks",
    )
    title = models.CharField(_("题库名称"), max_length=200)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("title"),
        InlinePanel("questions", label=_("试题")),
    ]

    class Meta:
        verbose_name = _("题库")
        verbose_name_plural = _("题库")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    """单选, 多选 or 判断."""

    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")


class Question(Orderable):
    """A question: its options one per line (true/false: 正确, 错误) and the correct letters."""

    bank = ParentalKey(
        QuestionBank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("题型"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("题目"))
    options_text = models.TextField(
        _("选项"), blank=True, help_text=_("每行一个选项，依次为 A、B、C……；判断题不填。")
    )
    answer = models.CharField(
        _("正确答案"),
        max_length=20,
        help_text=_("选项字母，如 B；多选题如 A、C、D；判断题填 A（正确）或 B（错误）。"),
    )
    explanation = models.TextField(_("答案解析"), blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("options_text"),
        FieldPanel("answer"),
        FieldPanel("explanation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("试题")
        verbose_name_plural = _("试题")

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def options(self) -> list[str]:
        if self.kind == QuestionKind.TRUE_FALSE:
            return [str(option) for option in TRUE_FALSE_OPTIONS]
        return [line.strip() for line in self.options_text.splitlines() if line.strip()]

    @property
    def correct(self) -> list[int]:
        """The indexes of the correct options, ascending."""
        return sorted({OPTION_LETTERS.index(letter) for letter in self.answer.strip().upper()})

    def clean(self) -> None:
        super().clean()
        self.answer = "".join(sorted(set(re.sub(r"[\s、,，]", "", self.answer.upper()))))
        options = self.options
        if self.kind != QuestionKind.TRUE_FALSE and not 2 <= len(options) <= len(OPTION_LETTERS):
            raise ValidationError({"options_text": _("请填写 2 至 8 个选项，每行一个。")})
        letters = OPTION_LETTERS[: len(options)]
        if not self.answer or any(letter not in letters for letter in self.answer):
            raise ValidationError(
                {"answer": _("正确答案须为选项字母（%(letters)s）。") % {"letters": letters}}
            )
        if self.kind != QuestionKind.MULTIPLE and len(self.answer) != 1:
            raise ValidationError({"answer": _("单选题和判断题只有一个正确答案。")})
        if self.kind == QuestionKind.MULTIPLE and len(self.answer) < 2:
            raise ValidationError({"answer": _("多选题至少有两个正确答案。")})


class Exam(models.Model):
    """A timed exam for the members of ``organisation``'s subtree: ``question_count`` questions
    drawn at random per member from ``bank``."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("面向党组织"),
        on_delete=models.PROTECT,
        related_name="learning_exams",
        help_text=_("本党组织及其下级党组织的党员参加本考试。"),
    )
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("题库"), on_delete=models.PROTECT, related_name="exams"
    )
    title = models.CharField(_("考试名称"), max_length=200)
    question_count = models.PositiveIntegerField(_("抽题数量"), default=10)
    time_limit_minutes = models.PositiveIntegerField(_("考试时长（分钟）"), default=30)
    pass_score = models.PositiveIntegerField(
        _("及格分"), default=60, help_text=_("满分 100 分，得分不低于及格分为通过。")
    )
    retakes_allowed = models.PositiveIntegerField(
        _("允许补考次数"), default=1, help_text=_("未通过时可再考的次数；0 表示不允许补考。")
    )
    points = models.PositiveIntegerField(
        _("学习积分"), default=10, help_text=_("考试通过后获得的积分（每场考试一次）。")
    )
    is_published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("title"),
        FieldPanel("bank"),
        FieldPanel("question_count"),
        FieldPanel("time_limit_minutes"),
        FieldPanel("pass_score"),
        FieldPanel("retakes_allowed"),
        FieldPanel("points"),
        FieldPanel("is_published"),
    ]

    class Meta:
        verbose_name = _("考试")
        verbose_name_plural = _("考试")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.pass_score > 100:
            raise ValidationError({"pass_score": _("及格分不能超过 100。")})
        if self.question_count < 1:
            raise ValidationError({"question_count": _("抽题数量至少为 1。")})
        if self.time_limit_minutes < 1:
            raise ValidationError({"time_limit_minutes": _("考试时长至少 1 分钟。")})
        if self.bank_id and self.question_count > self.bank.questions.count():
            raise ValidationError({"question_count": _("抽题数量不能超过题库中的试题数。")})
        if (
            self.bank_id
            and self.organisation_id
            and not self.organisation.path.startswith(self.bank.organisation.path)
        ):
            raise ValidationError({"bank": _("只能使用本党组织或上级党组织的题库。")})


class ExamAttempt(models.Model):
    """One sitting of an exam by a member: the questions drawn (kept, so a reload shows the
    same ones), the deadline, the answers saved so far, and the marking once submitted."""

    exam = models.ForeignKey(
        Exam, verbose_name=_("考试"), on_delete=models.CASCADE, related_name="attempts"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(_("第几次"))
    question_ids = models.JSONField(_("抽到的试题"), default=list)
    answers = models.JSONField(_("作答"), default=dict)
    started_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("截止时间"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("超时自动交卷"), default=False)
    correct_count = models.PositiveIntegerField(_("答对题数"), null=True, blank=True)
    score = models.PositiveIntegerField(_("得分"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)

    class Meta:
        verbose_name = _("考试记录")
        verbose_name_plural = _("考试记录")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "member", "number"], name="learning_attempt_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exam} {self.member} #{self.number}"
