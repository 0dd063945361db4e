"""The 学习教育 panel of the 数据大屏 (partybuild/admin/screen.py): course completion and exam
pass rates of the chosen subtree and its best branches, registered from LearningConfig.ready so
the kernel never imports this app.

The figures (``learning_screen_figures``, five grouped queries) are cached like the other
panels' (dashboard_figure, keyed by the narrowed viewer's scope) under the topic ``learning``,
which a save or delete of a course, a completion, an exam or an attempt retires."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuild.admin.dashboard import dashboard_figure
from partybuild.admin.screen import ScreenPanelSpec, screen_panel_register
from partybuild.core.versioned_cache import (
    LEARNING,
    MEMBERS,
    ORGANISATIONS,
    cache_version_bump,
)
from partybuild.learning.models import Course, CourseCompletion, Exam, ExamAttempt
from partybuild.learning.selectors import learning_screen_figures
from partybuild.models import User

#: How many branches the panel ranks.
TOP_BRANCHES = 5


def _learning(user: User) -> dict:
    data = dashboard_figure(
        user=user,
        name="screen_learning",
        topics=(LEARNING, MEMBERS, ORGANISATIONS),
        compute=lambda: learning_screen_figures(user=user, top=TOP_BRANCHES),
    )
    return {
        "figures": [
            {"label": _("已完成课程"), "value": data["completed"], "unit": _("人次")},
            {"label": _("考试通过"), "value": data["passed"], "unit": _("人次")},
        ],
        "charts": [
            {
                "title": _("课程完成率"),
                "kind": "ring",
                "unit": "%",
                "rows": [{"label": _("合计"), "value": data["course_rate"]}],
            },
            {
                "title": _("考试通过率"),
                "kind": "ring",
                "unit": "%",
                "rows": [{"label": _("合计"), "value": data["exam_rate"]}],
            },
            {
                "title": _("课程完成率前%(count)d的支部") % {"count": TOP_BRANCHES},
                "kind": "bars",
                "unit": "%",
                "rows": [{"label": name, "value": rate} for name, rate in data["branches"]],
            },
        ],
    }


def _bump(sender, **kwargs) -> None:
    cache_version_bump(LEARNING)


def register() -> None:
    """Add the panel to the 数据大屏 and retire its cached figures on every write they count."""
    screen_panel_register(
        ScreenPanelSpec("learning", gettext_lazy("学习教育"), 60, "learning.view_course", _learning)
    )
    for model in (Course, CourseCompletion, Exam, ExamAttempt):
        uid = f"learning_screen_{model._meta.model_name}"
        post_save.connect(_bump, sender=model, weak=False, dispatch_uid=f"{uid}_save")
        post_delete.connect(_bump, sender=model, weak=False, dispatch_uid=f"{uid}_delete")
