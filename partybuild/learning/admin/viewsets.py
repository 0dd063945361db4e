"""The 学习教育 admin: 课程 (with their lessons), 题库 (with their questions), 考试, 考试成绩 and
学习情况, each confined to the user's subtree (another subtree's object is 404)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.viewsets import EmptyMessageMixin, RegisterViewSet
from partybuild.learning import selectors
from partybuild.learning.admin.forms import ExamForm, ScopedOrganisationForm
from partybuild.learning.admin.views import (
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    learning_report_view,
)
from partybuild.learning.models import Course, Exam, ExamAttempt, QuestionBank
from partybuild.selectors.roles import user_administers

for _model in (Course, QuestionBank, Exam, ExamAttempt):
    register_permission_policy(_model, AdministratorPermissionPolicy(_model))


def _published(obj) -> str:
    return str(_("已发布") if obj.is_published else _("未发布"))


class ScopedModelViewSet(EmptyMessageMixin, ModelViewSet):
    """Add, edit and delete through Wagtail's forms; listing, edit and delete scoped by
    ``scoped_queryset``."""

    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    scoped_queryset = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)

    @property
    def permission_policy(self):
        return AdministratorPermissionPolicy(self.model)


class CourseViewSet(ScopedModelViewSet):
    """课程 of the user's subtree, with their lessons."""

    empty_message = _("还没有课程。点击「新增」创建课程，为每个课时选择文章、文档或视频。")
    model = Course
    icon = "doc-full"
    menu_label = _("课程")
    list_display = [
        "title",
        Column("organisation", label=_("面向党组织"), accessor="organisation"),
        Column("lesson_count", label=_("课时数"), accessor="lesson_count"),
        Column("completion_count", label=_("完成人数"), accessor="completion_count"),
        Column("is_published", label=_("状态"), accessor=_published),
    ]
    list_filter = ["is_published"]
    ordering = ["-created_at", "-pk"]
    scoped_queryset = staticmethod(selectors.course_scope_for_user)
    edit_handler = ObjectList(Course.panels, base_form_class=ScopedOrganisationForm)


class QuestionBankViewSet(ScopedModelViewSet):
    """题库 of the user's subtree, with their questions."""

    empty_message = _("还没有题库。点击「新增」创建题库并录入单选、多选和判断题。")
    model = QuestionBank
    icon = "list-ul"
    menu_label = _("题库")
    list_display = [
        "title",
        Column("organisation", label=_("所属党组织"), accessor="organisation"),
        Column("question_count", label=_("试题数"), accessor="question_count"),
    ]
    ordering = ["-created_at", "-pk"]
    scoped_queryset = staticmethod(selectors.question_bank_scope_for_user)
    edit_handler = ObjectList(QuestionBank.panels, base_form_class=ScopedOrganisationForm)


class ExamViewSet(ScopedModelViewSet):
    """考试 of the user's subtree."""

    empty_message = _(
        "还没有考试。先建好题库，再点击「新增」设置抽题数量、时长、及格分和补考次数。"
    )
    model = Exam
    icon = "form"
    menu_label = _("考试")
    list_display = [
        "title",
        Column("organisation", label=_("面向党组织"), accessor="organisation"),
        Column("bank", label=_("题库"), accessor="bank"),
        Column("attempt_count", label=_("考试人次"), accessor="attempt_count"),
        Column("pass_count", label=_("通过人数"), accessor="pass_count"),
        Column("is_published", label=_("状态"), accessor=_published),
    ]
    list_filter = ["is_published"]
    ordering = ["-created_at", "-pk"]
    scoped_queryset = staticmethod(selectors.exam_scope_for_user)
    edit_handler = ObjectList(Exam.panels, base_form_class=ExamForm)


def _passed(attempt: ExamAttempt) -> str:
    return str(_("通过") if attempt.passed else _("未通过"))


class ExamAttemptViewSet(RegisterViewSet):
    """考试成绩: handed-in attempts of the members of the user's subtree (read only)."""

    empty_message = _("还没有考试成绩。党员在 App 中交卷后，成绩会出现在这里。")
    model = ExamAttempt
    icon = "tasks"
    menu_label = _("考试成绩")
    list_display = [
        Column("member", label=_("党员"), accessor="member"),
        Column("organisation", label=_("所在党组织"), accessor="member.organisation"),
        Column("exam", label=_("考试"), accessor="exam"),
        Column("number", label=_("第几次"), accessor="number"),
        Column("score", label=_("得分"), accessor="score"),
        Column("passed", label=_("结果"), accessor=_passed),
        DateColumn("submitted_at", label=_("交卷时间"), sort_key="submitted_at"),
    ]
    list_filter = ["passed"]
    ordering = ["-submitted_at", "-pk"]
    inspect_view_enabled = True
    object_page_name = "inspect"
    inspect_view_fields = [
        "exam",
        "member",
        "number",
        "started_at",
        "deadline",
        "submitted_at",
        "auto_submitted",
        "correct_count",
        "score",
        "passed",
    ]
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            scoped_queryset=selectors.exam_attempt_scope_for_user, **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            scoped_queryset=selectors.exam_attempt_scope_for_user, **kwargs
        )

    def get_urlpatterns(self):
        return [
            *self.listing_urlpatterns(),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class ReportMenuItem(MenuItem):
    """学习情况 in the menu: for the administrators who may read the courses."""

    def is_shown(self, request):
        return user_administers(request.user, "learning.view_course")


class LearningReportViewSet(ViewSet):
    """学习情况: a branch's leaderboard and its completion report (xlsx)."""

    icon = "table"
    menu_label = _("学习情况")
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", learning_report_view, name="index")]


class LearningViewSetGroup(ViewSetGroup):
    """学习教育 in the admin menu."""

    menu_label = _("学习教育")
    menu_icon = "doc-full"
    menu_order = 260
    items = (
        CourseViewSet("learning_courses"),
        QuestionBankViewSet("learning_banks"),
        ExamViewSet("learning_exams"),
        ExamAttemptViewSet("learning_attempts"),
        LearningReportViewSet("learning_report"),
    )
