"""The demo 党建督查 tasks: two tasks of the demo 党委, one overdue, branches in every state;
loading twice creates nothing more."""

import pytest

from partybuild.demo.load import demo_data_load
from partybuild.models import User
from partybuild.supervision.models import InspectionTask
from partybuild.supervision.selectors import inspection_assignment_list, inspection_task_list

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_tasks_are_in_different_states_and_one_is_overdue(demo):
    result = demo.result
    assert result.supervision_tasks == 2
    root = User.objects.create_superuser(username="demo_root", password="x", name="根")
    tasks = {task.subject: task for task in inspection_task_list(user=root)}
    assert len(tasks) == 2
    overdue = tasks["第三季度“三会一课”落实情况督查"]
    assert overdue.overdue_count >= 1 and overdue.accepted_count == 1
    statuses = set(
        inspection_assignment_list(user=root, task_id=overdue.pk).values_list("status", flat=True)
    )
    assert {"accepted", "returned", "pending"} <= statuses
    assert tasks["党费收缴情况自查"].overdue_count == 0
    assert demo_data_load(with_accounts=False).supervision_tasks == 0
    assert InspectionTask.objects.count() == 2
