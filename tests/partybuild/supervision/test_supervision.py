"""党建督查 services and selectors: issuing, responding, reviewing, refusals, overdue flag."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from partybuild.models import Message
from partybuild.selectors.roles import user_scope_paths
from partybuild.supervision.models import AssignmentStatus, InspectionAssignment, InspectionTask
from partybuild.supervision.selectors import inspection_assignment_list, inspection_task_list
from partybuild.supervision.services import (
    inspection_response_accept,
    inspection_response_return,
    inspection_response_submit,
    inspection_task_create,
    inspection_task_issue,
)

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 12, 15)


def issued_task(tree, actor=None, targets=("first", "second"), deadline=DEADLINE):
    """A task of 一总支 issued to 一支部 and 二支部."""
    task = inspection_task_create(
        issuer=tree["general"],
        subject="三会一课落实情况",
        requirements="上传会议记录",
        deadline=deadline,
        actor=actor,
    )
    return inspection_task_issue(task=task, targets=[tree[t] for t in targets], actor=actor)


@pytest.fixture
def people(tree, make_admin):
    return {
        "issuer": make_admin("general_admin", tree["general"]),
        "first": make_admin("first_admin", tree["first"]),
        "second": make_admin("second_admin", tree["second"]),
        "third": make_admin("third_admin", tree["third"]),
    }


def _assignment(task, organisation):
    return InspectionAssignment.objects.get(task=task, organisation=organisation)


def test_issue_creates_pending_assignments_messages_and_audit(tree, people):
    task = issued_task(tree, actor=people["issuer"])
    assert task.status == "issued"
    assert set(task.assignments.values_list("organisation__name", "status")) == {
        ("一支部", "pending"),
        ("二支部", "pending"),
    }
    assert Message.objects.filter(recipient=people["first"], object_id=task.pk).count() == 1
    assert Message.objects.filter(recipient=people["second"]).count() == 1
    assert not Message.objects.filter(recipient=people["third"]).exists()
    assert ModelLogEntry.objects.filter(action="partybuild.inspection.issue").count() == 1


def test_issue_refuses_targets_outside_subtree_and_non_branches(tree, people):
    task = inspection_task_create(
        issuer=tree["general"], subject="主题", requirements="要求", deadline=DEADLINE, actor=None
    )
    with pytest.raises(ValidationError) as error:
        inspection_task_issue(task=task, targets=[tree["third"]], actor=people["issuer"])
    assert error.value.error_dict["targets"][0].code == "inspection_target_outside"
    with pytest.raises(ValidationError) as error:
        inspection_task_issue(task=task, targets=[tree["group"]], actor=people["issuer"])
    assert error.value.error_dict["targets"][0].code == "inspection_target_type"
    with pytest.raises(ValidationError) as error:
        inspection_task_issue(task=task, targets=[], actor=people["issuer"])
    assert error.value.error_dict["targets"][0].code == "inspection_no_targets"
    task.refresh_from_db()
    assert task.status == "draft"
    assert not InspectionAssignment.objects.exists()


def test_issue_refuses_branch_issuer_wrong_actor_and_second_issue(tree, people):
    with pytest.raises(ValidationError) as error:
        inspection_task_create(
            issuer=tree["first"], subject="主题", requirements="要求", deadline=DEADLINE, actor=None
        )
    assert error.value.error_dict["issuer"][0].code == "inspection_issuer_type"
    with pytest.raises(PermissionDenied):
        inspection_task_create(
            issuer=tree["general"],
            subject="主题",
            requirements="要求",
            deadline=DEADLINE,
            actor=people["third"],
        )
    task = inspection_task_create(
        issuer=tree["general"], subject="主题", requirements="要求", deadline=DEADLINE, actor=None
    )
    with pytest.raises(PermissionDenied):
        inspection_task_issue(task=task, targets=[tree["first"]], actor=people["first"])
    inspection_task_issue(task=task, targets=[tree["first"]], actor=people["issuer"])
    with pytest.raises(ValidationError) as error:
        inspection_task_issue(task=task, targets=[tree["second"]], actor=people["issuer"])
    assert error.value.code == "inspection_task_issued"
    assert task.assignments.count() == 1
    assert InspectionTask.objects.count() == 1


def test_submit_return_resubmit_accept(tree, people):
    task = issued_task(tree, actor=people["issuer"])
    assignment = _assignment(task, tree["first"])
    assignment = inspection_response_submit(
        assignment=assignment,
        response="已按要求整改",
        actor=people["first"],
        files=[SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 test")],
    )
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert assignment.attachments.count() == 1
    with pytest.raises(ValidationError) as error:
        inspection_response_submit(assignment=assignment, response="再次", actor=people["first"])
    assert error.value.code == "inspection_not_open"

    with pytest.raises(ValidationError) as error:
        inspection_response_return(assignment=assignment, actor=people["issuer"], comment=" ")
    assert error.value.error_dict["comment"][0].code == "required"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED

    returned = inspection_response_return(
        assignment=assignment, actor=people["issuer"], comment="缺少签到表"
    )
    assert returned.status == AssignmentStatus.RETURNED
    assert Message.objects.filter(recipient=people["first"], title__contains="退回").exists()

    inspection_response_submit(assignment=assignment, response="补充签到表", actor=people["first"])
    accepted = inspection_response_accept(assignment=assignment, actor=people["issuer"])
    assert accepted.status == AssignmentStatus.ACCEPTED
    assert accepted.reviewed_by == people["issuer"]
    with pytest.raises(ValidationError) as error:
        inspection_response_accept(assignment=assignment, actor=people["issuer"])
    assert error.value.code == "inspection_not_submitted"


def test_wrong_side_is_refused(tree, people):
    task = issued_task(tree)
    first = _assignment(task, tree["first"])
    # The issuer side does not answer for the branch; another branch cannot answer at all.
    for actor in (people["issuer"], people["second"], people["third"]):
        with pytest.raises(PermissionDenied):
            inspection_response_submit(assignment=first, response="反馈", actor=actor)
    first.refresh_from_db()
    assert first.status == AssignmentStatus.PENDING
    inspection_response_submit(assignment=first, response="反馈", actor=people["first"])
    # The branch cannot review its own response.
    with pytest.raises(PermissionDenied):
        inspection_response_accept(assignment=first, actor=people["first"])
    with pytest.raises(PermissionDenied):
        inspection_response_return(assignment=first, actor=people["first"], comment="不行")
    first.refresh_from_db()
    assert first.status == AssignmentStatus.SUBMITTED


def test_overdue_flag_at_the_deadline_boundary(tree, people):
    task = issued_task(tree)
    first = _assignment(task, tree["first"])
    inspection_response_submit(assignment=first, response="反馈", actor=None)
    inspection_response_accept(assignment=first, actor=None)

    def overdue_names(today):
        return set(
            inspection_assignment_list(
                user=people["issuer"], overdue=True, today=today
            ).values_list("organisation__name", flat=True)
        )

    assert overdue_names(DEADLINE) == set()
    assert overdue_names(DEADLINE + datetime.timedelta(days=1)) == {"二支部"}
    flags = {
        a.organisation.name: a.is_overdue
        for a in inspection_assignment_list(
            user=people["issuer"], today=DEADLINE + datetime.timedelta(days=1)
        )
    }
    assert flags == {"一支部": False, "二支部": True}


def test_task_counts_and_scope(tree, people, django_assert_max_num_queries):
    task = issued_task(tree)
    inspection_response_submit(
        assignment=_assignment(task, tree["first"]), response="反馈", actor=None
    )
    issued_task(tree, targets=("second",))
    late = DEADLINE + datetime.timedelta(days=1)
    user_scope_paths(user=people["issuer"])  # read once per request and cached on the account
    with django_assert_max_num_queries(1):
        rows = list(inspection_task_list(user=people["issuer"], today=late))
    counts = {
        (r.target_count, r.pending_count, r.submitted_count, r.accepted_count, r.overdue_count)
        for r in rows
    }
    assert counts == {(2, 1, 1, 0, 2), (1, 1, 0, 0, 1)}
    assert list(inspection_task_list(user=people["first"])) == []
    first_sees = inspection_assignment_list(user=people["first"])
    assert set(first_sees.values_list("organisation__name", flat=True)) == {"一支部"}
    assert not inspection_assignment_list(user=people["third"]).exists()
