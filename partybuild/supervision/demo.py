"""Demo 党建督查: two tasks of the demo 党委 (技术支持部委员会) to its branches — one past its
deadline with branches in every state (some overdue), one still open."""

import datetime

from django.utils import timezone

from partybuild.models import Organisation
from partybuild.supervision.models import InspectionAssignment, InspectionTask
from partybuild.supervision.selectors import inspection_task_target_choices
from partybuild.supervision.services import (
    inspection_response_accept,
    inspection_response_return,
    inspection_response_submit,
    inspection_task_create,
    inspection_task_issue,
)

ISSUER_CODE = "CL04"

OVERDUE_SUBJECT = "第三季度“三会一课”落实情况督查"
OPEN_SUBJECT = "党费收缴情况自查"


def _answer(task: InspectionTask, code: str, text: str) -> InspectionAssignment:
    assignment = InspectionAssignment.objects.get(task=task, organisation__code=code)
    return inspection_response_submit(assignment=assignment, response=text, actor=None)


def demo_supervision_load() -> int:
    """Create the two demo tasks unless they exist; returns how many were created."""
    issuer = Organisation.objects.filter(code=ISSUER_CODE).first()
    if issuer is None or InspectionTask.objects.filter(issuer=issuer).exists():
        return 0
    today = timezone.localdate()
    branches = list(inspection_task_target_choices(issuer=issuer).order_by("path"))
    if len(branches) < 3:
        return 0

    overdue = inspection_task_create(
        issuer=issuer,
        subject=OVERDUE_SUBJECT,
        requirements="请各支部上传第三季度支部党员大会、支委会、党小组会和党课的会议记录及签到表。",
        deadline=today - datetime.timedelta(days=10),
        actor=None,
    )
    inspection_task_issue(task=overdue, targets=branches, actor=None)
    accepted = _answer(overdue, branches[0].code, "已按要求上传三次支委会、一次党员大会记录。")
    inspection_response_accept(assignment=accepted, actor=None, comment="材料齐全。")
    returned = _answer(overdue, branches[1].code, "已上传党员大会记录。")
    inspection_response_return(
        assignment=returned, actor=None, comment="缺少党小组会记录和签到表，请补充。"
    )
    if len(branches) > 3:
        _answer(overdue, branches[2].code, "已上传全部会议记录。")

    still_open = inspection_task_create(
        issuer=issuer,
        subject=OPEN_SUBJECT,
        requirements="请核对本支部本年度党费收缴台账，说明欠缴原因及补缴安排。",
        deadline=today + datetime.timedelta(days=20),
        actor=None,
    )
    inspection_task_issue(task=still_open, targets=branches[:2], actor=None)
    _answer(still_open, branches[0].code, "本年度党费已全部收缴，无欠缴。")
    return 2
